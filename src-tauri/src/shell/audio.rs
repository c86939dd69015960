//! Audio on this computer: adding a recording from a file on this disk (with progress
//! events), and the native player. Playing checks the caller's right through the core
//! (`open_version_audio`) before a file is opened; the player only plays.

use std::sync::{Arc, Mutex};
use std::time::Duration;

use rehearsalhub_audio::{PlayerState, Track, parse_position, parse_volume};
use rehearsalhub_core::{
    Error, RecordedAt, SessionId, SongId, TakeMeta, Upload, Version, VersionId, VersionLabel,
};
use serde::{Deserialize, Serialize};
use tauri::Emitter;

use super::Shell;
use crate::state::AppState;

/// The event telling how far adding a version got.
pub const ADD_VERSION_PROGRESS: &str = "add-version-progress";

/// The event telling how much of a version's audio has been downloaded from the server.
pub const DOWNLOAD_PROGRESS: &str = "download-progress";

/// Payload of [`DOWNLOAD_PROGRESS`].
#[derive(Debug, Clone, Serialize, ts_rs::TS)]
pub struct DownloadProgress {
    /// The version being downloaded.
    pub version_id: VersionId,
    /// Done so far, `0.0..=1.0`.
    pub fraction: f32,
}

/// Payload of [`ADD_VERSION_PROGRESS`].
#[derive(Debug, Clone, Serialize, ts_rs::TS)]
pub struct AddVersionProgress {
    /// The `upload_id` the UI gave `add_version`.
    pub upload_id: String,
    /// Done so far, `0.0..=1.0`.
    pub fraction: f32,
}

/// Calls `emit(fraction)` at most every two percent, and always at the end: a 200 MB file
/// reports every 256 KB, and two percent steps are plenty to draw.
fn throttled(emit: impl Fn(f32) + Send + Sync + 'static) -> Arc<dyn Fn(f32) + Send + Sync> {
    let last = Mutex::new(-1.0f32);
    Arc::new(move |fraction: f32| {
        let mut last = last.lock().unwrap_or_else(|p| p.into_inner());
        if fraction - *last >= 0.02 || (fraction >= 1.0 && *last < 1.0) {
            *last = fraction;
            emit(fraction);
        }
    })
}

/// A position from the webview (a JavaScript number) for `field`.
fn position(field: &'static str, ms: f64) -> Result<Duration, Error> {
    parse_position(ms).map_err(|m| Error::invalid(field, m))
}

/// Adds a recording from a file on this computer (the file picker, a dropped file).
/// Progress goes out as `add-version-progress` events tagged with `upload_id`.
#[derive(Debug, Deserialize, ts_rs::TS)]
#[ts(optional_fields = nullable)]
pub struct AddVersionArgs {
    /// The song.
    song_id: SongId,
    /// The file's path on this computer.
    path: String,
    /// A label; the file name when empty.
    label: Option<String>,
    /// The rehearsal session of the song's band it was played in.
    session_id: Option<SessionId>,
    /// When it was recorded (`YYYY-MM-DDTHH:MM[:SS]`), if the file does not say; empty
    /// for not known.
    recorded_at: Option<String>,
    /// Names the progress events of this upload.
    upload_id: Option<String>,
}

impl Shell for AddVersionArgs {
    const NAME: &'static str = "add_version";
    type Output = Version;

    async fn run(self, s: Arc<AppState>) -> Result<Version, Error> {
        if self.path.trim().is_empty() {
            return Err(Error::invalid("path", "Choose a file to add."));
        }
        let label = match self.label.as_deref().map(str::trim) {
            None | Some("") => None,
            Some(l) => Some(VersionLabel::parse(l)?),
        };
        let app = s.app.clone();
        let progress = self.upload_id.map(|upload_id| {
            throttled(move |fraction| {
                let upload_id = upload_id.clone();
                let _ = app.emit(
                    ADD_VERSION_PROGRESS,
                    AddVersionProgress {
                        upload_id,
                        fraction,
                    },
                );
            })
        });
        let recorded_at = match self.recorded_at.as_deref().map(str::trim) {
            None | Some("") => None,
            Some(at) => Some(RecordedAt::parse_form(at)?),
        };
        let take = TakeMeta {
            label,
            session_id: self.session_id,
            recorded_at,
        };
        let upload = Upload::File(std::path::PathBuf::from(&self.path));
        let session = s.session();
        let api = session.api();
        api.add_take(
            &session.caller(),
            self.song_id,
            upload,
            take,
            None,
            progress,
        )
        .await
    }
}

/// Plays a version (members only: the core checks before the file is opened), from
/// `start_ms` or the start; whatever played before stops.
#[derive(Debug, Deserialize, ts_rs::TS)]
#[ts(optional_fields = nullable)]
pub struct PlayVersionArgs {
    /// The version.
    version_id: VersionId,
    /// Where to start, in ms; the start when absent.
    start_ms: Option<f64>,
}

impl Shell for PlayVersionArgs {
    const NAME: &'static str = "play_version";
    type Output = PlayerState;

    async fn run(self, s: Arc<AppState>) -> Result<PlayerState, Error> {
        let version_id = self.version_id;
        let start = match self.start_ms {
            Some(ms) => position("start_ms", ms)?,
            None => Duration::ZERO,
        };
        let app = s.app.clone();
        let progress = throttled(move |fraction| {
            let _ = app.emit(
                DOWNLOAD_PROGRESS,
                DownloadProgress {
                    version_id,
                    fraction,
                },
            );
        });
        let session = s.session();
        let audio = session
            .api()
            .open_version_audio(&session.caller(), version_id, Some(progress))
            .await?;
        let track = Track {
            version_id,
            song_id: audio.version.song_id,
            band_id: audio.band_id,
        };
        let duration = audio
            .version
            .duration_ms
            .and_then(|d| u64::try_from(d).ok())
            .map(Duration::from_millis);
        s.with_player(move |p| p.play(track, audio.file, duration, start))
            .await
    }
}

/// Pauses playback.
#[derive(Debug, Deserialize, ts_rs::TS)]
pub struct PausePlaybackArgs {}

impl Shell for PausePlaybackArgs {
    const NAME: &'static str = "pause_playback";
    type Output = PlayerState;

    async fn run(self, s: Arc<AppState>) -> Result<PlayerState, Error> {
        s.with_player(|p| p.pause()).await
    }
}

/// Resumes after a pause.
#[derive(Debug, Deserialize, ts_rs::TS)]
pub struct ResumePlaybackArgs {}

impl Shell for ResumePlaybackArgs {
    const NAME: &'static str = "resume_playback";
    type Output = PlayerState;

    async fn run(self, s: Arc<AppState>) -> Result<PlayerState, Error> {
        s.with_player(|p| p.resume()).await
    }
}

/// Stops playback.
#[derive(Debug, Deserialize, ts_rs::TS)]
pub struct StopPlaybackArgs {}

impl Shell for StopPlaybackArgs {
    const NAME: &'static str = "stop_playback";
    type Output = PlayerState;

    async fn run(self, s: Arc<AppState>) -> Result<PlayerState, Error> {
        s.with_player(|p| p.stop()).await
    }
}

/// Moves the playing version to `position_ms`.
#[derive(Debug, Deserialize, ts_rs::TS)]
pub struct SeekPlaybackArgs {
    /// Where to, in ms from the start.
    position_ms: f64,
}

impl Shell for SeekPlaybackArgs {
    const NAME: &'static str = "seek_playback";
    type Output = PlayerState;

    async fn run(self, s: Arc<AppState>) -> Result<PlayerState, Error> {
        let to = position("position_ms", self.position_ms)?;
        s.with_player(move |p| p.seek(to)).await
    }
}

/// Sets the volume, 0 to 1.
#[derive(Debug, Deserialize, ts_rs::TS)]
pub struct SetVolumeArgs {
    /// From 0 (silent) to 1 (as recorded).
    volume: f64,
}

impl Shell for SetVolumeArgs {
    const NAME: &'static str = "set_volume";
    type Output = PlayerState;

    async fn run(self, s: Arc<AppState>) -> Result<PlayerState, Error> {
        let v = parse_volume(self.volume).map_err(|m| Error::invalid("volume", m))?;
        s.with_player(move |p| p.set_volume(v)).await
    }
}

/// The player's state now.
#[derive(Debug, Deserialize, ts_rs::TS)]
pub struct PlayerStateArgs {}

impl Shell for PlayerStateArgs {
    const NAME: &'static str = "player_state";
    type Output = PlayerState;

    async fn run(self, s: Arc<AppState>) -> Result<PlayerState, Error> {
        s.with_player(|p| p.current()).await
    }
}
