//! Register, sign in, sign out, who am I.
//!
//! Passwords are hashed with Argon2id (the `argon2` crate's defaults: 19 MiB, 2 passes),
//! on the blocking thread pool so async workers never stall on it.

use std::sync::OnceLock;

use argon2::Argon2;
use argon2::password_hash::{PasswordHasher, PasswordVerifier};

use crate::error::{Error, Result};
use crate::hub::{Caller, Hub};
use crate::input::{DisplayName, Password, Username};
use crate::model::{SignedIn, User};
use crate::secret::SessionToken;
use crate::store::{StoreError, Tx};

fn bad_credentials() -> Error {
    Error::Unauthenticated("Wrong username or password.".into())
}

async fn hash_password(password: Password) -> Result<String> {
    tokio::task::spawn_blocking(move || {
        Argon2::default()
            .hash_password(password.expose().as_bytes())
            .map(|h| h.to_string())
            .map_err(Error::internal)
    })
    .await
    .map_err(Error::internal)?
}

/// A hash of nothing in particular, verified against when the username is unknown so that
/// a wrong username costs as much time as a wrong password.
fn decoy_hash() -> &'static str {
    static DECOY: OnceLock<String> = OnceLock::new();
    DECOY.get_or_init(|| {
        Argon2::default()
            .hash_password(b"decoy password, never matches")
            .map(|h| h.to_string())
            .unwrap_or_default()
    })
}

async fn verify_password(password: Password, hash: Option<String>) -> Result<bool> {
    tokio::task::spawn_blocking(move || {
        let known = hash.is_some();
        let hash = hash.unwrap_or_else(|| decoy_hash().to_owned());
        let ok = Argon2::default()
            .verify_password(password.expose().as_bytes(), hash.as_str())
            .is_ok();
        known && ok
    })
    .await
    .map_err(Error::internal)
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

    /// Creates an account and signs it in. The display name defaults to the username.
    pub async fn register(
        &self,
        username: Username,
        password: Password,
        display_name: Option<DisplayName>,
    ) -> Result<SignedIn> {
        let hash = hash_password(password).await?;
        let display =
            display_name.map_or_else(|| username.as_str().to_owned(), |d| d.as_str().to_owned());
        let mut tx = self.store.write().await?;
        let user = match tx
            .insert_user(username.as_str(), &display, &hash, self.now())
            .await
        {
            Ok(u) => u,
            Err(StoreError::UniqueViolation) => {
                return Err(Error::Conflict(format!(
                    "The username “{}” is taken. Please pick another.",
                    username.as_str()
                )));
            }
            Err(e) => return Err(e.into()),
        };
        let signed_in = self.open_session(&mut *tx, user).await?;
        tx.commit().await?;
        Ok(signed_in)
    }

    /// Signs in. A wrong username and a wrong password give the same error.
    pub async fn sign_in(&self, username: Username, password: Password) -> Result<SignedIn> {
        let found = self
            .store
            .read()
            .await?
            .user_with_password(username.as_str())
            .await?;
        let (user, hash) = match found {
            Some((user, hash)) => (Some(user), Some(hash)),
            None => (None, None),
        };
        if !verify_password(password, hash).await? {
            return Err(bad_credentials());
        }
        let user = user.ok_or_else(bad_credentials)?;
        let mut tx = self.store.write().await?;
        let signed_in = self.open_session(&mut *tx, user).await?;
        tx.commit().await?;
        Ok(signed_in)
    }

    /// Ends the caller's session.
    pub async fn sign_out(&self, caller: &Caller) -> Result<()> {
        let mut tx = self.store.write().await?;
        self.signed_in(&mut *tx, caller).await?;
        if let Caller::Session(token) = caller {
            tx.delete_session(&token.hash()).await?;
        }
        tx.commit().await?;
        Ok(())
    }

    /// The signed-in user.
    pub async fn me(&self, caller: &Caller) -> Result<User> {
        let mut tx = self.store.read().await?;
        self.signed_in(&mut *tx, caller).await
    }
}
