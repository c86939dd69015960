//! [`Api`]: the use cases as one object, so a caller does not care whether they run
//! in-process ([`Hub`], the desktop's "This computer") or on a server (the HTTP client of
//! `crates/client`, the desktop's "A server"). The conformance suite runs through this
//! trait on both.
//!
//! Every declared use case goes through [`Api::exec`] (typed: [`ApiExt::run`]); the two
//! that move a file rather than JSON are methods of their own.

use std::sync::Arc;

use async_trait::async_trait;

use crate::blobs::Upload;
use crate::case::{Case, Erased, UseCase};
use crate::error::{Error, Result};
use crate::hub::{Caller, Hub};
use crate::ids::{SongId, VersionId};
use crate::input::VersionLabel;
use crate::model::Version;
use crate::versions::{AudioStream, TakeMeta};

/// A progress callback for long transfers, given fractions from 0 to 1.
pub type Progress = Arc<dyn Fn(f32) + Send + Sync>;

/// Where the use cases run.
#[async_trait]
pub trait Api: Send + Sync + std::fmt::Debug {
    /// Runs a declared use case for `caller`; [`ApiExt::run`] is the typed way to call it.
    async fn exec(&self, caller: &Caller, case: Box<dyn Case>) -> Result<Erased>;

    /// [`Hub::add_take`] (the progress is optional here).
    async fn add_take(
        &self,
        caller: &Caller,
        song: SongId,
        upload: Upload,
        take: TakeMeta,
        file_name: Option<&str>,
        progress: Option<Progress>,
    ) -> Result<Version>;

    /// [`Api::add_take`] with a label alone.
    async fn add_version(
        &self,
        caller: &Caller,
        song: SongId,
        upload: Upload,
        label: Option<VersionLabel>,
        file_name: Option<&str>,
        progress: Option<Progress>,
    ) -> Result<Version> {
        let take = TakeMeta {
            label,
            ..TakeMeta::default()
        };
        self.add_take(caller, song, upload, take, file_name, progress)
            .await
    }

    /// [`Hub::open_version_audio`]; a remote implementation first downloads the audio to a
    /// local file (reporting `progress`) and checks it against its SHA-256.
    async fn open_version_audio(
        &self,
        caller: &Caller,
        version: VersionId,
        progress: Option<Progress>,
    ) -> Result<AudioStream>;
}

/// Typed calls on any [`Api`]: `api.run(&caller, CreateSong { band_id, title })`.
pub trait ApiExt {
    /// Runs `case` for `caller` and returns its output.
    fn run<U: UseCase>(
        &self,
        caller: &Caller,
        case: U,
    ) -> impl std::future::Future<Output = Result<U::Output>> + Send;
}

impl<A: Api + ?Sized> ApiExt for A {
    async fn run<U: UseCase>(&self, caller: &Caller, case: U) -> Result<U::Output> {
        let output = self.exec(caller, Box::new(case)).await?;
        output
            .downcast::<U::Output>()
            .map(|o| *o)
            .map_err(|_| Error::internal(format!("{} answered with another type", U::NAME)))
    }
}

#[async_trait]
impl Api for Hub {
    async fn exec(&self, caller: &Caller, case: Box<dyn Case>) -> Result<Erased> {
        case.run_on(self, caller).await
    }

    async fn add_take(
        &self,
        caller: &Caller,
        song: SongId,
        upload: Upload,
        take: TakeMeta,
        file_name: Option<&str>,
        progress: Option<Progress>,
    ) -> Result<Version> {
        let progress = progress.unwrap_or_else(|| Arc::new(|_| {}));
        Hub::add_take(self, caller, song, upload, take, file_name, progress).await
    }

    async fn open_version_audio(
        &self,
        caller: &Caller,
        version: VersionId,
        progress: Option<Progress>,
    ) -> Result<AudioStream> {
        let stream = Hub::open_version_audio(self, caller, version).await?;
        // The blob is already on this disk: nothing to transfer.
        if let Some(progress) = progress {
            progress(1.0);
        }
        Ok(stream)
    }
}
