//! The HTTP face of the core's [`Error`]: the status of SPEC §7 and the body
//! `{code, message, detail}` (plus `field` for `invalid_input` and `retry_after_secs` for
//! `rate_limited`), and the mapping of axum's own rejections into the same shape.

use axum::Json;
use axum::extract::multipart::MultipartRejection;
use axum::extract::rejection::{JsonRejection, PathRejection, QueryRejection};
use axum::http::{HeaderValue, StatusCode, header};
use axum::response::{IntoResponse, Response};
use rehearsalhub_core::{Error, ErrorCode};
use serde::Serialize;

/// A failed request: one core [`Error`].
#[derive(Debug)]
pub struct ApiError(pub Error);

impl From<Error> for ApiError {
    fn from(e: Error) -> Self {
        ApiError(e)
    }
}

/// The error body every failing route returns.
#[derive(Debug, Serialize, utoipa::ToSchema)]
pub struct ErrorBody {
    /// One of the codes of SPEC §7.
    pub code: ErrorCode,
    /// A message for people.
    pub message: String,
    /// The same message (the seed web client reads `detail`).
    pub detail: String,
    /// The input at fault, for `invalid_input`.
    #[serde(skip_serializing_if = "Option::is_none")]
    pub field: Option<String>,
    /// Seconds to wait, for `rate_limited` (also in the `Retry-After` header).
    #[serde(skip_serializing_if = "Option::is_none")]
    pub retry_after_secs: Option<u64>,
}

impl ErrorBody {
    fn of(e: &Error) -> Self {
        ErrorBody {
            code: e.code(),
            message: e.message(),
            detail: e.message(),
            field: e.field().map(str::to_owned),
            retry_after_secs: match e {
                Error::RateLimited {
                    retry_after_secs, ..
                } => Some(*retry_after_secs),
                _ => None,
            },
        }
    }
}

/// The status of SPEC §7 for a code.
pub fn status_of(code: ErrorCode) -> StatusCode {
    StatusCode::from_u16(code.http_status()).unwrap_or(StatusCode::INTERNAL_SERVER_ERROR)
}

impl IntoResponse for ApiError {
    fn into_response(self) -> Response {
        let body = ErrorBody::of(&self.0);
        let mut response = (status_of(body.code), Json(&body)).into_response();
        if let Some(secs) = body.retry_after_secs {
            response
                .headers_mut()
                .insert(header::RETRY_AFTER, HeaderValue::from(secs));
        }
        response
    }
}

impl From<JsonRejection> for ApiError {
    fn from(r: JsonRejection) -> Self {
        let message = match &r {
            JsonRejection::MissingJsonContentType(_) => {
                "The body must be JSON (Content-Type: application/json).".to_owned()
            }
            JsonRejection::BytesRejection(_) => {
                "The body is too large or could not be read (JSON bodies are limited to 64 KiB)."
                    .to_owned()
            }
            other => format!("The body is not valid: {}", other.body_text()),
        };
        ApiError(Error::invalid("body", message))
    }
}

impl From<PathRejection> for ApiError {
    fn from(r: PathRejection) -> Self {
        ApiError(Error::invalid("path", r.body_text()))
    }
}

impl From<QueryRejection> for ApiError {
    fn from(r: QueryRejection) -> Self {
        ApiError(Error::invalid("query", r.body_text()))
    }
}

impl From<MultipartRejection> for ApiError {
    fn from(r: MultipartRejection) -> Self {
        ApiError(Error::invalid(
            "file",
            format!("The upload must be multipart/form-data: {}", r.body_text()),
        ))
    }
}

/// The error answers every route may give, for the OpenAPI document.
#[derive(utoipa::IntoResponses)]
#[allow(dead_code)]
pub enum Errors {
    /// Not signed in, or the session ended.
    #[response(
        status = 401,
        description = "`unauthenticated`: not signed in, bad credentials, or the session ended"
    )]
    Unauthenticated(ErrorBody),
    /// Signed in but not allowed.
    #[response(status = 403, description = "`forbidden`: signed in but not allowed")]
    Forbidden(ErrorBody),
    /// No such thing.
    #[response(
        status = 404,
        description = "`not_found`: no such thing, or an invalid invite token"
    )]
    NotFound(ErrorBody),
    /// A conflicting state.
    #[response(
        status = 409,
        description = "`conflict`: already a member, invite used, last admin, duplicate"
    )]
    Conflict(ErrorBody),
    /// An expired or revoked invite.
    #[response(
        status = 410,
        description = "`gone`: the invite expired or was revoked"
    )]
    Gone(ErrorBody),
    /// Bad input.
    #[response(
        status = 422,
        description = "`invalid_input`: bad input; `field` names it"
    )]
    InvalidInput(ErrorBody),
    /// A server fault.
    #[response(
        status = 500,
        description = "`internal`: a fault on the server; details are in its log"
    )]
    Internal(ErrorBody),
}

/// The extra answer of a rate-limited route.
#[derive(utoipa::IntoResponses)]
#[allow(dead_code)]
pub enum Limited {
    /// Too many attempts from this address.
    #[response(
        status = 429,
        description = "`rate_limited`: too many attempts from this address",
        headers(("Retry-After" = u64, description = "Seconds to wait"))
    )]
    RateLimited(ErrorBody),
}

/// Shorthand for handler results.
pub type ApiResult<T> = Result<T, ApiError>;
