//! Bands: create, list, view, rename, and the activity log (SPEC §6). Memberships are in
//! [`crate::members`].

use serde::{Deserialize, Serialize};

use crate::case::{Done, Route, UseCase, Who};
use crate::error::{Error, Result};
use crate::events::{Change, Changes, QueryTag};
use crate::hub::{Caller, Hub};
use crate::ids::BandId;
use crate::input::{BandName, Role};
use crate::model::{ActivityEntry, ActivityKind, Band, BandRecord};
use crate::store::{NewActivity, StoreError, Tx};

/// How many entries one read of the activity log returns.
pub const ACTIVITY_LIMIT: i64 = 200;

/// A URL-friendly form of a band name: lower-case ASCII letters and digits joined by `-`.
pub fn slugify(name: &str) -> String {
    let mut slug = String::new();
    for c in name.chars().flat_map(char::to_lowercase) {
        if c.is_ascii_alphanumeric() {
            slug.push(c);
        } else if !slug.is_empty() && !slug.ends_with('-') {
            slug.push('-');
        }
        if slug.len() >= 48 {
            break;
        }
    }
    let slug = slug.trim_end_matches('-');
    if slug.is_empty() {
        "band".to_owned()
    } else {
        slug.to_owned()
    }
}

fn no_band() -> Error {
    Error::NotFound("There is no such band.".into())
}

/// A band as its member sees it.
fn as_seen(b: BandRecord, my_role: Role) -> Band {
    Band {
        id: b.id,
        name: b.name,
        slug: b.slug,
        created_at: b.created_at,
        my_role,
    }
}

async fn free_slug(tx: &mut dyn Tx, base: &str) -> Result<String> {
    if !tx.slug_taken(base).await? {
        return Ok(base.to_owned());
    }
    for n in 2..10 {
        let candidate = format!("{base}-{n}");
        if !tx.slug_taken(&candidate).await? {
            return Ok(candidate);
        }
    }
    let mut r = [0u8; 4];
    getrandom::fill(&mut r).map_err(Error::internal)?;
    Ok(format!("{base}-{}", crate::secret::hex(&r)))
}

/// Creates a band; its creator becomes its admin.
#[derive(Debug, Clone, Serialize, Deserialize)]
#[cfg_attr(feature = "ts", derive(ts_rs::TS), ts(optional_fields = nullable))]
#[cfg_attr(feature = "openapi", derive(utoipa::ToSchema))]
pub struct CreateBand {
    /// The band's name.
    pub name: BandName,
}

impl UseCase for CreateBand {
    const NAME: &'static str = "create_band";
    const ROUTE: Route = Route::post("/bands").created();
    const WHO: Who = Who::User;
    const ANNOUNCES: &'static [&'static str] = &["band", "my_bands", "members", "activity"];
    type Output = Band;

    async fn run(self, hub: &Hub, caller: &Caller) -> Result<Done<Band>> {
        let mut tx = hub.store.write().await?;
        let me = hub.signed_in(&mut *tx, caller).await?;
        let slug = free_slug(&mut *tx, &slugify(self.name.as_str())).await?;
        let now = hub.now();
        let band = match tx.insert_band(self.name.as_str(), &slug, me.id, now).await {
            Ok(b) => b,
            // Only possible when another server created the same slug a moment ago.
            Err(StoreError::UniqueViolation) => {
                return Err(Error::Conflict(
                    "Another band with this name was just created. Please try again.".into(),
                ));
            }
            Err(e) => return Err(e.into()),
        };
        tx.insert_member(band.id, me.id, Role::Admin, now).await?;
        tx.insert_activity(&NewActivity {
            subject_user_id: Some(me.id),
            detail: Role::Admin.as_str().into(),
            ..hub.entry(band.id, me.id, ActivityKind::MemberJoined)
        })
        .await?;
        tx.commit().await?;
        let mut changes = Changes::new();
        changes
            .add(Change::Band { band_id: band.id })
            .membership(band.id, me.id);
        Ok(Done::changed(as_seen(band, Role::Admin), changes))
    }
}

/// The caller's bands, by name.
#[derive(Debug, Clone, Default, Serialize, Deserialize)]
#[cfg_attr(feature = "ts", derive(ts_rs::TS))]
#[cfg_attr(feature = "openapi", derive(utoipa::ToSchema))]
pub struct ListMyBands {}

impl UseCase for ListMyBands {
    const NAME: &'static str = "list_my_bands";
    const ROUTE: Route = Route::get("/bands");
    const WHO: Who = Who::User;
    const CACHED_AS: Option<QueryTag> = Some(QueryTag::Bands);
    type Output = Vec<Band>;

    async fn run(self, hub: &Hub, caller: &Caller) -> Result<Done<Vec<Band>>> {
        let mut tx = hub.store.read().await?;
        let me = hub.signed_in(&mut *tx, caller).await?;
        Ok(Done::read(tx.bands_of(me.id).await?))
    }
}

/// One band, for its members.
#[derive(Debug, Clone, Serialize, Deserialize)]
#[cfg_attr(feature = "ts", derive(ts_rs::TS))]
#[cfg_attr(feature = "openapi", derive(utoipa::ToSchema))]
pub struct ViewBand {
    /// The band.
    pub band_id: BandId,
}

impl UseCase for ViewBand {
    const NAME: &'static str = "view_band";
    const ROUTE: Route = Route::get("/bands/{band_id}");
    const WHO: Who = Who::Member;
    const CACHED_AS: Option<QueryTag> = Some(QueryTag::Band);
    type Output = Band;

    async fn run(self, hub: &Hub, caller: &Caller) -> Result<Done<Band>> {
        let mut tx = hub.store.read().await?;
        let me = hub.signed_in(&mut *tx, caller).await?;
        let my_role = hub.role_in(&mut *tx, self.band_id, me.id).await?;
        let band = tx.band(self.band_id).await?.ok_or_else(no_band)?;
        Ok(Done::read(as_seen(band, my_role)))
    }
}

/// Renames the band (admins); its slug stays. The members see the new name at once.
#[derive(Debug, Clone, Serialize, Deserialize)]
#[cfg_attr(feature = "ts", derive(ts_rs::TS))]
#[cfg_attr(feature = "openapi", derive(utoipa::ToSchema))]
pub struct RenameBand {
    /// The band.
    pub band_id: BandId,
    /// Its new name.
    pub name: BandName,
}

impl UseCase for RenameBand {
    const NAME: &'static str = "rename_band";
    const ROUTE: Route = Route::patch("/bands/{band_id}");
    const WHO: Who = Who::Admin;
    const ANNOUNCES: &'static [&'static str] = &["band", "activity"];
    type Output = Band;

    async fn run(self, hub: &Hub, caller: &Caller) -> Result<Done<Band>> {
        let band = self.band_id;
        let mut tx = hub.store.write().await?;
        let me = hub.signed_in(&mut *tx, caller).await?;
        hub.require_admin(&mut *tx, band, me.id).await?;
        let old = tx.band(band).await?.ok_or_else(no_band)?;
        if old.name == self.name.as_str() {
            return Ok(Done::read(as_seen(old, Role::Admin)));
        }
        tx.rename_band(band, self.name.as_str()).await?;
        tx.insert_activity(&NewActivity {
            subject_id: Some(band.0),
            detail: format!("{} → {}", old.name, self.name.as_str()),
            ..hub.entry(band, me.id, ActivityKind::BandRenamed)
        })
        .await?;
        tx.commit().await?;
        let mut changes = Changes::new();
        changes
            .add(Change::Band { band_id: band })
            .add(Change::Activity { band_id: band });
        let renamed = BandRecord {
            name: self.name.as_str().to_owned(),
            ..old
        };
        Ok(Done::changed(as_seen(renamed, Role::Admin), changes))
    }
}

/// The band's activity log, newest first (admins).
#[derive(Debug, Clone, Serialize, Deserialize)]
#[cfg_attr(feature = "ts", derive(ts_rs::TS))]
#[cfg_attr(feature = "openapi", derive(utoipa::ToSchema))]
pub struct ListActivity {
    /// The band.
    pub band_id: BandId,
}

impl UseCase for ListActivity {
    const NAME: &'static str = "list_activity";
    const ROUTE: Route = Route::get("/bands/{band_id}/activity");
    const WHO: Who = Who::Admin;
    const CACHED_AS: Option<QueryTag> = Some(QueryTag::Activity);
    type Output = Vec<ActivityEntry>;

    async fn run(self, hub: &Hub, caller: &Caller) -> Result<Done<Vec<ActivityEntry>>> {
        let mut tx = hub.store.read().await?;
        let me = hub.signed_in(&mut *tx, caller).await?;
        hub.require_admin(&mut *tx, self.band_id, me.id).await?;
        Ok(Done::read(tx.activity(self.band_id, ACTIVITY_LIMIT).await?))
    }
}

#[cfg(test)]
mod tests {
    use super::slugify;

    #[test]
    fn slugs() {
        assert_eq!(slugify("The Rolling Stones!"), "the-rolling-stones");
        assert_eq!(slugify("  ¡¡¡  "), "band");
        assert_eq!(slugify("Motörhead"), "mot-rhead");
        assert!(slugify(&"a".repeat(100)).len() <= 48);
    }
}
