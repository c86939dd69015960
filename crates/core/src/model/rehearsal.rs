//! Rehearsal sessions (SPEC §5b): a band's day of playing, and the takes recorded on it.

use serde::{Deserialize, Serialize};

use super::{User, Version};
use crate::clock::Timestamp;
use crate::ids::{BandId, SessionId};
use crate::input::{Notes, PlaceName, SessionDate};

/// A rehearsal session, as listed.
#[cfg_attr(feature = "ts", derive(ts_rs::TS))]
#[cfg_attr(feature = "openapi", derive(utoipa::ToSchema))]
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct Rehearsal {
    /// Its id.
    pub id: SessionId,
    /// The band.
    pub band_id: BandId,
    /// The day (one session per day and band).
    pub date: SessionDate,
    /// Where, if said (parsed again when it comes from a server).
    pub place: Option<PlaceName>,
    /// Notes (empty when there are none).
    pub notes: Notes,
    /// Who created it.
    pub created_by: User,
    /// When.
    pub created_at: Timestamp,
    /// How many takes it holds.
    #[cfg_attr(feature = "ts", ts(type = "number"))]
    pub take_count: i64,
}

/// One take of a session: a version and the song it is of.
#[cfg_attr(feature = "ts", derive(ts_rs::TS))]
#[cfg_attr(feature = "openapi", derive(utoipa::ToSchema))]
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct Take {
    /// The song's title.
    pub song_title: String,
    /// The recording.
    pub version: Version,
}

/// A session with its takes in recording order: by `recorded_at` where known, else by
/// upload time (SPEC §5b).
#[cfg_attr(feature = "ts", derive(ts_rs::TS))]
#[cfg_attr(feature = "openapi", derive(utoipa::ToSchema))]
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct RehearsalTakes {
    /// The session.
    pub session: Rehearsal,
    /// Its takes, first played first.
    pub takes: Vec<Take>,
}
