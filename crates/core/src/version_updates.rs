//! Relabelling a version and sorting it into a rehearsal session (SPEC §5b, §8).

use serde::{Deserialize, Serialize};

use crate::case::{Done, Route, UseCase, Who};
use crate::error::{Error, Result};
use crate::events::Change;
use crate::hub::{Caller, Hub};
use crate::ids::{SessionId, VersionId};
use crate::input::{Role, VersionLabel};
use crate::model::{ActivityKind, Version};
use crate::rehearsals::session_of_band;
use crate::songs::songs_changed;
use crate::store::NewActivity;
use crate::versions::counted;

/// Changes a version's label or its rehearsal session: its uploader (while a member), or
/// an admin. Absent fields stay; `session_id: null` takes it out of its session.
#[derive(Debug, Clone, Serialize, Deserialize)]
#[cfg_attr(feature = "ts", derive(ts_rs::TS), ts(optional_fields = nullable))]
#[cfg_attr(feature = "openapi", derive(utoipa::ToSchema))]
pub struct UpdateVersion {
    /// The version.
    pub version_id: VersionId,
    /// Its new label.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub label: Option<VersionLabel>,
    /// The session of its band it was played in; `null` for none.
    #[serde(
        default,
        deserialize_with = "crate::song_updates::nullable",
        skip_serializing_if = "Option::is_none"
    )]
    #[cfg_attr(feature = "ts", ts(type = "number | null"))]
    #[cfg_attr(feature = "openapi", schema(value_type = Option<SessionId>))]
    pub session_id: Option<Option<SessionId>>,
}

impl UpdateVersion {
    /// An edit of `version` that changes nothing yet.
    pub fn of(version_id: VersionId) -> Self {
        UpdateVersion {
            version_id,
            label: None,
            session_id: None,
        }
    }
}

impl UseCase for UpdateVersion {
    const NAME: &'static str = "update_version";
    const ROUTE: Route = Route::patch("/versions/{version_id}");
    const WHO: Who = Who::UploaderOrAdmin;
    const ANNOUNCES: &'static [&'static str] = &["songs", "sessions", "activity"];
    type Output = Version;

    async fn run(self, hub: &Hub, caller: &Caller) -> Result<Done<Version>> {
        let version = self.version_id;
        let mut tx = hub.store.write().await?;
        let (me, v, role) = hub.version_for(&mut *tx, caller, version).await?;
        if role != Role::Admin && v.version.uploaded_by.id != me.id {
            return Err(Error::Forbidden(
                "Only its uploader or an admin can change a version.".into(),
            ));
        }
        let band = v.band_id;
        let mut log = Vec::new();
        if let Some(label) = &self.label
            && v.version.label != label.as_str()
        {
            tx.relabel_version(version, label.as_str()).await?;
            log.push((
                ActivityKind::VersionRelabeled,
                format!("{} → {}", v.version.label, label.as_str()),
            ));
        }
        if let Some(to) = self.session_id
            && to != v.version.session_id
        {
            let unsorted = || "unsorted".to_owned();
            let to_day = match to {
                // Only a session of the version's own band.
                Some(s) => session_of_band(&mut *tx, s, band).await?.date.as_str(),
                None => unsorted(),
            };
            let from_day = match v.version.session_id {
                Some(s) => tx
                    .rehearsal(s)
                    .await?
                    .map_or_else(unsorted, |r| r.date.as_str()),
                None => unsorted(),
            };
            tx.move_version(version, to).await?;
            log.push((
                ActivityKind::VersionMoved,
                format!("{}: {from_day} → {to_day}", v.version.label),
            ));
        }
        if log.is_empty() {
            return Ok(Done::read(counted(&mut *tx, version).await?));
        }
        let moved = log.iter().any(|(k, _)| *k == ActivityKind::VersionMoved);
        for (kind, detail) in log {
            tx.insert_activity(&NewActivity {
                subject_id: Some(version.0),
                detail,
                ..hub.entry(band, me.id, kind)
            })
            .await?;
        }
        let updated = counted(&mut *tx, version).await?;
        tx.commit().await?;
        let mut changes = songs_changed(band);
        if moved {
            changes.add(Change::Sessions { band_id: band });
        }
        Ok(Done::changed(updated, changes))
    }
}
