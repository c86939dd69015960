//! Downloaded audio: `<dir>/<band id>/<sha256>`. A file gets its final name only after its
//! bytes hashed to the SHA-256 the server announced, so a name in the cache is proof of
//! its content and a cached file is reused without reading it again.

use std::fs::{self, File};
use std::path::PathBuf;
use std::sync::atomic::{AtomicU64, Ordering};

use futures_util::StreamExt;
use rehearsalhub_core::{AudioStream, BandId, Error, Progress, Result, Version};
use sha2::{Digest, Sha256};
use tokio::io::AsyncWriteExt;

use crate::transport::unreachable;

/// Numbers this process's temporary download files.
static PARTS: AtomicU64 = AtomicU64::new(0);

#[derive(Debug)]
pub(crate) struct Cache {
    dir: PathBuf,
}

impl Cache {
    pub(crate) fn new(dir: PathBuf) -> Self {
        Cache { dir }
    }

    fn band_dir(&self, band: i64) -> PathBuf {
        self.dir.join(band.to_string())
    }

    /// The cached audio, if it is there.
    pub(crate) fn open(
        &self,
        band: i64,
        sha256: &str,
        version: &Version,
    ) -> Result<Option<AudioStream>> {
        let path = self.band_dir(band).join(sha256);
        match File::open(&path) {
            Ok(file) => {
                let size = file.metadata().map_err(Error::internal)?.len();
                Ok(Some(stream(file, size, sha256, version.clone(), band)))
            }
            Err(e) if e.kind() == std::io::ErrorKind::NotFound => Ok(None),
            Err(e) => Err(Error::internal(e)),
        }
    }

    /// Downloads `response`'s body, checks it hashes to `sha256`, and files it.
    pub(crate) async fn download(
        &self,
        band: i64,
        sha256: &str,
        version: Version,
        response: reqwest::Response,
        progress: Option<Progress>,
        server: &url::Url,
    ) -> Result<AudioStream> {
        let dir = self.band_dir(band);
        tokio::fs::create_dir_all(&dir)
            .await
            .map_err(Error::internal)?;
        // One temporary file per download: two plays of one version at once must not write
        // into the same file.
        let n = PARTS.fetch_add(1, Ordering::Relaxed);
        let part = dir.join(format!(".{sha256}.{}-{n}.part", std::process::id()));
        let total = response.content_length().unwrap_or(0);
        let result = async {
            let mut out = tokio::fs::File::create(&part)
                .await
                .map_err(Error::internal)?;
            let mut hasher = Sha256::new();
            let mut got: u64 = 0;
            let mut body = response.bytes_stream();
            while let Some(chunk) = body.next().await {
                let chunk = chunk.map_err(|e| unreachable(&e, server))?;
                hasher.update(&chunk);
                out.write_all(&chunk).await.map_err(Error::internal)?;
                got += chunk.len() as u64;
                if let (Some(p), true) = (&progress, total > 0) {
                    p((got as f64 / total as f64).min(1.0) as f32);
                }
            }
            out.sync_all().await.map_err(Error::internal)?;
            let hex: String = hasher
                .finalize()
                .iter()
                .map(|b| format!("{b:02x}"))
                .collect();
            if hex != sha256 {
                return Err(Error::Internal(
                    "The downloaded recording was damaged on the way. Try again.".into(),
                ));
            }
            Ok(got)
        }
        .await;
        let size = match result {
            Ok(size) => size,
            Err(e) => {
                let _ = tokio::fs::remove_file(&part).await;
                return Err(e);
            }
        };
        let path = dir.join(sha256);
        if let Err(e) = tokio::fs::rename(&part, &path).await {
            let _ = tokio::fs::remove_file(&part).await;
            // A download of the same bytes that finished first is as good (where renaming
            // over an existing file is refused).
            if !path.exists() {
                return Err(Error::internal(e));
            }
        }
        if let Some(p) = &progress {
            p(1.0);
        }
        let file = File::open(&path).map_err(Error::internal)?;
        Ok(stream(file, size, sha256, version, band))
    }

    /// Deletes the audio of one band.
    pub(crate) fn forget_band(&self, band: BandId) {
        let _ = fs::remove_dir_all(self.band_dir(band.0));
    }

    /// Deletes the audio of every band not in `keep`.
    pub(crate) fn keep_only(&self, keep: &[BandId]) {
        let Ok(entries) = fs::read_dir(&self.dir) else {
            return;
        };
        for entry in entries.flatten() {
            let name = entry.file_name();
            let Some(band) = name.to_str().and_then(|n| n.parse::<i64>().ok()) else {
                continue;
            };
            if !keep.iter().any(|b| b.0 == band) {
                let _ = fs::remove_dir_all(entry.path());
            }
        }
    }
}

fn stream(file: File, size: u64, sha256: &str, version: Version, band: i64) -> AudioStream {
    AudioStream {
        file,
        format: version.format,
        size_bytes: size,
        sha256: sha256.to_owned(),
        version,
        band_id: BandId(band),
    }
}
