//! Random tokens (sessions and invites) and their SHA-256 digests.
//!
//! A token is 32 bytes from the OS's secure generator, written as base64url without padding
//! (43 characters). The database only ever sees [`TokenHash`]es.

use base64::Engine;
use base64::engine::general_purpose::URL_SAFE_NO_PAD;
use sha2::{Digest, Sha256};

use crate::error::{Error, Result};

/// Length of a token in characters once encoded.
pub const TOKEN_CHARS: usize = 43;

/// The SHA-256 of a token's 32 bytes: what the database stores instead of the token.
#[derive(Clone, Copy, PartialEq, Eq, Hash)]
pub struct TokenHash(pub [u8; 32]);

impl std::fmt::Debug for TokenHash {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        f.write_str("TokenHash(..)")
    }
}

/// 32 secret bytes and their text form. `Debug` never prints them.
#[derive(Clone, PartialEq, Eq)]
pub(crate) struct Secret([u8; 32]);

impl Secret {
    pub(crate) fn generate() -> Result<Self> {
        let mut bytes = [0u8; 32];
        getrandom::fill(&mut bytes).map_err(Error::internal)?;
        Ok(Secret(bytes))
    }

    /// Decodes the 43-character text form; `None` for anything else.
    pub(crate) fn decode(text: &str) -> Option<Self> {
        if text.len() != TOKEN_CHARS
            || !text
                .bytes()
                .all(|b| b.is_ascii_alphanumeric() || b == b'-' || b == b'_')
        {
            return None;
        }
        let bytes = URL_SAFE_NO_PAD.decode(text).ok()?;
        bytes.try_into().ok().map(Secret)
    }

    pub(crate) fn encode(&self) -> String {
        URL_SAFE_NO_PAD.encode(self.0)
    }

    pub(crate) fn hash(&self) -> TokenHash {
        TokenHash(Sha256::digest(self.0).into())
    }
}

impl std::fmt::Debug for Secret {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        f.write_str("Secret(..)")
    }
}

/// A session token: proof of a signed-in user, kept by the client (the OS keychain, or an
/// `Authorization: Bearer` header).
#[derive(Clone, PartialEq, Eq)]
pub struct SessionToken(Secret);

impl SessionToken {
    /// A new random token. Only the core's sign-in stores one for a user; benchmarks and
    /// maintenance tools use it to seed sessions directly through a [`crate::Tx`].
    pub fn generate() -> Result<Self> {
        Secret::generate().map(SessionToken)
    }

    /// Parses a session token as the client sent it. Any malformed value is simply not a
    /// session, so the error is `unauthenticated`, not `invalid_input`.
    pub fn parse(text: &str) -> Result<Self> {
        Secret::decode(text.trim())
            .map(SessionToken)
            .ok_or_else(Error::unauthenticated)
    }

    /// The token's text, to hand to the client once.
    pub fn expose(&self) -> String {
        self.0.encode()
    }

    /// Its digest, the only form the database sees.
    pub fn hash(&self) -> TokenHash {
        self.0.hash()
    }
}

impl std::fmt::Debug for SessionToken {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        f.write_str("SessionToken(..)")
    }
}

/// SHA-256 of arbitrary bytes, as lowercase hex (content addresses of audio blobs).
pub fn sha256_hex(bytes: &[u8]) -> String {
    hex(&Sha256::digest(bytes))
}

pub(crate) fn hex(bytes: &[u8]) -> String {
    use std::fmt::Write;
    bytes.iter().fold(String::with_capacity(64), |mut s, b| {
        let _ = write!(s, "{b:02x}");
        s
    })
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn tokens_are_43_chars_and_round_trip() {
        let s = Secret::generate().unwrap();
        let text = s.encode();
        assert_eq!(text.len(), TOKEN_CHARS);
        assert_eq!(Secret::decode(&text), Some(s.clone()));
        assert_ne!(Secret::generate().unwrap(), s);
        assert!(!format!("{s:?}").contains(&text));
    }

    #[test]
    fn non_canonical_base64_is_rejected() {
        // 43 chars whose last char carries bits beyond 256: not a canonical encoding.
        let mut text = Secret::generate().unwrap().encode();
        text.pop();
        text.push('B');
        let canonical = Secret::decode(&text).map(|s| s.encode());
        assert!(canonical.is_none() || canonical.as_deref() == Some(text.as_str()));
    }
}
