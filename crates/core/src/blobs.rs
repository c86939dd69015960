//! Audio bytes on disk, named by their SHA-256.
//!
//! An upload is first streamed into `tmp/` while it is hashed and measured, then renamed to
//! `ab/abcdef…` and the directory synced, and only then is the version row written. So a row
//! never names a missing or half-written file; a crash leaves at worst an unreferenced blob,
//! which [`BlobStore::sweep`] removes later.
//!
//! Removal is lazy for the same reason: a blob is deleted only when no row names it and it
//! has not been touched for [`BlobStore::GRACE`], so an identical upload racing a deletion
//! keeps its file. (The window left is between that age check and the unlink: microseconds,
//! and only for two copies of the same bytes uploaded and deleted at that very moment.)

use std::fs::{self, File};
use std::io::{self, Read, Write};
use std::path::{Path, PathBuf};
use std::time::{Duration, SystemTime};

use sha2::{Digest, Sha256};

use crate::error::{Error, Result};
use crate::secret::hex;

/// Where a new version's bytes come from.
#[derive(Debug, Clone)]
pub enum Upload {
    /// Bytes in memory (small files, tests).
    Bytes(Vec<u8>),
    /// A file on local disk (the file picker, the server's spooled upload).
    File(PathBuf),
}

/// An upload written to `tmp/`, hashed, not yet in place.
#[derive(Debug)]
pub struct Staged {
    /// The temporary file.
    pub path: PathBuf,
    /// Lower-case hex SHA-256 of the content.
    pub sha256: String,
    /// Size in bytes.
    pub size: u64,
}

/// The blob folder.
#[derive(Debug, Clone)]
pub struct BlobStore {
    root: PathBuf,
}

impl BlobStore {
    /// How long an unreferenced blob is kept before it may be removed.
    pub const GRACE: Duration = Duration::from_secs(600);

    /// Opens (creating) the folder.
    pub fn open(root: impl Into<PathBuf>) -> io::Result<Self> {
        let root = root.into();
        fs::create_dir_all(root.join("tmp"))?;
        Ok(BlobStore { root })
    }

    /// The folder.
    pub fn root(&self) -> &Path {
        &self.root
    }

    /// The final path of a blob.
    pub fn path_of(&self, sha256: &str) -> PathBuf {
        let prefix = sha256.get(..2).unwrap_or("xx");
        self.root.join(prefix).join(sha256)
    }

    /// Copies an upload into `tmp/`, hashing it and refusing more than `max_bytes`
    /// (field `file`). Nothing is left behind on error.
    pub fn stage(&self, upload: &Upload, max_bytes: u64) -> Result<Staged> {
        self.stage_reporting(upload, max_bytes, &|_| {})
    }

    /// [`BlobStore::stage`], telling `progress` the share copied so far (`0.0..=1.0`).
    pub fn stage_reporting(
        &self,
        upload: &Upload,
        max_bytes: u64,
        progress: &dyn Fn(f32),
    ) -> Result<Staged> {
        let mut name = [0u8; 12];
        getrandom::fill(&mut name).map_err(Error::internal)?;
        let path = self.root.join("tmp").join(hex(&name));
        let result = match upload {
            Upload::Bytes(bytes) => copy_hashing(
                &mut bytes.as_slice(),
                &path,
                max_bytes,
                bytes.len() as u64,
                progress,
            ),
            Upload::File(src) => match File::open(src) {
                Ok(mut f) => {
                    let total = f.metadata().map(|m| m.len()).unwrap_or(0);
                    copy_hashing(&mut f, &path, max_bytes, total, progress)
                }
                Err(e) => Err(Error::invalid(
                    "file",
                    format!("Could not read {}: {e}", src.display()),
                )),
            },
        };
        match result {
            Ok((sha256, size)) => Ok(Staged { path, sha256, size }),
            Err(e) => {
                let _ = fs::remove_file(&path);
                Err(e)
            }
        }
    }

    /// Moves a staged file into place. An identical blob already there is kept and its
    /// modification time refreshed, so a concurrent lazy removal leaves it alone.
    pub fn commit(&self, staged: Staged) -> io::Result<String> {
        let dest = self.path_of(&staged.sha256);
        let dir = dest.parent().unwrap_or(&self.root).to_path_buf();
        fs::create_dir_all(&dir)?;
        if dest.exists() {
            let _ = File::options()
                .write(true)
                .open(&dest)
                .and_then(|f| f.set_modified(SystemTime::now()));
            let _ = fs::remove_file(&staged.path);
        } else {
            fs::rename(&staged.path, &dest)?;
        }
        File::open(&dir)?.sync_all()?;
        Ok(staged.sha256)
    }

    /// Discards a staged file.
    pub fn discard(&self, staged: Staged) {
        let _ = fs::remove_file(staged.path);
    }

    /// Opens a blob for reading (and seeking).
    pub fn open_blob(&self, sha256: &str) -> io::Result<File> {
        File::open(self.path_of(sha256))
    }

    /// Removes a blob if `in_use` is false and the file is older than [`Self::GRACE`].
    pub fn remove_if_stale(&self, sha256: &str, in_use: bool) -> io::Result<bool> {
        if in_use {
            return Ok(false);
        }
        let path = self.path_of(sha256);
        let age = match fs::metadata(&path).and_then(|m| m.modified()) {
            Ok(modified) => SystemTime::now()
                .duration_since(modified)
                .unwrap_or_default(),
            Err(e) if e.kind() == io::ErrorKind::NotFound => return Ok(false),
            Err(e) => return Err(e),
        };
        if age < Self::GRACE {
            return Ok(false);
        }
        fs::remove_file(path)?;
        Ok(true)
    }

    /// Every blob name in the folder, and every temporary file older than the grace period
    /// (left by a crash), which it deletes.
    pub fn list_and_clean_tmp(&self) -> io::Result<Vec<String>> {
        for entry in fs::read_dir(self.root.join("tmp"))? {
            let entry = entry?;
            let old = entry
                .metadata()
                .and_then(|m| m.modified())
                .ok()
                .and_then(|m| SystemTime::now().duration_since(m).ok())
                .is_some_and(|age| age >= Self::GRACE);
            if old {
                let _ = fs::remove_file(entry.path());
            }
        }
        let mut names = Vec::new();
        for dir in fs::read_dir(&self.root)? {
            let dir = dir?;
            let dir_name = dir.file_name();
            if dir_name == "tmp" || !dir.file_type()?.is_dir() {
                continue;
            }
            for f in fs::read_dir(dir.path())? {
                let f = f?;
                if let Some(name) = f.file_name().to_str()
                    && name.len() == 64
                    && name.bytes().all(|b| b.is_ascii_hexdigit())
                {
                    names.push(name.to_owned());
                }
            }
        }
        Ok(names)
    }
}

fn copy_hashing(
    src: &mut dyn Read,
    dest: &Path,
    max_bytes: u64,
    total: u64,
    progress: &dyn Fn(f32),
) -> Result<(String, u64)> {
    let mut out = File::create_new(dest).map_err(Error::internal)?;
    let mut hasher = Sha256::new();
    let mut buf = vec![0u8; 256 * 1024];
    let mut size: u64 = 0;
    loop {
        let n = match src.read(&mut buf) {
            Ok(0) => break,
            Ok(n) => n,
            Err(e) if e.kind() == io::ErrorKind::Interrupted => continue,
            Err(e) => {
                return Err(Error::invalid(
                    "file",
                    format!("Could not read the file: {e}"),
                ));
            }
        };
        size += n as u64;
        if size > max_bytes {
            return Err(Error::invalid(
                "file",
                format!(
                    "The file is larger than the limit of {} MB.",
                    max_bytes / (1024 * 1024)
                ),
            ));
        }
        hasher.update(&buf[..n]);
        out.write_all(&buf[..n]).map_err(Error::internal)?;
        if total > 0 {
            progress((size as f64 / total as f64).min(1.0) as f32);
        }
    }
    out.sync_all().map_err(Error::internal)?;
    Ok((hex(&hasher.finalize()), size))
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn stage_commit_and_dedupe() {
        let dir = tempfile::tempdir().unwrap();
        let blobs = BlobStore::open(dir.path()).unwrap();
        let a = blobs.stage(&Upload::Bytes(b"hello".to_vec()), 100).unwrap();
        let sha = blobs.commit(a).unwrap();
        assert_eq!(sha, crate::secret::sha256_hex(b"hello"));
        let b = blobs.stage(&Upload::Bytes(b"hello".to_vec()), 100).unwrap();
        assert_eq!(blobs.commit(b).unwrap(), sha);
        let mut s = String::new();
        blobs
            .open_blob(&sha)
            .unwrap()
            .read_to_string(&mut s)
            .unwrap();
        assert_eq!(s, "hello");
        assert_eq!(fs::read_dir(dir.path().join("tmp")).unwrap().count(), 0);
        assert_eq!(blobs.list_and_clean_tmp().unwrap(), vec![sha.clone()]);
        // Fresh blobs survive a lazy removal; referenced ones always do.
        assert!(!blobs.remove_if_stale(&sha, false).unwrap());
        assert!(!blobs.remove_if_stale(&sha, true).unwrap());
    }

    #[test]
    fn too_large_leaves_nothing() {
        let dir = tempfile::tempdir().unwrap();
        let blobs = BlobStore::open(dir.path()).unwrap();
        let e = blobs.stage(&Upload::Bytes(vec![0; 101]), 100).unwrap_err();
        assert_eq!(e.field(), Some("file"));
        assert_eq!(fs::read_dir(dir.path().join("tmp")).unwrap().count(), 0);
    }
}
