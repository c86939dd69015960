//! The signed-in session as one value: where the bands live (the connection), the token,
//! who signed in, and the task following their live changes. The app state holds it behind
//! one lock and replaces it whole ([`crate::state::AppState::replace_session`]), so a
//! command reads a connection and a token that belong together, never a new server with
//! an old token.

use std::path::Path;
use std::sync::Arc;

use rehearsalhub_core::{Api, Caller, User, Username};

use crate::connection::{Connection, Place, Settings};

/// Everything about the current session.
pub struct Session {
    /// Where the bands live now; every use case goes through its [`Api`].
    pub connection: Connection,
    /// The session token, if signed in.
    pub token: Option<String>,
    /// Who signed in last at this place (kept across runs, with the place).
    pub username: Option<Username>,
    /// Who is signed in, once the place said so (sign-in, or start-up's `me`).
    pub user: Option<User>,
    /// The task following the signed-in user's changes ([`crate::live`]).
    pub(crate) live: Option<tauri::async_runtime::JoinHandle<()>>,
}

impl Session {
    /// A session at `connection`, signed out.
    pub fn signed_out(connection: Connection) -> Self {
        Session {
            connection,
            token: None,
            username: None,
            user: None,
            live: None,
        }
    }

    /// Who is calling.
    pub fn caller(&self) -> Caller {
        Caller::from_token(self.token.as_deref())
    }

    /// The use cases at this session's place.
    pub fn api(&self) -> Arc<dyn Api> {
        self.connection.api.clone()
    }

    /// Where the bands live.
    pub fn place(&self) -> Place {
        self.connection.place.clone()
    }

    /// What `connection.json` keeps of it: the place, and who signed in there.
    pub fn settings(&self) -> Settings {
        Settings {
            place: self.connection.place.clone(),
            username: self.username.clone(),
        }
    }

    /// The keychain account of the session: the place and the user signed in there.
    pub fn account(&self, data_dir: &Path) -> Option<String> {
        let user = self.username.as_ref()?;
        Some(format!(
            "{}|{user}",
            self.connection.keychain_place(data_dir)
        ))
    }

    /// The same place and user, without the live task (a new session gets its own, and
    /// [`crate::state::AppState::replace_session`] stops the old one's).
    pub(crate) fn copy(&self) -> Session {
        Session {
            connection: self.connection.clone(),
            token: self.token.clone(),
            username: self.username.clone(),
            user: self.user.clone(),
            live: None,
        }
    }
}
