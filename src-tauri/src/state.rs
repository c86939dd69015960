//! What the app holds while it runs: the embedded hub, the connection to where the bands
//! live (this computer or a server), the session, the keychain and the player. Everything
//! else is read through the core's [`Api`] on each call.

use std::path::{Path, PathBuf};
use std::sync::{Arc, Mutex};

use std::time::Duration;

use rehearsalhub_audio::{DecodingProbe, Loaded, Player, PlayerState, Status};
use rehearsalhub_core::{Api, BlobStore, Bus, Caller, Error, Hub, Username};
use rehearsalhub_store_sqlite::SqliteStore;
use tauri::Emitter;

use crate::connection::{Connection, Place, Settings};
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
    /// The embedded use cases, on `<data dir>/rehearsalhub.db` and `<data dir>/blobs`.
    hub: Hub,
    /// The embedded hub's live changes.
    bus: Bus,
    /// The task following the signed-in user's changes (see [`crate::live`]).
    live: Mutex<Option<tauri::async_runtime::JoinHandle<()>>>,
    /// The data directory.
    pub data_dir: PathBuf,
    /// Where the bands live now; every command goes through its [`Api`].
    connection: Mutex<Connection>,
    /// The saved choice of place and the last username there.
    settings: Mutex<Settings>,
    /// The signed-in session's token, if any.
    session: Mutex<Option<String>>,
    /// The keychain (or why there is none).
    pub keychain: Keychain,
    /// A deep link received before the UI asked for it.
    pub pending_link: Mutex<Option<String>>,
    /// The app's one player; its state goes to the UI as [`PLAYER_EVENT`].
    pub player: Player,
    /// For events to the UI.
    pub app: tauri::AppHandle,
}

/// The event carrying each [`PlayerState`] change.
pub const PLAYER_EVENT: &str = "player-state";

/// How often the loaded version's membership is checked again while it plays, so a
/// member removed elsewhere stops hearing the band within this time.
const RECHECK: Duration = Duration::from_secs(2);

impl AppState {
    /// Opens the database and blob folder in `data_dir` and restores a saved session.
    pub async fn open(
        data_dir: &Path,
        keychain: Keychain,
        app: tauri::AppHandle,
    ) -> Result<Arc<Self>, String> {
        let store = SqliteStore::open(data_dir.join("rehearsalhub.db"))
            .await
            .map_err(|e| format!("could not open the database in {}: {e}", data_dir.display()))?;
        let blobs = BlobStore::open(data_dir.join("blobs"))
            .map_err(|e| format!("could not open the audio folder: {e}"))?;
        let bus = Bus::default();
        let hub = Hub::new(Arc::new(store), blobs)
            .with_probe(Arc::new(DecodingProbe))
            .with_publisher(Arc::new(bus.clone()));
        bus.start(hub.clone());
        let events = app.clone();
        let player = Player::start(Box::new(move |s: &PlayerState| {
            let _ = events.emit(PLAYER_EVENT, s);
        }));
        let settings = Settings::load(data_dir);
        let connection = match Connection::open(&settings.place, &hub) {
            Ok(c) => c,
            Err(e) => {
                eprintln!(
                    "rehearsalhub: the saved server cannot be used ({e}); using this computer"
                );
                Connection::local(&hub)
            }
        };
        let connection = match &settings.username {
            Some(u) => connection.for_user(data_dir, u).unwrap_or_else(|e| {
                eprintln!("rehearsalhub: no audio cache for the saved account: {e}");
                connection
            }),
            None => connection,
        };
        let state = AppState {
            hub,
            bus,
            live: Mutex::new(None),
            data_dir: data_dir.to_path_buf(),
            connection: Mutex::new(connection),
            settings: Mutex::new(settings),
            session: Mutex::new(None),
            keychain,
            pending_link: Mutex::new(None),
            player,
            app,
        };
        if let Some(token) = state.account().and_then(|a| state.keychain.load(&a)) {
            *state.lock_session() = Some(token);
            state.follow_live();
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
        let weak = Arc::downgrade(&state);
        tauri::async_runtime::spawn(async move {
            loop {
                tokio::time::sleep(RECHECK).await;
                let Some(state) = weak.upgrade() else { return };
                state.recheck_playing().await;
            }
        });
        Ok(state)
    }

    /// The keychain account of the session: the place and the user signed in there.
    fn account(&self) -> Option<String> {
        let user = lock(&self.settings).username.clone()?;
        Some(format!(
            "{}|{user}",
            lock(&self.connection).keychain_place(&self.data_dir)
        ))
    }

    fn lock_session(&self) -> std::sync::MutexGuard<'_, Option<String>> {
        lock(&self.session)
    }

    /// The use cases where the bands live now.
    pub fn api(&self) -> std::sync::Arc<dyn Api> {
        lock(&self.connection).api.clone()
    }

    /// Where the bands live now.
    pub fn place(&self) -> Place {
        lock(&self.connection).place.clone()
    }

    /// Deletes the downloaded audio of a band the user is no longer in (connected mode),
    /// off the async threads. Call it once the band's audio stopped playing: an open file
    /// cannot be deleted everywhere.
    pub fn forget_band(&self, band: rehearsalhub_core::BandId) {
        let connection = lock(&self.connection).clone();
        tauri::async_runtime::spawn_blocking(move || connection.forget_band(band));
    }

    /// Switches to `place` once it answers, and remembers the choice. Any session at the
    /// old place ends here (its server knows nothing of the new one).
    pub async fn connect(&self, place: &Place) -> Result<Place, Error> {
        let connection = Connection::open(place, &self.hub)?;
        connection.check().await?;
        if self.lock_session().is_some() {
            // Revoked where it was issued, if that place still answers: a session left
            // behind would stay valid there.
            let _ = self.api().sign_out(&self.caller()).await;
            self.clear_session();
        }
        let settings = Settings {
            place: connection.place.clone(),
            username: None,
        };
        // Signing in again where one already is changes nothing on disk.
        if *lock(&self.settings) != settings {
            settings.save(&self.data_dir)?;
        }
        let now = connection.place.clone();
        *lock(&self.connection) = connection;
        *lock(&self.settings) = settings;
        self.follow_live();
        Ok(now)
    }

    /// Refuses to send a password where it would travel unencrypted over the internet,
    /// unless the user said to (`allow`) after the sign-in screen warned them.
    pub fn check_transport(&self, allow: bool) -> Result<(), Error> {
        match lock(&self.connection).unencrypted_warning() {
            Some(warning) if !allow => Err(Error::invalid("server", warning)),
            _ => Ok(()),
        }
    }

    /// The warning to show before a password goes to the current place, if any.
    pub fn unencrypted_warning(&self) -> Option<String> {
        lock(&self.connection).unencrypted_warning()
    }

    /// Who is calling, from the current session.
    pub fn caller(&self) -> Caller {
        Caller::from_token(self.lock_session().as_deref())
    }

    /// Starts `username`'s session (after sign-up or sign-in).
    pub fn set_session(&self, token: String, username: &Username) {
        {
            let mut settings = lock(&self.settings);
            settings.username = Some(username.clone());
            // Without the file the session is simply not restored next time.
            if let Err(e) = settings.save(&self.data_dir) {
                tracing::warn!(error = %e, "could not remember who signed in");
            }
        }
        {
            let mut connection = lock(&self.connection);
            match connection.for_user(&self.data_dir, username) {
                Ok(c) => *connection = c,
                // Playing will say so; everything else works without downloads.
                Err(e) => tracing::error!(error = %e, "no audio cache for this account"),
            }
        }
        if let Some(account) = self.account() {
            self.keychain.save(&account, &token);
        }
        *self.lock_session() = Some(token);
        self.follow_live();
    }

    /// Follows the signed-in user's changes where the bands live now (none when signed
    /// out), ending whatever followed before.
    fn follow_live(&self) {
        let mut live = lock(&self.live);
        if let Some(old) = live.take() {
            old.abort();
        }
        let caller = self.caller();
        if matches!(caller, Caller::Anonymous) {
            return;
        }
        let source = match lock(&self.connection).client() {
            Some(client) => crate::live::Source::Server(client),
            None => crate::live::Source::Here(self.hub.clone(), self.bus.clone()),
        };
        *live = Some(tauri::async_runtime::spawn(crate::live::run(
            self.app.clone(),
            source,
            caller,
        )));
    }

    /// Ends the session locally, and with it what was playing.
    pub fn clear_session(&self) {
        if let Some(account) = self.account() {
            self.keychain.delete(&account);
        }
        {
            let mut settings = lock(&self.settings);
            // Start-up without a session lands here too: nothing to write then.
            if settings.username.take().is_some()
                && let Err(e) = settings.save(&self.data_dir)
            {
                tracing::warn!(error = %e, "could not forget who signed in");
            }
        }
        *self.lock_session() = None;
        self.follow_live();
        let player = self.player.clone();
        tauri::async_runtime::spawn_blocking(move || {
            player.stop_if_loaded(Loaded::Any, None);
        });
    }

    /// Runs a player call off the async runtime (it waits for the player thread).
    pub async fn with_player(
        &self,
        f: impl FnOnce(&Player) -> PlayerState + Send + 'static,
    ) -> Result<PlayerState, Error> {
        let player = self.player.clone();
        tauri::async_runtime::spawn_blocking(move || f(&player))
            .await
            .map_err(Error::internal)
    }

    /// Stops the loaded version when its user may no longer hear it: removed from the
    /// band (on another computer, or by another account), the version deleted, signed out.
    pub async fn recheck_playing(&self) {
        let now = self.player.state();
        let Some(track) = now.track else { return };
        if now.status == Status::Stopped {
            return;
        }
        let api = self.api();
        let result = api.get_version(&self.caller(), track.version_id).await;
        let removed = matches!(result, Err(Error::Forbidden(_)));
        let problem = match result {
            Ok(_) => return,
            Err(Error::Forbidden(_)) => "You are no longer a member of this band.",
            Err(Error::NotFound(_)) => "This version was deleted.",
            Err(Error::Unauthenticated(_)) => "You are signed out.",
            // A busy database is no reason to stop the music.
            Err(_) => return,
        };
        let _ = self
            .with_player(move |p| {
                p.stop_if_loaded(Loaded::Version(track.version_id), Some(problem))
            })
            .await;
        if removed {
            self.forget_band(track.band_id);
        }
    }
}

fn lock<T>(m: &Mutex<T>) -> std::sync::MutexGuard<'_, T> {
    m.lock().unwrap_or_else(|p| p.into_inner())
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
