//! Request extractors that turn HTTP into core inputs, failing with the core's errors.

use axum::extract::{FromRequest, FromRequestParts, Query};
use axum::http::header::AUTHORIZATION;
use axum::http::request::Parts;
use rehearsalhub_core::Caller;

use crate::error::ApiError;

/// Who is calling, from `Authorization: Bearer <token>`. A missing header is anonymous; any
/// other scheme or a malformed token is an invalid caller, which the core refuses as
/// `unauthenticated` wherever a user is needed. Never fails by itself, so routes open to
/// anyone stay open whatever the header says.
#[derive(Debug, Clone)]
pub struct Auth(pub Caller);

impl<S: Send + Sync> FromRequestParts<S> for Auth {
    type Rejection = std::convert::Infallible;

    async fn from_request_parts(parts: &mut Parts, _state: &S) -> Result<Self, Self::Rejection> {
        let caller = match parts.headers.get(AUTHORIZATION) {
            None => Caller::Anonymous,
            Some(value) => match value.to_str().ok().and_then(bearer) {
                Some(token) => Caller::from_token(Some(token)),
                None => Caller::Invalid,
            },
        };
        Ok(Auth(caller))
    }
}

fn bearer(header: &str) -> Option<&str> {
    let (scheme, token) = header.trim().split_once(' ')?;
    scheme.eq_ignore_ascii_case("bearer").then(|| token.trim())
}

/// A JSON body whose rejections are `invalid_input` on `body`.
#[derive(Debug, FromRequest)]
#[from_request(via(axum::Json), rejection(ApiError))]
pub struct Body<T>(pub T);

/// A query string whose rejections are `invalid_input` on `query`.
#[derive(Debug, FromRequestParts)]
#[from_request(via(Query), rejection(ApiError))]
pub struct Params<T>(pub T);

#[cfg(test)]
mod tests {
    use super::bearer;

    #[test]
    fn reads_the_bearer_scheme_in_any_case() {
        assert_eq!(bearer("Bearer abc"), Some("abc"));
        assert_eq!(bearer("bearer  abc "), Some("abc"));
        assert_eq!(bearer("Basic abc"), None);
        assert_eq!(bearer("Bearer"), None);
    }
}

/// Path segments whose rejections are `invalid_input` on `path`; the ids in them are
/// parsed by the handlers with the field's own name.
#[derive(Debug, FromRequestParts)]
#[from_request(via(axum::extract::Path), rejection(ApiError))]
pub struct Segments<T>(pub T);
