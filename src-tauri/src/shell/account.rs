//! Where the bands live and who is signed in there: start-up status, choosing a place,
//! the deep link the app was opened with, signing up, in and out. Signing in is the core's
//! use case plus what this computer keeps: the token in the keychain, the account's cache
//! folder, the live changes followed.

use std::sync::Arc;

use rehearsalhub_core::{
    ApiExt, DisplayName, Error, Me, Password, Register, SignIn, SignOut, User, Username,
};
use serde::{Deserialize, Serialize};

use super::Shell;
use crate::connection::Place;
use crate::state::AppState;

/// Where the bands live now, and what to warn about before a password goes there.
#[derive(Debug, Clone, Serialize, ts_rs::TS)]
pub struct Connected {
    /// The place that answered.
    pub place: Place,
    /// Set when a password would travel there unencrypted over the internet: the sign-in
    /// screen shows it and asks before sending.
    pub unencrypted: Option<String>,
}

/// What the UI needs at start-up.
#[derive(Debug, Clone, Serialize, ts_rs::TS)]
pub struct AppStatus {
    /// The signed-in user, if a saved session is still valid.
    pub user: Option<User>,
    /// Shown once when the keychain does not work.
    pub keychain_problem: Option<String>,
    /// Where this instance keeps its data.
    pub data_dir: String,
    /// Where the bands live: this computer or a server.
    pub place: Place,
    /// Why the signed-in user could not be read there (a server that does not answer).
    pub place_problem: Option<String>,
    /// Set when the session travels unencrypted over the internet (see [`Connected`]):
    /// the header keeps saying so.
    pub unencrypted: Option<String>,
    /// The app's version (the About view and the sign-in screen show it).
    pub version: String,
}

/// Start-up status: a restored session and the keychain's state.
#[derive(Debug, Deserialize, ts_rs::TS)]
pub struct AppStatusArgs {}

impl Shell for AppStatusArgs {
    const NAME: &'static str = "app_status";
    type Output = AppStatus;

    async fn run(self, s: Arc<AppState>) -> Result<AppStatus, Error> {
        let session = s.session();
        let (user, place_problem) = match session.api().run(&session.caller(), Me {}).await {
            Ok(u) => {
                s.knows(&u);
                (Some(u), None)
            }
            Err(Error::Unauthenticated(_)) => {
                s.clear_session();
                (None, None)
            }
            // The saved session is kept: the server may answer when asked again.
            Err(e) => (None, Some(e.to_string())),
        };
        Ok(AppStatus {
            user,
            keychain_problem: s.keychain.problem().map(str::to_owned),
            data_dir: s.data_dir.display().to_string(),
            place: session.place(),
            place_problem,
            unencrypted: session.connection.unencrypted_warning(),
            version: env!("CARGO_PKG_VERSION").to_owned(),
        })
    }
}

/// Chooses where the bands live: this computer (`server` empty or absent) or the server at
/// `server`, once it answers. Ends any session at the old place. Says so when a password
/// would travel there unencrypted.
#[derive(Debug, Deserialize, ts_rs::TS)]
#[ts(optional_fields = nullable)]
pub struct ConnectArgs {
    /// The server's address; this computer when empty or absent.
    server: Option<String>,
}

impl Shell for ConnectArgs {
    const NAME: &'static str = "connect";
    type Output = Connected;

    async fn run(self, s: Arc<AppState>) -> Result<Connected, Error> {
        let place = match self.server.as_deref().map(str::trim) {
            None | Some("") => Place::ThisComputer,
            Some(url) => Place::Server {
                url: url.to_owned(),
            },
        };
        let place = s.connect(&place).await?;
        let unencrypted = s.session().connection.unencrypted_warning();
        Ok(Connected { place, unencrypted })
    }
}

/// A deep link the app was opened with, once.
#[derive(Debug, Deserialize, ts_rs::TS)]
pub struct TakePendingLinkArgs {}

impl Shell for TakePendingLinkArgs {
    const NAME: &'static str = "take_pending_link";
    type Output = Option<String>;

    async fn run(self, s: Arc<AppState>) -> Result<Option<String>, Error> {
        Ok(s.pending_link.lock().map(|mut l| l.take()).unwrap_or(None))
    }
}

/// Creates an account and signs in. Where the password would travel unencrypted it is
/// sent only with `allow_unencrypted` (the sign-in screen asks first).
#[derive(Debug, Deserialize, ts_rs::TS)]
#[ts(optional_fields = nullable)]
pub struct RegisterArgs {
    /// The account's name.
    username: Username,
    /// Its password.
    password: Password,
    /// The name shown to the band; the username when empty.
    display_name: Option<String>,
    /// Send the password even over plain http:// to the internet.
    allow_unencrypted: Option<bool>,
}

impl Shell for RegisterArgs {
    const NAME: &'static str = "register";
    type Output = User;

    async fn run(self, s: Arc<AppState>) -> Result<User, Error> {
        let display_name = match self.display_name.as_deref().map(str::trim) {
            None | Some("") => None,
            Some(d) => Some(DisplayName::parse(d)?),
        };
        s.check_transport(self.allow_unencrypted == Some(true))?;
        let case = Register {
            username: self.username,
            password: self.password,
            display_name,
        };
        let session = s.session();
        let signed = session.api().run(&session.caller(), case).await?;
        s.set_session(signed.token, &signed.user);
        Ok(signed.user)
    }
}

/// Signs in; as `register` where the password would travel unencrypted.
#[derive(Debug, Deserialize, ts_rs::TS)]
#[ts(optional_fields = nullable)]
pub struct SignInArgs {
    /// The account's name.
    username: Username,
    /// Its password.
    password: Password,
    /// Send the password even over plain http:// to the internet.
    allow_unencrypted: Option<bool>,
}

impl Shell for SignInArgs {
    const NAME: &'static str = "sign_in";
    type Output = User;

    async fn run(self, s: Arc<AppState>) -> Result<User, Error> {
        s.check_transport(self.allow_unencrypted == Some(true))?;
        let case = SignIn {
            username: self.username,
            password: self.password,
        };
        let session = s.session();
        let signed = session.api().run(&session.caller(), case).await?;
        s.set_session(signed.token, &signed.user);
        Ok(signed.user)
    }
}

/// Signs out here and at the place.
#[derive(Debug, Deserialize, ts_rs::TS)]
pub struct SignOutArgs {}

impl Shell for SignOutArgs {
    const NAME: &'static str = "sign_out";
    type Output = ();

    async fn run(self, s: Arc<AppState>) -> Result<(), Error> {
        let session = s.session();
        let result = session.api().run(&session.caller(), SignOut {}).await;
        s.clear_session();
        result
    }
}
