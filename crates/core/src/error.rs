//! The one error type of RehearsalHub, with the closed set of codes of SPEC §7.

use serde::ser::{Serialize, SerializeStruct, Serializer};

/// Every failure a use case can report. The variants are exactly the codes of SPEC §7, so
/// the core, the Tauri commands and the HTTP API speak the same language.
#[derive(Debug, Clone, PartialEq, Eq, thiserror::Error)]
pub enum Error {
    /// Not signed in, bad credentials, or an expired session.
    #[error("{0}")]
    Unauthenticated(String),
    /// Signed in, but the caller's role does not allow this.
    #[error("{0}")]
    Forbidden(String),
    /// No such thing, or an invite token that matches no invite.
    #[error("{0}")]
    NotFound(String),
    /// Already a member, invite already used, last admin, duplicate name.
    #[error("{0}")]
    Conflict(String),
    /// An invite that expired or was revoked.
    #[error("{0}")]
    Gone(String),
    /// Bad input; `field` names the input at fault.
    #[error("{message}")]
    InvalidInput {
        /// The name of the input field, as the caller spelled it (`username`, `token`, …).
        field: std::borrow::Cow<'static, str>,
        /// What is wrong, in words a musician understands.
        message: String,
    },
    /// Too many attempts; try again after `retry_after_secs`.
    #[error("{message}")]
    RateLimited {
        /// What happened.
        message: String,
        /// Seconds to wait before the next attempt.
        retry_after_secs: u64,
    },
    /// A bug or an I/O failure. The message is deliberately generic: details go to the log.
    #[error("{0}")]
    Internal(String),
}

/// The stable, machine-readable code of an [`Error`].
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, serde::Serialize, serde::Deserialize)]
#[cfg_attr(feature = "ts", derive(ts_rs::TS))]
#[cfg_attr(feature = "openapi", derive(utoipa::ToSchema))]
#[serde(rename_all = "snake_case")]
pub enum ErrorCode {
    /// See [`Error::Unauthenticated`].
    Unauthenticated,
    /// See [`Error::Forbidden`].
    Forbidden,
    /// See [`Error::NotFound`].
    NotFound,
    /// See [`Error::Conflict`].
    Conflict,
    /// See [`Error::Gone`].
    Gone,
    /// See [`Error::InvalidInput`].
    InvalidInput,
    /// See [`Error::RateLimited`].
    RateLimited,
    /// See [`Error::Internal`].
    Internal,
}

impl ErrorCode {
    /// The code as written in SPEC §7.
    pub fn as_str(self) -> &'static str {
        match self {
            ErrorCode::Unauthenticated => "unauthenticated",
            ErrorCode::Forbidden => "forbidden",
            ErrorCode::NotFound => "not_found",
            ErrorCode::Conflict => "conflict",
            ErrorCode::Gone => "gone",
            ErrorCode::InvalidInput => "invalid_input",
            ErrorCode::RateLimited => "rate_limited",
            ErrorCode::Internal => "internal",
        }
    }

    /// The HTTP status SPEC §7 assigns to the code.
    pub fn http_status(self) -> u16 {
        match self {
            ErrorCode::Unauthenticated => 401,
            ErrorCode::Forbidden => 403,
            ErrorCode::NotFound => 404,
            ErrorCode::Conflict => 409,
            ErrorCode::Gone => 410,
            ErrorCode::InvalidInput => 422,
            ErrorCode::RateLimited => 429,
            ErrorCode::Internal => 500,
        }
    }
}

impl std::fmt::Display for ErrorCode {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        f.write_str(self.as_str())
    }
}

impl Error {
    /// The code of this error.
    pub fn code(&self) -> ErrorCode {
        match self {
            Error::Unauthenticated(_) => ErrorCode::Unauthenticated,
            Error::Forbidden(_) => ErrorCode::Forbidden,
            Error::NotFound(_) => ErrorCode::NotFound,
            Error::Conflict(_) => ErrorCode::Conflict,
            Error::Gone(_) => ErrorCode::Gone,
            Error::InvalidInput { .. } => ErrorCode::InvalidInput,
            Error::RateLimited { .. } => ErrorCode::RateLimited,
            Error::Internal(_) => ErrorCode::Internal,
        }
    }

    /// The human message, safe to show to the user.
    pub fn message(&self) -> String {
        self.to_string()
    }

    /// The field at fault, for `invalid_input`.
    pub fn field(&self) -> Option<&str> {
        match self {
            Error::InvalidInput { field, .. } => Some(field),
            _ => None,
        }
    }

    /// Shorthand for an `invalid_input` error.
    pub fn invalid(field: &'static str, message: impl Into<String>) -> Self {
        Error::InvalidInput {
            field: std::borrow::Cow::Borrowed(field),
            message: message.into(),
        }
    }

    /// Logs `detail` (never shown to users) and returns the generic `internal` error.
    pub fn internal(detail: impl std::fmt::Display) -> Self {
        tracing::error!(%detail, "internal error");
        Error::Internal("Something went wrong on our side. Please try again.".into())
    }

    /// Rebuilds an error a server sent as `{code, message, field?}` (the client's side of
    /// [`Serialize`]). A field name is input too: one that is not a short `snake_case`
    /// name becomes `input`.
    pub fn from_wire(
        code: ErrorCode,
        message: String,
        field: Option<&str>,
        retry_after_secs: Option<u64>,
    ) -> Self {
        match code {
            ErrorCode::Unauthenticated => Error::Unauthenticated(message),
            ErrorCode::Forbidden => Error::Forbidden(message),
            ErrorCode::NotFound => Error::NotFound(message),
            ErrorCode::Conflict => Error::Conflict(message),
            ErrorCode::Gone => Error::Gone(message),
            ErrorCode::InvalidInput => Error::InvalidInput {
                field: field
                    .filter(|f| {
                        (1..=40).contains(&f.len())
                            && f.bytes()
                                .all(|b| b.is_ascii_lowercase() || b.is_ascii_digit() || b == b'_')
                    })
                    .map_or(std::borrow::Cow::Borrowed("input"), |f| {
                        std::borrow::Cow::Owned(f.to_owned())
                    }),
                message,
            },
            ErrorCode::RateLimited => Error::RateLimited {
                message,
                retry_after_secs: retry_after_secs.unwrap_or(1),
            },
            ErrorCode::Internal => Error::Internal(message),
        }
    }

    /// The caller is signed in but may not do this.
    pub(crate) fn forbidden() -> Self {
        Error::Forbidden("You are not allowed to do that in this band.".into())
    }

    /// The caller is not signed in or the session ended.
    pub(crate) fn unauthenticated() -> Self {
        Error::Unauthenticated("Please sign in.".into())
    }
}

/// Serialized as `{"code", "message"}` plus `"field"` for `invalid_input` and
/// `"retry_after_secs"` for `rate_limited`: the same shape for Tauri and HTTP.
impl Serialize for Error {
    fn serialize<S: Serializer>(&self, serializer: S) -> Result<S::Ok, S::Error> {
        let extra = usize::from(self.field().is_some())
            + usize::from(matches!(self, Error::RateLimited { .. }));
        let mut s = serializer.serialize_struct("Error", 2 + extra)?;
        s.serialize_field("code", &self.code())?;
        s.serialize_field("message", &self.message())?;
        if let Some(field) = self.field() {
            s.serialize_field("field", field)?;
        }
        if let Error::RateLimited {
            retry_after_secs, ..
        } = self
        {
            s.serialize_field("retry_after_secs", retry_after_secs)?;
        }
        s.end()
    }
}

/// The serialized shape of [`Error`], for the TypeScript bindings (the real type has a
/// hand-written `Serialize` so the shape is the same everywhere).
#[cfg(feature = "ts")]
#[derive(ts_rs::TS)]
#[ts(rename = "AppError")]
#[allow(dead_code)]
pub struct ErrorShape {
    code: ErrorCode,
    message: String,
    #[ts(optional)]
    field: Option<String>,
    #[ts(optional, type = "number")]
    retry_after_secs: Option<u64>,
}

/// Shorthand for results of the core.
pub type Result<T, E = Error> = std::result::Result<T, E>;

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn serializes_code_message_and_field() {
        let json = serde_json::to_value(Error::invalid("username", "Too short")).unwrap();
        assert_eq!(
            json,
            serde_json::json!({"code": "invalid_input", "message": "Too short", "field": "username"})
        );
        let json = serde_json::to_value(Error::Gone("Expired".into())).unwrap();
        assert_eq!(
            json,
            serde_json::json!({"code": "gone", "message": "Expired"})
        );
    }

    #[test]
    fn internal_never_leaks_its_detail() {
        let e = Error::internal("disk /secret/path failed");
        assert!(!e.message().contains("secret"));
        assert_eq!(e.code().http_status(), 500);
    }
}
