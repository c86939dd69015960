//! Register, sign in, sign out, who am I.
//!
//! Passwords are hashed with Argon2id (the `argon2` crate's defaults: 19 MiB, 2 passes),
//! on the blocking thread pool so async workers never stall on it, one per core at most,
//! on reused memory (see [`crate::passwords`]).

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
        // A taken name is refused before a hash is spent on it (a hash is 19 MiB and tens of
        // milliseconds of one core); the insert below still decides a race.
        if self
            .store
            .read()
            .await?
            .user_with_password(username.as_str())
            .await?
            .is_some()
        {
            return Err(taken(&username));
        }
        let hash = self.passwords.hash(password).await?;
        let display =
            display_name.map_or_else(|| username.as_str().to_owned(), |d| d.as_str().to_owned());
        let mut tx = self.store.write().await?;
        let user = match tx
            .insert_user(username.as_str(), &display, &hash, self.now())
            .await
        {
            Ok(u) => u,
            Err(StoreError::UniqueViolation) => return Err(taken(&username)),
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
        if !self.passwords.verify(password, hash).await? {
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
