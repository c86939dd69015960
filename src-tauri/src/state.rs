//! What the app holds while it runs: the embedded hub, the session (one value: see
//! [`crate::session`]), the keychain and the player. Everything else is read through the
//! core's `Api` on each call.

use std::path::{Path, PathBuf};
use std::sync::{Arc, Mutex, Weak};
use std::time::Duration;

use rehearsalhub_audio::{DecodingProbe, Loaded, Player, PlayerState, Status};
use rehearsalhub_core::{ApiExt, BlobStore, Bus, Caller, Error, GetVersion, Hub, User};
use rehearsalhub_store_sqlite::SqliteStore;
use tauri::Emitter;

use crate::connection::{Connection, Place, Settings};
use crate::keychain::Keychain;
use crate::session::Session;

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
    /// The data directory.
    pub data_dir: PathBuf,
    /// The session, replaced whole.
    session: Mutex<Arc<Session>>,
    /// The keychain (or why there is none).
    pub keychain: Keychain,
    /// A deep link received before the UI asked for it.
    pub pending_link: Mutex<Option<String>>,
    /// The app's one player; its state goes to the UI as [`PLAYER_EVENT`].
    pub player: Player,
    /// For events to the UI.
    pub app: tauri::AppHandle,
    /// Itself, for the tasks it starts (the live changes re-check playback through it).
    me: Weak<AppState>,
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
        let session = restored(data_dir, &hub);
        let state = Arc::new_cyclic(|me| AppState {
            hub,
            bus,
            data_dir: data_dir.to_path_buf(),
            session: Mutex::new(Arc::new(Session::signed_out(session.connection.clone()))),
            keychain,
            pending_link: Mutex::new(None),
            player,
            app,
            me: me.clone(),
        });
        let token = session
            .account(data_dir)
            .and_then(|a| state.keychain.load(&a));
        state.replace_session(|_| Session { token, ..session });
        state.start_background();
        Ok(state)
    }

    /// The blob sweep and the periodic re-check of what plays.
    fn start_background(&self) {
        // Leftovers of a crash are cleaned in the background: start-up does not wait on a
        // walk of the audio folder.
        let hub = self.hub.clone();
        tauri::async_runtime::spawn(async move {
            if let Err(e) = hub.sweep_blobs().await {
                eprintln!("rehearsalhub: audio folder clean-up failed: {e}");
            }
        });
        let weak = self.me.clone();
        tauri::async_runtime::spawn(async move {
            loop {
                tokio::time::sleep(RECHECK).await;
                let Some(state) = weak.upgrade() else { return };
                state.recheck_playing().await;
            }
        });
    }

    /// The session now: a connection, a token and a user that belong together.
    pub fn session(&self) -> Arc<Session> {
        lock(&self.session).clone()
    }

    /// Replaces the session with what `next` makes of the current one, starts following
    /// the new one's changes and stops following the old one's.
    pub fn replace_session(&self, next: impl FnOnce(&Session) -> Session) {
        let mut current = lock(&self.session);
        let mut new = next(&current);
        new.live = self.follow_live(&new);
        if let Some(old) = current.live.as_ref() {
            old.abort();
        }
        *current = Arc::new(new);
    }

    /// Follows the signed-in user's changes at the session's place (none when signed out).
    fn follow_live(&self, session: &Session) -> Option<tauri::async_runtime::JoinHandle<()>> {
        let caller = session.caller();
        if matches!(caller, Caller::Anonymous) {
            return None;
        }
        let source = match session.connection.client() {
            Some(client) => crate::live::Source::Server(client),
            None => crate::live::Source::Here(self.hub.clone(), self.bus.clone()),
        };
        let weak = self.me.clone();
        let recheck = move || {
            if let Some(state) = weak.upgrade() {
                tauri::async_runtime::spawn(async move { state.recheck_playing().await });
            }
        };
        Some(tauri::async_runtime::spawn(crate::live::run(
            self.app.clone(),
            source,
            caller,
            recheck,
        )))
    }

    /// Deletes the downloaded audio of a band the user is no longer in (connected mode),
    /// off the async threads. Call it once the band's audio stopped playing: an open file
    /// cannot be deleted everywhere.
    pub fn forget_band(&self, band: rehearsalhub_core::BandId) {
        let connection = self.session().connection.clone();
        tauri::async_runtime::spawn_blocking(move || connection.forget_band(band));
    }

    /// Switches to `place` once it answers, and remembers the choice. Any session at the
    /// old place ends here (its server knows nothing of the new one).
    pub async fn connect(&self, place: &Place) -> Result<Place, Error> {
        let connection = Connection::open(place, &self.hub)?;
        connection.check().await?;
        let old = self.session();
        if old.token.is_some() {
            // Revoked where it was issued, if that place still answers: a session left
            // behind would stay valid there.
            let _ = old
                .api()
                .run(&old.caller(), rehearsalhub_core::SignOut {})
                .await;
            self.clear_session();
        }
        let new = Session::signed_out(connection);
        // Signing in again where one already is changes nothing on disk.
        if old.settings() != new.settings() {
            new.settings().save(&self.data_dir)?;
        }
        let now = new.place();
        self.replace_session(|_| new);
        Ok(now)
    }

    /// Refuses to send a password where it would travel unencrypted over the internet,
    /// unless the user said to (`allow`) after the sign-in screen warned them.
    pub fn check_transport(&self, allow: bool) -> Result<(), Error> {
        match self.session().connection.unencrypted_warning() {
            Some(warning) if !allow => Err(Error::invalid("server", warning)),
            _ => Ok(()),
        }
    }

    /// Starts `user`'s session with `token` (after sign-up or sign-in).
    pub fn set_session(&self, token: String, user: &User) {
        let username = user.username.clone();
        let connection = {
            let s = self.session();
            s.connection
                .for_user(&self.data_dir, &username)
                .unwrap_or_else(|e| {
                    // Playing will say so; everything else works without downloads.
                    tracing::error!(error = %e, "no audio cache for this account");
                    s.connection.clone()
                })
        };
        let new = Session {
            connection,
            token: Some(token.clone()),
            username: Some(username),
            user: Some(user.clone()),
            live: None,
        };
        // Without the file the session is simply not restored next time.
        if let Err(e) = new.settings().save(&self.data_dir) {
            tracing::warn!(error = %e, "could not remember who signed in");
        }
        if let Some(account) = new.account(&self.data_dir) {
            self.keychain.save(&account, &token);
        }
        self.replace_session(|_| new);
    }

    /// Remembers who is signed in, as the place said (start-up's `me`).
    pub fn knows(&self, user: &User) {
        self.replace_session(|s| Session {
            user: Some(user.clone()),
            ..s.copy()
        });
    }

    /// Ends the session locally, and with it what was playing.
    pub fn clear_session(&self) {
        let old = self.session();
        if let Some(account) = old.account(&self.data_dir) {
            self.keychain.delete(&account);
        }
        let new = Session::signed_out(old.connection.clone());
        // Start-up without a session lands here too: nothing to write then.
        if old.username.is_some()
            && let Err(e) = new.settings().save(&self.data_dir)
        {
            tracing::warn!(error = %e, "could not forget who signed in");
        }
        self.replace_session(|_| new);
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
        let session = self.session();
        let asked = GetVersion {
            version_id: track.version_id,
        };
        let result = session.api().run(&session.caller(), asked).await;
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

/// The session saved at the last run: its place (this computer when that cannot be
/// used) and the account signed in there, its token not yet read from the keychain.
fn restored(data_dir: &Path, hub: &Hub) -> Session {
    let settings = Settings::load(data_dir);
    let connection = Connection::open(&settings.place, hub).unwrap_or_else(|e| {
        eprintln!("rehearsalhub: the saved server cannot be used ({e}); using this computer");
        Connection::local(hub)
    });
    let connection = match &settings.username {
        Some(u) => connection.for_user(data_dir, u).unwrap_or_else(|e| {
            eprintln!("rehearsalhub: no audio cache for the saved account: {e}");
            connection
        }),
        None => connection,
    };
    Session {
        username: settings.username,
        ..Session::signed_out(connection)
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
