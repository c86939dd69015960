//! What the player reports and what its callers give it: the loaded [`Track`], the
//! [`PlayerState`] pushed to the UI, which part of the library must stop ([`Loaded`]), and
//! the parsing of a volume and a position typed in the webview.

use std::time::Duration;

use rehearsalhub_core::{BandId, SongId, VersionId};
use serde::Serialize;

/// Which version is loaded, and where it belongs (so leaving a band can stop it).
#[cfg_attr(feature = "ts", derive(ts_rs::TS))]
#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize)]
pub struct Track {
    /// The version.
    pub version_id: VersionId,
    /// Its song.
    pub song_id: SongId,
    /// Its band.
    pub band_id: BandId,
}

/// Whether sound is coming out.
#[cfg_attr(feature = "ts", derive(ts_rs::TS))]
#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize)]
#[serde(rename_all = "lowercase")]
pub enum Status {
    /// Nothing is playing (never started, stopped, finished or failed).
    Stopped,
    /// Playing.
    Playing,
    /// Paused at `position_ms`.
    Paused,
}

/// Everything the UI shows about playback.
#[cfg_attr(feature = "ts", derive(ts_rs::TS))]
#[derive(Debug, Clone, PartialEq, Serialize)]
pub struct PlayerState {
    /// The loaded version, if any; kept after stopping so "play" can start it again.
    pub track: Option<Track>,
    /// Playing, paused or stopped.
    pub status: Status,
    /// Position in the recording.
    #[cfg_attr(feature = "ts", ts(type = "number"))]
    pub position_ms: u64,
    /// Length of the recording, when known.
    #[cfg_attr(feature = "ts", ts(type = "number | null"))]
    pub duration_ms: Option<u64>,
    /// Volume, `0.0` (silent) to `1.0` (as recorded).
    pub volume: f32,
    /// Why playback stopped or could not start, in plain words.
    pub problem: Option<String>,
}

impl Default for PlayerState {
    fn default() -> Self {
        PlayerState {
            track: None,
            status: Status::Stopped,
            position_ms: 0,
            duration_ms: None,
            volume: 1.0,
            problem: None,
        }
    }
}

/// A part of the library whose loaded sound must stop (it was deleted, or left).
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Loaded {
    /// Whatever is loaded (signing out).
    Any,
    /// Any version of this band.
    Band(BandId),
    /// Any version of this song.
    Song(SongId),
    /// This version.
    Version(VersionId),
}

impl Loaded {
    pub(crate) fn matches(self, t: &Track) -> bool {
        match self {
            Loaded::Any => true,
            Loaded::Band(b) => t.band_id == b,
            Loaded::Song(s) => t.song_id == s,
            Loaded::Version(v) => t.version_id == v,
        }
    }
}

/// Checks a volume given by the user: `0.0..=1.0`; `Err` is a plain message.
pub fn parse_volume(v: f64) -> Result<f32, String> {
    if v.is_finite() && (0.0..=1.0).contains(&v) {
        // In range, so the narrowing only rounds.
        Ok(v as f32)
    } else {
        Err("Volume must be between 0 and 1.".into())
    }
}

/// Checks a seek position given by the user: milliseconds from the start, not negative.
pub fn parse_position(ms: f64) -> Result<Duration, String> {
    if ms.is_finite() && ms >= 0.0 {
        Ok(Duration::from_secs_f64(ms / 1000.0))
    } else {
        Err("The position must be a number of milliseconds from the start.".into())
    }
}

/// A listener for state changes; runs on the player thread, so it must be quick.
pub type Listener = Box<dyn Fn(&PlayerState) + Send>;

/// Milliseconds of a duration, saturating.
pub(crate) fn ms(d: Duration) -> u64 {
    u64::try_from(d.as_millis()).unwrap_or(u64::MAX)
}
