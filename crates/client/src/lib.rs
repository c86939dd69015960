//! # rehearsalhub-client
//!
//! A typed client of `rehearsalhub-server`'s HTTP API (SPEC §8) over reqwest with rustls.
//! [`Client`] implements the core's [`Api`], so the desktop app's connected mode and the
//! conformance suite use a server exactly as they use an in-process [`rehearsalhub_core::Hub`].
//! Every declared use case is one generic call: its declaration says the method, the path
//! and where each argument goes ([`rehearsalhub_core::case::wire`]), and its answer is
//! parsed as the use case's output. Uploading and downloading audio are written by hand.
//! A server's errors come back as the same core [`Error`]s; a server that cannot be reached
//! is an `internal` error whose message says so.
//!
//! Audio is downloaded into a cache folder (`<cache>/<band id>/<sha256>`), checked against
//! its SHA-256 before it is named, and reused afterwards. The cache of a band the user is no
//! longer in is deleted whenever the list of their bands is read, and when they leave.
//!
//! It depends on the core's types only; it must not depend on the server, a store or Tauri.

mod answers;
mod cache;
pub mod events;
mod transport;

use std::path::PathBuf;
use std::sync::Arc;

use async_trait::async_trait;
use rehearsalhub_core::case::{Case, Erased, Method as Verb};
use rehearsalhub_core::{
    Api, ApiExt, AudioStream, Band, BandId, Caller, Error, GetVersion, ListMyBands, Progress,
    RemoveMember, Result, SongId, TakeMeta, Upload, Version, VersionId,
};
use reqwest::Method;

pub use transport::{server_url, travels_in_clear};

/// A client of one server. Cheap to clone.
#[derive(Debug, Clone)]
pub struct Client {
    http: reqwest::Client,
    /// The server as the user gave it, normalized (`http://host:port/`).
    server: url::Url,
    /// `<server>/api/v1/`.
    base: url::Url,
    cache: Option<Arc<cache::Cache>>,
}

impl Client {
    /// A client of the server at `server` (`http://host:port`, `https://…`, or `host:port`,
    /// which means `http://`). Fails with `invalid_input` on `server`.
    pub fn new(server: &str) -> Result<Self> {
        let server = server_url(server)?;
        let base = server
            .join("api/v1/")
            .map_err(|e| Error::invalid("server", format!("That address cannot be used: {e}")))?;
        Ok(Client {
            http: transport::http_client()?,
            server,
            base,
            cache: None,
        })
    }

    /// Downloads audio into `dir`; nothing outside it is ever written or deleted.
    pub fn with_cache_dir(mut self, dir: impl Into<PathBuf>) -> Self {
        self.cache = Some(Arc::new(cache::Cache::at(dir.into())));
        self
    }

    /// Downloads audio into `dir`, which must lie under `root` (one folder per server and
    /// user under the app's cache folder is the caller's choice); nothing outside `root` is
    /// ever written or deleted. Fails (`internal`) when `dir` is not under `root`.
    pub fn with_cache_in(
        mut self,
        root: impl Into<PathBuf>,
        dir: impl Into<PathBuf>,
    ) -> Result<Self> {
        self.cache = Some(Arc::new(cache::Cache::new(root.into(), dir.into())?));
        Ok(self)
    }

    /// The server's address, normalized.
    pub fn server(&self) -> &str {
        self.server.as_str()
    }

    /// Whether passwords and session tokens sent to this server can be read on the way
    /// (see [`travels_in_clear`]).
    pub fn travels_in_clear(&self) -> bool {
        travels_in_clear(&self.server)
    }

    /// `Ok` when the server and its database answer.
    pub async fn health(&self) -> Result<()> {
        self.empty(Method::GET, "health", &Caller::Anonymous, None::<&()>)
            .await
    }

    /// Deletes the downloaded audio of `band`.
    pub fn forget_band(&self, band: BandId) {
        if let Some(cache) = &self.cache {
            cache.forget_band(band);
        }
    }
}

#[async_trait]
impl Api for Client {
    async fn exec(&self, caller: &Caller, case: Box<dyn Case>) -> Result<Erased> {
        let call = case.call()?;
        let method = match call.method {
            Verb::Get => Method::GET,
            Verb::Post => Method::POST,
            Verb::Patch => Method::PATCH,
            Verb::Delete => Method::DELETE,
        };
        let mut request = self.call(method, call.path.trim_start_matches('/'), caller)?;
        if !call.query.is_empty() {
            request = request.query(&call.query);
        }
        if let Some(body) = &call.body {
            request = request.json(body);
        }
        let response = answers::check(request.send().await, &self.server).await?;
        let bytes = answers::read_capped(response, answers::MAX_JSON_BYTES, &self.server).await?;
        let output = case
            .answer(&bytes)
            .map_err(|e| answers::bad_answer(&self.server, e))?;
        // What the download cache follows: a band no longer listed is a band whose
        // downloads must go, and after a removal (the caller's own, when leaving) the list
        // is read again to know.
        if let Some(cache) = &self.cache {
            if let Some(bands) = output.downcast_ref::<Vec<Band>>()
                && case.as_any().is::<ListMyBands>()
            {
                let keep: Vec<BandId> = bands.iter().map(|b| b.id).collect();
                cache.keep_only(&keep);
            } else if case.as_any().is::<RemoveMember>() {
                // In the background: the removal has succeeded, and its caller (the app
                // stopping what played) should not wait on a second request.
                let (client, caller) = (self.clone(), caller.clone());
                tokio::spawn(async move { client.run(&caller, ListMyBands {}).await });
            }
        }
        Ok(output)
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
        let file = transport::upload_part(upload, file_name, progress).await?;
        // The fields before the file: the server checks them before it reads the bytes.
        let mut form = reqwest::multipart::Form::new();
        if let Some(label) = take.label {
            form = form.text("label", label.as_str().to_owned());
        }
        if let Some(session) = take.session_id {
            form = form.text("session_id", session.to_string());
        }
        if let Some(at) = take.recorded_at {
            form = form.text("recorded_at", at.as_string());
        }
        let form = form.part("file", file);
        let request = self
            .request(Method::POST, &format!("songs/{song}/versions"), caller)?
            .multipart(form);
        answers::parse(request.send().await, &self.server).await
    }

    async fn open_version_audio(
        &self,
        caller: &Caller,
        version: VersionId,
        progress: Option<Progress>,
    ) -> Result<AudioStream> {
        let cache = self.cache.clone().ok_or_else(|| {
            Error::internal("open_version_audio on a client without a cache folder")
        })?;
        // The version first: it checks membership with a full error, and names the format.
        let meta = self
            .run(
                caller,
                GetVersion {
                    version_id: version,
                },
            )
            .await?;
        let path = format!("versions/{version}/stream");
        let head = self.call(Method::HEAD, &path, caller)?.send().await;
        let (sha256, band) = answers::stream_identity(head, &self.server)?;
        if let Some(stream) = cache.open(band, &sha256, &meta)? {
            if let Some(progress) = &progress {
                progress(1.0);
            }
            return Ok(stream);
        }
        let response = self.request(Method::GET, &path, caller)?.send().await;
        let response = answers::check(response, &self.server).await?;
        cache
            .download(band, &sha256, meta, response, progress, &self.server)
            .await
    }
}
