//! What the app holds while it runs: the hub on the embedded database, the session and
//! the keychain. Everything else is read from the core on each call.

use std::path::{Path, PathBuf};
use std::sync::{Arc, Mutex};

use rehearsalhub_core::{BlobStore, Caller, Hub};
use rehearsalhub_store_sqlite::SqliteStore;

use crate::keychain::Keychain;

/// Where the data directory comes from: `--data-dir DIR`, then `RH_DATA_DIR`.
pub fn data_dir_override(args: &[String]) -> Option<PathBuf> {
    let mut it = args.iter();
    while let Some(a) = it.next() {
        if a == "--data-dir" {
            return it.next().map(PathBuf::from);
        }
        if let Some(v) = a.strip_prefix("--data-dir=") {
            return Some(PathBuf::from(v));
        }
    }
    std::env::var_os("RH_DATA_DIR").map(PathBuf::from)
}

/// Whether `--data-dir` was given on the command line.
pub fn has_data_dir_arg(args: &[String]) -> bool {
    args.iter()
        .any(|a| a == "--data-dir" || a.starts_with("--data-dir="))
}

/// The first `rehearsalhub://` argument, as a second launch or the OS passes a link.
pub fn link_in_args(args: &[String]) -> Option<String> {
    args.iter()
        .find(|a| a.starts_with("rehearsalhub://"))
        .cloned()
}

/// The app's state.
pub struct AppState {
    /// The use cases, on `<data dir>/rehearsalhub.db` and `<data dir>/blobs`.
    pub hub: Hub,
    /// The data directory.
    pub data_dir: PathBuf,
    /// The signed-in session's token, if any.
    session: Mutex<Option<String>>,
    /// The keychain (or why there is none).
    pub keychain: Keychain,
    /// A deep link received before the UI asked for it.
    pub pending_link: Mutex<Option<String>>,
}

impl AppState {
    /// Opens the database and blob folder in `data_dir` and restores a saved session.
    pub async fn open(data_dir: &Path, keychain: Keychain) -> Result<Arc<Self>, String> {
        let store = SqliteStore::open(data_dir.join("rehearsalhub.db"))
            .await
            .map_err(|e| format!("could not open the database in {}: {e}", data_dir.display()))?;
        let blobs = BlobStore::open(data_dir.join("blobs"))
            .map_err(|e| format!("could not open the audio folder: {e}"))?;
        let hub = Hub::new(Arc::new(store), blobs);
        let state = AppState {
            hub,
            data_dir: data_dir.to_path_buf(),
            session: Mutex::new(None),
            keychain,
            pending_link: Mutex::new(None),
        };
        if let Some(token) = state.keychain.load(&state.account()) {
            *state.lock_session() = Some(token);
        }
        let state = Arc::new(state);
        // Leftovers of a crash are cleaned in the background: start-up does not wait on a
        // walk of the audio folder.
        let hub = state.hub.clone();
        tauri::async_runtime::spawn(async move {
            if let Err(e) = hub.sweep_blobs().await {
                eprintln!("rehearsalhub: audio folder clean-up failed: {e}");
            }
        });
        Ok(state)
    }

    /// The keychain account for this data directory's session.
    pub fn account(&self) -> String {
        format!("this-computer:{}", self.data_dir.display())
    }

    fn lock_session(&self) -> std::sync::MutexGuard<'_, Option<String>> {
        self.session.lock().unwrap_or_else(|p| p.into_inner())
    }

    /// Who is calling, from the current session.
    pub fn caller(&self) -> Caller {
        Caller::from_token(self.lock_session().as_deref())
    }

    /// Starts a session (after sign-up or sign-in).
    pub fn set_session(&self, token: String) {
        self.keychain.save(&self.account(), &token);
        *self.lock_session() = Some(token);
    }

    /// Ends the session locally.
    pub fn clear_session(&self) {
        self.keychain.delete(&self.account());
        *self.lock_session() = None;
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn data_dir_from_args() {
        let a = |v: &[&str]| v.iter().map(|s| s.to_string()).collect::<Vec<_>>();
        assert_eq!(
            data_dir_override(&a(&["app", "--data-dir", "/x"])),
            Some(PathBuf::from("/x"))
        );
        assert_eq!(
            data_dir_override(&a(&["app", "--data-dir=/y"])),
            Some(PathBuf::from("/y"))
        );
        assert_eq!(
            link_in_args(&a(&["app", "rehearsalhub://invite/abc"])).as_deref(),
            Some("rehearsalhub://invite/abc")
        );
        assert_eq!(link_in_args(&a(&["app", "--data-dir", "/x"])), None);
        assert!(has_data_dir_arg(&a(&["app", "--data-dir=/y"])));
        assert!(!has_data_dir_arg(&a(&["app", "rehearsalhub://invite/x"])));
    }
}
