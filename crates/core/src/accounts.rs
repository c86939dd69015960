//! Register, sign in, sign out, who am I.
//!
//! Passwords are hashed with Argon2id (the `argon2` crate's defaults: 19 MiB, 2 passes),
//! on the blocking thread pool so async workers never stall on it, one per core at most,
//! on reused memory (see [`crate::passwords`]).

use serde::{Deserialize, Serialize};

use crate::case::{Done, Route, UseCase, Who};
use crate::error::{Error, Result};
use crate::hub::{Caller, Hub};
use crate::input::{DisplayName, Password, Username};
use crate::model::{SignedIn, User};
use crate::secret::SessionToken;
use crate::store::{StoreError, Tx};

fn taken(username: &Username) -> Error {
    Error::Conflict(format!(
        "The username “{username}” is taken. Please pick another."
    ))
}

fn bad_credentials() -> Error {
    Error::Unauthenticated("Wrong username or password.".into())
}

/// A sign-in answer must be for the account asked for and carry a token that is one: the
/// desktop app names its keychain entry and its cache folder after them.
fn signed_in_as(asked: &Username, answer: &SignedIn) -> std::result::Result<(), String> {
    if &answer.user.username != asked {
        return Err("it signed in another account than the one asked for".into());
    }
    SessionToken::parse(&answer.token)
        .map(drop)
        .map_err(|_| "its session token is not one".into())
}

impl Hub {
    async fn open_session(&self, tx: &mut dyn Tx, user: User) -> Result<SignedIn> {
        let token = SessionToken::generate()?;
        let now = self.now();
        tx.insert_session(
            &token.hash(),
            user.id,
            now,
            now.plus_secs(self.config.session_ttl_secs),
        )
        .await?;
        Ok(SignedIn {
            user,
            token: token.expose(),
        })
    }
}

/// Creates an account and signs it in. The display name defaults to the username.
/// Rate-limited per client address.
#[derive(Debug, Clone, Serialize, Deserialize)]
#[cfg_attr(feature = "ts", derive(ts_rs::TS), ts(optional_fields = nullable))]
#[cfg_attr(feature = "openapi", derive(utoipa::ToSchema))]
pub struct Register {
    /// The account's name.
    pub username: Username,
    /// Its password.
    pub password: Password,
    /// The name shown to the band; defaults to the username.
    pub display_name: Option<DisplayName>,
}

impl UseCase for Register {
    const NAME: &'static str = "register";
    const ROUTE: Route = Route::post("/auth/register").created();
    const WHO: Who = Who::Anyone;
    const THROTTLED: bool = true;
    type Output = SignedIn;

    async fn run(self, hub: &Hub, _caller: &Caller) -> Result<Done<SignedIn>> {
        let Register {
            username,
            password,
            display_name,
        } = self;
        // A taken name is refused before a hash is spent on it (a hash is 19 MiB and tens of
        // milliseconds of one core); the insert below still decides a race.
        let known = hub
            .store
            .read()
            .await?
            .user_with_password(username.as_str())
            .await?;
        if known.is_some() {
            return Err(taken(&username));
        }
        let hash = hub.passwords.hash(password).await?;
        let display =
            display_name.map_or_else(|| username.as_str().to_owned(), |d| d.as_str().to_owned());
        let mut tx = hub.store.write().await?;
        let user = match tx
            .insert_user(username.as_str(), &display, &hash, hub.now())
            .await
        {
            Ok(u) => u,
            Err(StoreError::UniqueViolation) => return Err(taken(&username)),
            Err(e) => return Err(e.into()),
        };
        let signed_in = hub.open_session(&mut *tx, user).await?;
        tx.commit().await?;
        Ok(Done::read(signed_in))
    }

    fn check_answer(&self, answer: &SignedIn) -> std::result::Result<(), String> {
        signed_in_as(&self.username, answer)
    }
}

/// Signs in. A wrong username and a wrong password give the same error. Rate-limited per
/// client address.
#[derive(Debug, Clone, Serialize, Deserialize)]
#[cfg_attr(feature = "ts", derive(ts_rs::TS), ts(optional_fields = nullable))]
#[cfg_attr(feature = "openapi", derive(utoipa::ToSchema))]
pub struct SignIn {
    /// The account's name.
    pub username: Username,
    /// Its password.
    pub password: Password,
}

impl UseCase for SignIn {
    const NAME: &'static str = "sign_in";
    const ROUTE: Route = Route::post("/auth/login");
    const WHO: Who = Who::Anyone;
    const THROTTLED: bool = true;
    type Output = SignedIn;

    async fn run(self, hub: &Hub, _caller: &Caller) -> Result<Done<SignedIn>> {
        let found = hub
            .store
            .read()
            .await?
            .user_with_password(self.username.as_str())
            .await?;
        let (user, hash) = match found {
            Some((user, hash)) => (Some(user), Some(hash)),
            None => (None, None),
        };
        if !hub.passwords.verify(self.password, hash).await? {
            return Err(bad_credentials());
        }
        let user = user.ok_or_else(bad_credentials)?;
        let mut tx = hub.store.write().await?;
        let signed_in = hub.open_session(&mut *tx, user).await?;
        tx.commit().await?;
        Ok(Done::read(signed_in))
    }

    fn check_answer(&self, answer: &SignedIn) -> std::result::Result<(), String> {
        signed_in_as(&self.username, answer)
    }
}

/// Ends the caller's session.
#[derive(Debug, Clone, Default, Serialize, Deserialize)]
#[cfg_attr(feature = "ts", derive(ts_rs::TS))]
#[cfg_attr(feature = "openapi", derive(utoipa::ToSchema))]
pub struct SignOut {}

impl UseCase for SignOut {
    const NAME: &'static str = "sign_out";
    const ROUTE: Route = Route::post("/auth/logout").no_content();
    const WHO: Who = Who::User;
    type Output = ();

    async fn run(self, hub: &Hub, caller: &Caller) -> Result<Done<()>> {
        let mut tx = hub.store.write().await?;
        hub.signed_in(&mut *tx, caller).await?;
        if let Caller::Session(token) = caller {
            tx.delete_session(&token.hash()).await?;
        }
        tx.commit().await?;
        Ok(Done::read(()))
    }
}

/// The signed-in user.
#[derive(Debug, Clone, Default, Serialize, Deserialize)]
#[cfg_attr(feature = "ts", derive(ts_rs::TS))]
#[cfg_attr(feature = "openapi", derive(utoipa::ToSchema))]
pub struct Me {}

impl UseCase for Me {
    const NAME: &'static str = "me";
    const ROUTE: Route = Route::get("/me");
    const WHO: Who = Who::User;
    type Output = User;

    async fn run(self, hub: &Hub, caller: &Caller) -> Result<Done<User>> {
        let mut tx = hub.store.read().await?;
        hub.signed_in(&mut *tx, caller).await.map(Done::read)
    }
}
