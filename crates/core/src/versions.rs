//! Versions (recordings) of a song: add one, read it, its waveform and its audio, and
//! delete it (relabelling and moving one is [`crate::version_updates`]).
//!
//! Adding a version: the caller's membership is checked before a byte is read; the upload
//! is staged, probed and moved into the blob folder before the row is written (see
//! [`crate::blobs`]), so a row never names a missing blob. Adding one and opening its
//! audio stay methods of [`Hub`] rather than declared use cases: a file and its progress
//! travel, not JSON (see the README).

use std::fs::File;
use std::sync::Arc;

use serde::{Deserialize, Serialize};

use crate::blobs::Upload;
use crate::case::{Done, Route, UseCase, Who};
use crate::clock::Timestamp;
use crate::error::{Error, Result};
use crate::hub::{Caller, Hub};
use crate::ids::{BandId, SessionId, SongId, VersionId};
use crate::input::{Role, VersionLabel};
use crate::model::{ActivityKind, AudioFormat, User, Version, VersionRecord, Waveform};
use crate::probe::AudioInfo;
use crate::recorded::{self, RecordedAt};
use crate::songs::{SONGS, songs_changed};
use crate::store::{NewActivity, NewVersion, Tx};

/// A version's audio, opened for reading; `file` supports seeking to any byte offset.
#[derive(Debug)]
pub struct AudioStream {
    /// The open blob.
    pub file: File,
    /// Its container format.
    pub format: AudioFormat,
    /// Its size in bytes.
    pub size_bytes: u64,
    /// Its SHA-256 (hex): a strong `ETag`, and what a download is verified against.
    pub sha256: String,
    /// The version it is the audio of.
    pub version: Version,
    /// The band the version belongs to.
    pub band_id: BandId,
}

/// What an uploader says of a take beside its bytes (all optional).
#[derive(Debug, Clone, Default)]
pub struct TakeMeta {
    /// Its label (the file name when absent).
    pub label: Option<VersionLabel>,
    /// The rehearsal session of the song's band it was played in.
    pub session_id: Option<SessionId>,
    /// When it was recorded, if the file does not say.
    pub recorded_at: Option<RecordedAt>,
}

pub(crate) fn no_version() -> Error {
    Error::NotFound("There is no such version.".into())
}

impl Hub {
    /// The version, the caller, and the caller's role in its band.
    pub(crate) async fn version_for(
        &self,
        tx: &mut dyn Tx,
        caller: &Caller,
        version: VersionId,
    ) -> Result<(User, VersionRecord, Role)> {
        let me = self.signed_in(tx, caller).await?;
        let v = tx.version(version).await?.ok_or_else(no_version)?;
        let role = self.role_in(tx, v.band_id, me.id).await?;
        Ok((me, v, role))
    }

    /// Whether `caller` may add a version to `song` (members of its band): `Ok`, or the
    /// error adding one would fail with. A server asks this before it reads an upload's
    /// body, so an anonymous or non-member upload costs it no disk and no time.
    pub async fn may_add_version(&self, caller: &Caller, song: SongId) -> Result<()> {
        let mut tx = self.store.read().await?;
        self.song_for(&mut *tx, caller, song).await.map(drop)
    }

    /// [`Hub::may_add_version`], and whether what the uploader says of the take can be: a
    /// session of the song's band, a plausible recording time.
    pub async fn may_add_take(&self, caller: &Caller, song: SongId, take: &TakeMeta) -> Result<()> {
        let mut tx = self.store.read().await?;
        let (_, s, _) = self.song_for(&mut *tx, caller, song).await?;
        if let Some(id) = take.session_id {
            crate::rehearsals::session_of_band(&mut *tx, id, s.band_id).await?;
        }
        if let Some(at) = take.recorded_at
            && !at.plausible(self.now())
        {
            return Err(Error::invalid(
                "recorded_at",
                "That recording date cannot be right (before 2001 or in the future).",
            ));
        }
        Ok(())
    }

    /// Adds a recording to a song (members). The label defaults to the file name. The bytes
    /// must be WAV, MP3, FLAC or Ogg Vorbis by content; anything else is `invalid_input`
    /// on `file` and nothing is stored.
    pub async fn add_version(
        &self,
        caller: &Caller,
        song: SongId,
        upload: Upload,
        label: Option<VersionLabel>,
        file_name: Option<&str>,
    ) -> Result<Version> {
        self.add_version_reporting(caller, song, upload, label, file_name, Arc::new(|_| {}))
            .await
    }

    /// [`Hub::add_version`], telling `progress` how far it got (`0.0..=1.0`): the first
    /// half is copying the file in, the second checking (decoding) it.
    pub async fn add_version_reporting(
        &self,
        caller: &Caller,
        song: SongId,
        upload: Upload,
        label: Option<VersionLabel>,
        file_name: Option<&str>,
        progress: Arc<dyn Fn(f32) + Send + Sync>,
    ) -> Result<Version> {
        let take = TakeMeta {
            label,
            ..TakeMeta::default()
        };
        self.add_take(caller, song, upload, take, file_name, progress)
            .await
    }

    /// Adds a recording to a song (members) with what its uploader says of it: a label, the
    /// rehearsal session of the band it was played in, and when it was recorded (used
    /// only where the file does not say so itself). Reports `progress` as
    /// [`Hub::add_version_reporting`] does.
    pub async fn add_take(
        &self,
        caller: &Caller,
        song: SongId,
        upload: Upload,
        take: TakeMeta,
        file_name: Option<&str>,
        progress: Arc<dyn Fn(f32) + Send + Sync>,
    ) -> Result<Version> {
        // Refuse non-members, and a session or date that cannot be, before reading a byte.
        self.may_add_take(caller, song, &take).await?;
        let TakeMeta {
            label,
            session_id,
            recorded_at: said_recorded_at,
        } = take;
        let label = match label {
            Some(l) => l,
            None => default_label(&upload, file_name, self.now())?,
        };
        let now = self.now();
        let (sha256, size, info, recorded_at) = self.store_blob(upload, progress).await?;

        let mut tx = self.store.write().await?;
        let (me, s, _) = self.song_for(&mut *tx, caller, song).await?;
        if let Some(id) = session_id {
            crate::rehearsals::session_of_band(&mut *tx, id, s.band_id).await?;
        }
        let id = tx
            .insert_version(&NewVersion {
                song_id: s.id,
                label: label.as_str().to_owned(),
                format: info.format,
                size_bytes: i64::try_from(size).map_err(Error::internal)?,
                duration_ms: info.duration_ms,
                sample_rate: info.sample_rate,
                channels: info.channels,
                peaks: info.peaks.as_ref().map(Waveform::to_bytes),
                blob_sha256: sha256,
                uploaded_by: me.id,
                created_at: now,
                recorded_at: recorded_at.or(said_recorded_at),
                session_id,
                comments_rev: random_rev()?,
            })
            .await?;
        tx.insert_activity(&NewActivity {
            subject_id: Some(id.0),
            detail: format!("{} — {}", s.title, label.as_str()),
            ..self.entry(s.band_id, me.id, ActivityKind::VersionAdded)
        })
        .await?;
        let record = tx.version(id).await?.ok_or_else(no_version)?;
        tx.commit().await?;
        self.announce(songs_changed(s.band_id));
        Ok(record.version)
    }

    /// Stages, probes and stores an upload's bytes as a blob, off the async runtime and
    /// within the probe slots: its SHA-256, size, audio facts and recording date (if the
    /// file says so plausibly). What is not audio is discarded and refused on `file`.
    async fn store_blob(
        &self,
        upload: Upload,
        progress: Arc<dyn Fn(f32) + Send + Sync>,
    ) -> Result<(String, u64, AudioInfo, Option<RecordedAt>)> {
        let blobs = self.blobs.clone();
        let probe = self.probe.clone();
        let max = self.config.max_upload_bytes;
        let slot = self
            .probes
            .clone()
            .acquire_owned()
            .await
            .map_err(Error::internal)?;
        let now = self.now();
        tokio::task::spawn_blocking(move || -> Result<_> {
            // The slot is held by the job, not by the caller: a caller that goes away (a
            // client that disconnects mid-request) cannot free it while decoding goes on.
            let _slot = slot;
            let staged = blobs.stage_reporting(&upload, max, &|f| progress(f / 2.0))?;
            match probe.probe_reporting(&staged.path, &|f| progress(0.5 + f / 2.0)) {
                Ok(info) => {
                    let recorded = recorded_in(&staged.path, &info, now);
                    let size = staged.size;
                    let sha = blobs.commit(staged).map_err(Error::internal)?;
                    Ok((sha, size, info, recorded))
                }
                Err(message) => {
                    blobs.discard(staged);
                    Err(Error::invalid("file", message))
                }
            }
        })
        .await
        .map_err(Error::internal)?
    }

    /// Opens a version's audio for reading (members of its band). The permission check runs
    /// before the file is opened.
    pub async fn open_version_audio(
        &self,
        caller: &Caller,
        version: VersionId,
    ) -> Result<AudioStream> {
        let v = {
            let mut tx = self.store.read().await?;
            self.version_for(&mut *tx, caller, version).await?.1
        };
        let file = self
            .blobs
            .open_blob(&v.blob_sha256)
            .map_err(Error::internal)?;
        Ok(AudioStream {
            file,
            format: v.version.format,
            size_bytes: u64::try_from(v.version.size_bytes).unwrap_or(0),
            sha256: v.blob_sha256,
            version: v.version,
            band_id: v.band_id,
        })
    }

    /// Removes blobs no version names any more (lazily: see [`crate::blobs`]). Failures only
    /// leave a file for the next sweep, so they are logged, not returned.
    pub(crate) async fn release_blobs(&self, shas: Vec<String>) {
        for sha in shas {
            let in_use = match self.store.read().await {
                Ok(mut tx) => tx.blob_in_use(&sha).await.unwrap_or(true),
                Err(_) => true,
            };
            if let Err(e) = self.blobs.remove_if_stale(&sha, in_use) {
                tracing::warn!(error = %e, "could not remove an unused blob");
            }
        }
    }

    /// Removes unreferenced blobs and stale temporary files (run at start-up).
    pub async fn sweep_blobs(&self) -> Result<usize> {
        let blobs = self.blobs.clone();
        let names = tokio::task::spawn_blocking(move || blobs.list_and_clean_tmp())
            .await
            .map_err(Error::internal)?
            .map_err(Error::internal)?;
        let mut removed = 0;
        for sha in names {
            let in_use = self.store.read().await?.blob_in_use(&sha).await?;
            if self
                .blobs
                .remove_if_stale(&sha, in_use)
                .map_err(Error::internal)?
            {
                removed += 1;
            }
        }
        Ok(removed)
    }
}

/// A version as the list shows it, with its comment counts.
pub(crate) async fn counted(tx: &mut dyn Tx, version: VersionId) -> Result<Version> {
    let v = tx.version_counted(version).await?.ok_or_else(no_version)?;
    Ok(v.version)
}

/// One version (members).
#[derive(Debug, Clone, Serialize, Deserialize)]
#[cfg_attr(feature = "ts", derive(ts_rs::TS))]
#[cfg_attr(feature = "openapi", derive(utoipa::ToSchema))]
pub struct GetVersion {
    /// The version.
    pub version_id: VersionId,
}

impl UseCase for GetVersion {
    const NAME: &'static str = "get_version";
    const ROUTE: Route = Route::get("/versions/{version_id}");
    const WHO: Who = Who::Member;
    type Output = Version;

    async fn run(self, hub: &Hub, caller: &Caller) -> Result<Done<Version>> {
        let mut tx = hub.store.read().await?;
        hub.version_for(&mut *tx, caller, self.version_id).await?;
        Ok(Done::read(counted(&mut *tx, self.version_id).await?))
    }
}

/// A version's waveform peaks: `null` when none were computed (members).
#[derive(Debug, Clone, Serialize, Deserialize)]
#[cfg_attr(feature = "ts", derive(ts_rs::TS))]
#[cfg_attr(feature = "openapi", derive(utoipa::ToSchema))]
pub struct VersionPeaks {
    /// The version.
    pub version_id: VersionId,
}

impl UseCase for VersionPeaks {
    const NAME: &'static str = "version_peaks";
    const ROUTE: Route = Route::get("/versions/{version_id}/peaks");
    const WHO: Who = Who::Member;
    type Output = Option<Waveform>;

    async fn run(self, hub: &Hub, caller: &Caller) -> Result<Done<Option<Waveform>>> {
        let mut tx = hub.store.read().await?;
        hub.version_for(&mut *tx, caller, self.version_id).await?;
        // Unreadable stored peaks are a missing overview, not a failed request.
        let peaks = tx.version_peaks(self.version_id).await?;
        Ok(Done::read(peaks.and_then(|b| Waveform::from_bytes(&b))))
    }
}

/// Deletes a version: its uploader (while a member), or an admin.
#[derive(Debug, Clone, Serialize, Deserialize)]
#[cfg_attr(feature = "ts", derive(ts_rs::TS))]
#[cfg_attr(feature = "openapi", derive(utoipa::ToSchema))]
pub struct DeleteVersion {
    /// The version.
    pub version_id: VersionId,
}

impl UseCase for DeleteVersion {
    const NAME: &'static str = "delete_version";
    const ROUTE: Route = Route::delete("/versions/{version_id}");
    const WHO: Who = Who::UploaderOrAdmin;
    const ANNOUNCES: &'static [&'static str] = SONGS;
    type Output = ();

    async fn run(self, hub: &Hub, caller: &Caller) -> Result<Done<()>> {
        let version = self.version_id;
        let mut tx = hub.store.write().await?;
        let (me, v, role) = hub.version_for(&mut *tx, caller, version).await?;
        if role != Role::Admin && v.version.uploaded_by.id != me.id {
            return Err(Error::Forbidden(
                "Only its uploader or an admin can delete a version.".into(),
            ));
        }
        tx.delete_version(version).await?;
        tx.insert_activity(&NewActivity {
            subject_id: Some(version.0),
            detail: v.version.label.clone(),
            ..hub.entry(v.band_id, me.id, ActivityKind::VersionDeleted)
        })
        .await?;
        tx.commit().await?;
        hub.release_blobs(vec![v.blob_sha256]).await;
        Ok(Done::changed((), songs_changed(v.band_id)))
    }
}

/// A random start for a new version's comment revision (see [`NewVersion::comments_rev`]),
/// leaving room to count up.
fn random_rev() -> Result<i64> {
    let mut bytes = [0u8; 8];
    getrandom::fill(&mut bytes).map_err(Error::internal)?;
    Ok(i64::from_le_bytes(bytes) & 0x3FFF_FFFF_FFFF_FFFF)
}

fn default_label(
    upload: &Upload,
    file_name: Option<&str>,
    now: crate::clock::Timestamp,
) -> Result<VersionLabel> {
    let from_path = match upload {
        Upload::File(p) => p.file_name().and_then(|n| n.to_str()).map(str::to_owned),
        Upload::Bytes(_) => None,
    };
    let name = file_name.map(str::to_owned).or(from_path);
    match name.as_deref().map(VersionLabel::parse) {
        Some(Ok(label)) => Ok(label),
        Some(Err(e)) => Err(e),
        None => VersionLabel::parse(&format!("Recording of {}", now.to_rfc3339())),
    }
}

/// When the file at `path` says it was recorded, if it says so plausibly: a Broadcast WAV's
/// `bext` origination time (field recorders write it), else the date tag a decoding probe
/// read (MP3, FLAC, Ogg). A file that cannot be read again is simply not dated.
fn recorded_in(path: &std::path::Path, info: &AudioInfo, now: Timestamp) -> Option<RecordedAt> {
    let bext = || {
        let file = File::open(path).ok()?;
        recorded::bext_origination(&mut std::io::BufReader::new(file))
    };
    let from_file = match info.format {
        AudioFormat::Wav => bext(),
        _ => None,
    };
    from_file
        .or_else(|| info.tagged_date.as_deref().and_then(RecordedAt::from_tag))
        .filter(|at| at.plausible(now))
}
