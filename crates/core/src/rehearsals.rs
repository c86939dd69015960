//! Rehearsal sessions (SPEC §5b): create, list, open, edit and delete a band's days of
//! playing. Sorting a take into one is [`crate::version_updates::UpdateVersion`].

use serde::{Deserialize, Serialize};

use crate::case::{Done, Route, UseCase, Who};
use crate::error::{Error, Result};
use crate::events::{Change, Changes, QueryTag};
use crate::hub::{Caller, Hub};
use crate::ids::{BandId, SessionId};
use crate::input::{Notes, PlaceName, SessionDate};
use crate::model::{ActivityKind, Rehearsal, RehearsalTakes, Take, User};
use crate::store::{NewActivity, RehearsalFields, StoreError, Tx};

/// What a change to a band's sessions announces.
const SESSIONS: &[&str] = &["sessions", "activity"];

pub(crate) fn no_session() -> Error {
    Error::NotFound("There is no such rehearsal session.".into())
}

/// Session `id` if it is one of `band`'s, else `invalid_input` on `session_id` (a session
/// of another band is no more there than one that does not exist).
pub(crate) async fn session_of_band(
    tx: &mut dyn Tx,
    id: SessionId,
    band: BandId,
) -> Result<Rehearsal> {
    tx.rehearsal(id)
        .await?
        .filter(|s| s.band_id == band)
        .ok_or_else(|| Error::invalid("session_id", "The band has no such rehearsal session."))
}

fn day_taken(date: SessionDate) -> Error {
    Error::Conflict(format!(
        "This band already has a rehearsal session on {}.",
        date.as_str()
    ))
}

/// The band's sessions changed (and its log says so).
fn sessions_changed(band: BandId) -> Changes {
    let mut c = Changes::new();
    c.add(Change::Sessions { band_id: band })
        .add(Change::Activity { band_id: band });
    c
}

impl Hub {
    /// The session and the caller, who must be a member of its band.
    pub(crate) async fn rehearsal_for(
        &self,
        tx: &mut dyn Tx,
        caller: &Caller,
        id: SessionId,
    ) -> Result<(User, Rehearsal)> {
        let me = self.signed_in(tx, caller).await?;
        let s = tx.rehearsal(id).await?.ok_or_else(no_session)?;
        self.role_in(tx, s.band_id, me.id).await?;
        Ok((me, s))
    }
}

/// The order a session's takes were played in: by the recorder's clock where the file or
/// its uploader said, else by upload time (both read as wall-clock times), then by id.
pub(crate) fn in_recording_order(takes: &mut [Take]) {
    takes.sort_by_cached_key(|t| {
        let v = &t.version;
        let at = match v.recorded_at {
            Some(r) => r.as_string(),
            None => v.created_at.to_rfc3339(),
        };
        // Both start `YYYY-MM-DDTHH:MM:SS`: compared as text, they sort as times.
        (at.chars().take(19).collect::<String>(), v.id)
    });
}

/// Creates a rehearsal session (members): a day, unique in the band, where and notes.
#[derive(Debug, Clone, Serialize, Deserialize)]
#[cfg_attr(feature = "ts", derive(ts_rs::TS), ts(optional_fields = nullable))]
#[cfg_attr(feature = "openapi", derive(utoipa::ToSchema))]
pub struct CreateRehearsal {
    /// The band.
    pub band_id: BandId,
    /// The day.
    pub date: SessionDate,
    /// Where.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub place: Option<PlaceName>,
    /// Notes.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub notes: Option<Notes>,
}

impl UseCase for CreateRehearsal {
    const NAME: &'static str = "create_rehearsal";
    const ROUTE: Route = Route::post("/bands/{band_id}/sessions").created();
    const WHO: Who = Who::Member;
    const ANNOUNCES: &'static [&'static str] = SESSIONS;
    type Output = Rehearsal;

    async fn run(self, hub: &Hub, caller: &Caller) -> Result<Done<Rehearsal>> {
        let band = self.band_id;
        let mut tx = hub.store.write().await?;
        let me = hub.signed_in(&mut *tx, caller).await?;
        hub.role_in(&mut *tx, band, me.id).await?;
        let fields = RehearsalFields {
            date: self.date,
            place: self.place,
            notes: self.notes.unwrap_or_default(),
        };
        let id = match tx.insert_rehearsal(band, &fields, me.id, hub.now()).await {
            Ok(id) => id,
            Err(StoreError::UniqueViolation) => return Err(day_taken(self.date)),
            Err(e) => return Err(e.into()),
        };
        tx.insert_activity(&NewActivity {
            subject_id: Some(id.0),
            detail: self.date.as_str(),
            ..hub.entry(band, me.id, ActivityKind::SessionCreated)
        })
        .await?;
        let created = tx.rehearsal(id).await?.ok_or_else(no_session)?;
        tx.commit().await?;
        Ok(Done::changed(created, sessions_changed(band)))
    }
}

/// The band's rehearsal sessions, newest day first (members).
#[derive(Debug, Clone, Serialize, Deserialize)]
#[cfg_attr(feature = "ts", derive(ts_rs::TS))]
#[cfg_attr(feature = "openapi", derive(utoipa::ToSchema))]
pub struct ListRehearsals {
    /// The band.
    pub band_id: BandId,
}

impl UseCase for ListRehearsals {
    const NAME: &'static str = "list_rehearsals";
    const ROUTE: Route = Route::get("/bands/{band_id}/sessions");
    const WHO: Who = Who::Member;
    const CACHED_AS: Option<QueryTag> = Some(QueryTag::Sessions);
    type Output = Vec<Rehearsal>;

    async fn run(self, hub: &Hub, caller: &Caller) -> Result<Done<Vec<Rehearsal>>> {
        let mut tx = hub.store.read().await?;
        let me = hub.signed_in(&mut *tx, caller).await?;
        hub.role_in(&mut *tx, self.band_id, me.id).await?;
        Ok(Done::read(tx.rehearsals(self.band_id).await?))
    }
}

/// A rehearsal session with its takes in recording order (members).
#[derive(Debug, Clone, Serialize, Deserialize)]
#[cfg_attr(feature = "ts", derive(ts_rs::TS))]
#[cfg_attr(feature = "openapi", derive(utoipa::ToSchema))]
pub struct GetRehearsal {
    /// The session.
    pub session_id: SessionId,
}

impl UseCase for GetRehearsal {
    const NAME: &'static str = "get_rehearsal";
    const ROUTE: Route = Route::get("/sessions/{session_id}");
    const WHO: Who = Who::Member;
    const CACHED_AS: Option<QueryTag> = Some(QueryTag::Sessions);
    type Output = RehearsalTakes;

    async fn run(self, hub: &Hub, caller: &Caller) -> Result<Done<RehearsalTakes>> {
        let mut tx = hub.store.read().await?;
        let (_, session) = hub.rehearsal_for(&mut *tx, caller, self.session_id).await?;
        let mut takes = tx.rehearsal_takes(session.id).await?;
        in_recording_order(&mut takes);
        Ok(Done::read(RehearsalTakes { session, takes }))
    }

    fn check_answer(&self, output: &RehearsalTakes) -> std::result::Result<(), String> {
        if output.session.id != self.session_id {
            return Err("a different session".into());
        }
        if let Some(t) = output
            .takes
            .iter()
            .find(|t| t.version.session_id != Some(self.session_id))
        {
            return Err(format!("take {} of another session", t.version.id));
        }
        Ok(())
    }
}

/// Edits a rehearsal session (members): its day (still unique in the band), place or
/// notes. Absent fields stay; `null` clears the place or the notes.
#[derive(Debug, Clone, Serialize, Deserialize)]
#[cfg_attr(feature = "ts", derive(ts_rs::TS), ts(optional_fields = nullable))]
#[cfg_attr(feature = "openapi", derive(utoipa::ToSchema))]
pub struct UpdateRehearsal {
    /// The session.
    pub session_id: SessionId,
    /// A new day.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub date: Option<SessionDate>,
    /// Where; `null` clears it.
    #[serde(
        default,
        deserialize_with = "crate::song_updates::nullable",
        skip_serializing_if = "Option::is_none"
    )]
    #[cfg_attr(feature = "ts", ts(type = "string | null"))]
    #[cfg_attr(feature = "openapi", schema(value_type = Option<PlaceName>))]
    pub place: Option<Option<PlaceName>>,
    /// Notes; `null` or empty clears them.
    #[serde(
        default,
        deserialize_with = "crate::song_updates::nullable",
        skip_serializing_if = "Option::is_none"
    )]
    #[cfg_attr(feature = "ts", ts(type = "string | null"))]
    #[cfg_attr(feature = "openapi", schema(value_type = Option<Notes>))]
    pub notes: Option<Option<Notes>>,
}

impl UseCase for UpdateRehearsal {
    const NAME: &'static str = "update_rehearsal";
    const ROUTE: Route = Route::patch("/sessions/{session_id}");
    const WHO: Who = Who::Member;
    const ANNOUNCES: &'static [&'static str] = SESSIONS;
    type Output = Rehearsal;

    async fn run(self, hub: &Hub, caller: &Caller) -> Result<Done<Rehearsal>> {
        let mut tx = hub.store.write().await?;
        let (me, old) = hub.rehearsal_for(&mut *tx, caller, self.session_id).await?;
        let band = old.band_id;
        // Read again under the band's lock: the columns are written whole.
        tx.lock_band(band).await?;
        let old = tx.rehearsal(old.id).await?.ok_or_else(no_session)?;
        let new = RehearsalFields {
            date: self.date.unwrap_or(old.date),
            place: match &self.place {
                Some(p) => p.clone(),
                None => old.place.clone(),
            },
            notes: match &self.notes {
                Some(n) => n.clone().unwrap_or_default(),
                None => old.notes.clone(),
            },
        };
        let mut said = Vec::new();
        if new.date != old.date {
            said.push(format!(
                "date: {} → {}",
                old.date.as_str(),
                new.date.as_str()
            ));
        }
        if new.place != old.place {
            let p = |p: &Option<PlaceName>| p.as_ref().map_or("–", PlaceName::as_str).to_owned();
            said.push(format!("place: {} → {}", p(&old.place), p(&new.place)));
        }
        if new.notes != old.notes {
            said.push("notes edited".into());
        }
        if said.is_empty() {
            return Ok(Done::read(old));
        }
        match tx.update_rehearsal(old.id, &new).await {
            Ok(()) => {}
            Err(StoreError::UniqueViolation) => return Err(day_taken(new.date)),
            Err(e) => return Err(e.into()),
        }
        tx.insert_activity(&NewActivity {
            subject_id: Some(old.id.0),
            detail: format!("{}: {}", old.date.as_str(), said.join("; ")),
            ..hub.entry(band, me.id, ActivityKind::SessionEdited)
        })
        .await?;
        let updated = tx.rehearsal(old.id).await?.ok_or_else(no_session)?;
        tx.commit().await?;
        Ok(Done::changed(updated, sessions_changed(band)))
    }
}

/// Deletes a rehearsal session (members); its takes stay, sorted into no session.
#[derive(Debug, Clone, Serialize, Deserialize)]
#[cfg_attr(feature = "ts", derive(ts_rs::TS))]
#[cfg_attr(feature = "openapi", derive(utoipa::ToSchema))]
pub struct DeleteRehearsal {
    /// The session.
    pub session_id: SessionId,
}

impl UseCase for DeleteRehearsal {
    const NAME: &'static str = "delete_rehearsal";
    const ROUTE: Route = Route::delete("/sessions/{session_id}");
    const WHO: Who = Who::Member;
    const ANNOUNCES: &'static [&'static str] = &["sessions", "songs", "activity"];
    type Output = ();

    async fn run(self, hub: &Hub, caller: &Caller) -> Result<Done<()>> {
        let mut tx = hub.store.write().await?;
        let (me, s) = hub.rehearsal_for(&mut *tx, caller, self.session_id).await?;
        tx.delete_rehearsal(s.id).await?;
        tx.insert_activity(&NewActivity {
            subject_id: Some(s.id.0),
            detail: s.date.as_str(),
            ..hub.entry(s.band_id, me.id, ActivityKind::SessionDeleted)
        })
        .await?;
        tx.commit().await?;
        let mut changes = sessions_changed(s.band_id);
        // Its takes are unsorted now: the song list shows where each take belongs.
        changes.add(Change::Songs { band_id: s.band_id });
        Ok(Done::changed((), changes))
    }
}
