//! Downloaded audio: `<dir>/<band id>/<sha256>`. A file gets its final name only after its
//! bytes hashed to the SHA-256 the server announced, so a name in the cache is proof of
//! its content and a cached file is reused without reading it again.
//!
//! Everything that names a file here comes from a server and is parsed first: the band is
//! a [`BandId`] (a positive integer), the name a [`Sha256`] (64 hex digits), so neither can
//! hold a separator. On top of that, every path the cache creates, writes or deletes is
//! checked to lie under its root (the caller's `<data dir>/cache`) before it is touched.

use std::fs::{self, File};
use std::path::{Component, Path, PathBuf};
use std::sync::atomic::{AtomicU64, Ordering};

use futures_util::StreamExt;
use rehearsalhub_core::{AudioStream, BandId, Error, Progress, Result, Version};
use sha2::{Digest, Sha256 as Hasher};
use tokio::io::AsyncWriteExt;

use crate::answers::{Sha256, bad_answer, unreachable};

/// The largest recording downloaded, whatever a server announces: the largest upload a
/// server can be set to accept (16 GiB).
const MAX_DOWNLOAD_BYTES: u64 = 16 * 1024 * 1024 * 1024;

/// Numbers this process's temporary download files.
static PARTS: AtomicU64 = AtomicU64::new(0);

/// Writes `response`'s body to `part`, refusing more than `expected` bytes, and checks it
/// is `expected` bytes that hash to `sha256`; the size written.
async fn receive(
    part: &Path,
    response: reqwest::Response,
    expected: u64,
    sha256: &Sha256,
    progress: Option<&Progress>,
    server: &url::Url,
) -> Result<u64> {
    let mut out = tokio::fs::File::create(part)
        .await
        .map_err(Error::internal)?;
    let mut hasher = Hasher::new();
    let mut got: u64 = 0;
    let mut body = response.bytes_stream();
    while let Some(chunk) = body.next().await {
        let chunk = chunk.map_err(|e| unreachable(&e, server))?;
        got += chunk.len() as u64;
        // A server that sends more than the recording's size is not sending it.
        if got > expected {
            return Err(too_big(server));
        }
        hasher.update(&chunk);
        out.write_all(&chunk).await.map_err(Error::internal)?;
        if let (Some(p), true) = (progress, expected > 0) {
            p((got as f64 / expected as f64).min(1.0) as f32);
        }
    }
    out.sync_all().await.map_err(Error::internal)?;
    let hex: String = hasher
        .finalize()
        .iter()
        .map(|b| format!("{b:02x}"))
        .collect();
    if got != expected || hex != sha256.as_str() {
        return Err(Error::Internal(
            "The downloaded recording was damaged on the way. Try again.".into(),
        ));
    }
    Ok(got)
}

/// Whether `path` lies strictly under `root`, by its components alone (no `..`, no root or
/// prefix after `root`), so the check holds whatever exists on disk.
pub(crate) fn is_within(root: &Path, path: &Path) -> bool {
    match path.strip_prefix(root) {
        Ok(rest) => {
            let mut parts = rest.components().peekable();
            parts.peek().is_some() && parts.all(|c| matches!(c, Component::Normal(_)))
        }
        Err(_) => false,
    }
}

#[derive(Debug)]
pub(crate) struct Cache {
    /// Nothing outside this folder is ever written or deleted.
    root: PathBuf,
    /// This server's and user's folder, under `root` (or `root` itself).
    dir: PathBuf,
}

impl Cache {
    /// A cache whose root is `dir` itself.
    pub(crate) fn at(dir: PathBuf) -> Self {
        Cache {
            root: dir.clone(),
            dir,
        }
    }

    /// A cache in `dir`, which must be `root` or lie under it.
    pub(crate) fn new(root: PathBuf, dir: PathBuf) -> Result<Self> {
        if dir != root && !is_within(&root, &dir) {
            return Err(Error::internal(format!(
                "the audio cache {} is not inside {}",
                dir.display(),
                root.display()
            )));
        }
        Ok(Cache { root, dir })
    }

    /// `path`, once it is known to lie under the root.
    fn guard(&self, path: PathBuf) -> Result<PathBuf> {
        if is_within(&self.root, &path) {
            Ok(path)
        } else {
            Err(Error::internal(format!(
                "refusing to touch {} outside the audio cache",
                path.display()
            )))
        }
    }

    fn band_dir(&self, band: BandId) -> Result<PathBuf> {
        self.guard(self.dir.join(band.0.to_string()))
    }

    /// The cached audio, if it is there.
    pub(crate) fn open(
        &self,
        band: BandId,
        sha256: &Sha256,
        version: &Version,
    ) -> Result<Option<AudioStream>> {
        let path = self.guard(self.band_dir(band)?.join(sha256.as_str()))?;
        match File::open(&path) {
            Ok(file) => {
                let size = file.metadata().map_err(Error::internal)?.len();
                Ok(Some(stream(file, size, sha256, version.clone(), band)))
            }
            Err(e) if e.kind() == std::io::ErrorKind::NotFound => Ok(None),
            Err(e) => Err(Error::internal(e)),
        }
    }

    /// Downloads `response`'s body, at most the version's own `size_bytes`, checks it hashes
    /// to `sha256`, and files it.
    pub(crate) async fn download(
        &self,
        band: BandId,
        sha256: &Sha256,
        version: Version,
        response: reqwest::Response,
        progress: Option<Progress>,
        server: &url::Url,
    ) -> Result<AudioStream> {
        let expected = u64::try_from(version.size_bytes)
            .ok()
            .filter(|n| *n <= MAX_DOWNLOAD_BYTES)
            .ok_or_else(|| bad_answer(server, "a recording size no server accepts"))?;
        if response.content_length().is_some_and(|n| n > expected) {
            return Err(too_big(server));
        }
        let dir = self.band_dir(band)?;
        tokio::fs::create_dir_all(&dir)
            .await
            .map_err(Error::internal)?;
        // One temporary file per download: two plays of one version at once must not write
        // into the same file.
        let n = PARTS.fetch_add(1, Ordering::Relaxed);
        let part = self.guard(dir.join(format!(
            ".{}.{}-{n}.part",
            sha256.as_str(),
            std::process::id()
        )))?;
        let result = receive(&part, response, expected, sha256, progress.as_ref(), server).await;
        let size = match result {
            Ok(size) => size,
            Err(e) => {
                let _ = tokio::fs::remove_file(&part).await;
                return Err(e);
            }
        };
        let path = self.guard(dir.join(sha256.as_str()))?;
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
        if let Ok(dir) = self.band_dir(band) {
            let _ = fs::remove_dir_all(dir);
        }
    }

    /// Deletes the audio of every band not in `keep`: only folders named by a band id,
    /// only under the root.
    pub(crate) fn keep_only(&self, keep: &[BandId]) {
        let Ok(entries) = fs::read_dir(&self.dir) else {
            return;
        };
        for entry in entries.flatten() {
            let name = entry.file_name();
            let Some(band) = name.to_str().and_then(|n| BandId::parse("band_id", n).ok()) else {
                continue;
            };
            // `parse` trims: only a folder whose name is exactly the id is the band's.
            if name.to_str() != Some(band.0.to_string().as_str()) || keep.contains(&band) {
                continue;
            }
            if let Ok(dir) = self.guard(entry.path()) {
                let _ = fs::remove_dir_all(dir);
            }
        }
    }
}

fn too_big(server: &url::Url) -> Error {
    bad_answer(
        server,
        "it sent more than the recording's size; the download was stopped",
    )
}

fn stream(file: File, size: u64, sha256: &Sha256, version: Version, band: BandId) -> AudioStream {
    AudioStream {
        file,
        format: version.format,
        size_bytes: size,
        sha256: sha256.as_str().to_owned(),
        version,
        band_id: band,
    }
}

#[cfg(test)]
mod tests {
    #![allow(clippy::unwrap_used)]
    use super::*;

    #[test]
    fn only_paths_strictly_under_the_root_are_within_it() {
        let root = Path::new("/data/cache");
        assert!(is_within(root, Path::new("/data/cache/srv/ada/7")));
        for outside in [
            "/data/cache",
            "/data/cache/../Pictures",
            "/data/cache/srv/../../x",
            "/data/cachex/srv",
            "/home/me/Pictures",
            "relative/path",
        ] {
            assert!(!is_within(root, Path::new(outside)), "{outside}");
        }
    }

    #[test]
    fn a_cache_folder_outside_its_root_is_refused() {
        let root = PathBuf::from("/data/cache");
        assert!(Cache::new(root.clone(), root.join("srv/ada")).is_ok());
        assert!(Cache::new(root.clone(), root.clone()).is_ok());
        for bad in ["/home/me/Pictures", "/data/cache/srv/../../../home"] {
            assert!(
                Cache::new(root.clone(), PathBuf::from(bad)).is_err(),
                "{bad}"
            );
        }
    }

    #[test]
    fn an_etag_is_a_sha256_or_nothing() {
        let hex = "A".repeat(64);
        assert_eq!(
            Sha256::parse(&format!("\"{hex}\"")).unwrap().as_str(),
            "a".repeat(64)
        );
        for bad in ["", "../../etc", &"g".repeat(64), &"a".repeat(63)] {
            assert!(Sha256::parse(bad).is_none(), "{bad}");
        }
    }

    #[test]
    fn keep_only_deletes_band_folders_and_nothing_else() {
        let root = tempfile::tempdir().unwrap();
        let dir = root.path().join("srv").join("ada");
        for name in ["7", "8", "notes", "007"] {
            fs::create_dir_all(dir.join(name)).unwrap();
        }
        let cache = Cache::new(root.path().to_path_buf(), dir.clone()).unwrap();
        cache.keep_only(&[BandId(7)]);
        let mut left: Vec<String> = fs::read_dir(&dir)
            .unwrap()
            .map(|e| e.unwrap().file_name().into_string().unwrap())
            .collect();
        left.sort();
        assert_eq!(left, ["007", "7", "notes"]);
    }
}
