//! What a server's answers mean: a success or the core error it carries, a JSON body read
//! up to a bound and parsed into the core's types, an answer this app refuses to use, and a
//! failed connection in words a musician can act on.

use futures_util::StreamExt;
use rehearsalhub_core::{BandId, Error, ErrorCode, Result};
use reqwest::{Response, StatusCode};
use serde::de::DeserializeOwned;

/// A SHA-256 as a server announces it (an `ETag`): exactly 64 hex digits, kept in lower
/// case. The only file name the cache gives a recording.
#[derive(Debug, Clone, PartialEq, Eq)]
pub(crate) struct Sha256(String);

impl Sha256 {
    /// Parses an `ETag` value (quotes allowed).
    pub(crate) fn parse(raw: &str) -> Option<Self> {
        let hex = raw.trim().trim_matches('"');
        (hex.len() == 64 && hex.bytes().all(|b| b.is_ascii_hexdigit()))
            .then(|| Sha256(hex.to_ascii_lowercase()))
    }

    pub(crate) fn as_str(&self) -> &str {
        &self.0
    }
}

/// A successful response, or the error it carries.
pub(crate) async fn check(sent: reqwest::Result<Response>, server: &url::Url) -> Result<Response> {
    let response = sent.map_err(|e| unreachable(&e, server))?;
    if response.status().is_success() {
        return Ok(response);
    }
    let status = response.status();
    let retry_after = response
        .headers()
        .get(reqwest::header::RETRY_AFTER)
        .and_then(|v| v.to_str().ok())
        .and_then(|v| v.parse::<u64>().ok());
    let bytes = read_capped(response, MAX_ERROR_BYTES, server)
        .await
        .unwrap_or_default();
    Err(from_body(status, &bytes, retry_after))
}

/// The largest JSON answer read from a server. The biggest real one, a page of 500 invites
/// or a band's songs with their versions, is well under a megabyte; a server that sends
/// more is not answering the question.
pub(crate) const MAX_JSON_BYTES: u64 = 16 * 1024 * 1024;

/// The largest error body read: `{code, message, field}` is a few hundred bytes.
const MAX_ERROR_BYTES: u64 = 64 * 1024;

/// The longest error message shown from a server, in characters.
const MAX_MESSAGE_CHARS: usize = 500;

/// An answer from `server` this client refuses to use (wrong shape, a value the core's
/// types refuse, too large). Said to the user, since it is nothing they can fix by trying
/// again, and logged.
pub(crate) fn bad_answer(server: &url::Url, detail: impl std::fmt::Display) -> Error {
    let detail: String = detail.to_string().chars().take(200).collect();
    tracing::warn!(%detail, %server, "unusable answer from the server");
    let host = server.host_str().unwrap_or("the server");
    let port = server.port_or_known_default().unwrap_or(0);
    Error::Internal(format!(
        "The server at {host}:{port} sent an answer this app cannot use ({detail}). \
         Is it a RehearsalHub server of this version?"
    ))
}

/// The body, refused as soon as it grows past `max` bytes (whatever `Content-Length` says).
pub(crate) async fn read_capped(
    response: Response,
    max: u64,
    server: &url::Url,
) -> Result<Vec<u8>> {
    let too_big = || bad_answer(server, format!("over {} MiB", max / (1024 * 1024)));
    if response.content_length().is_some_and(|n| n > max) {
        return Err(too_big());
    }
    let mut body = Vec::new();
    let mut chunks = response.bytes_stream();
    while let Some(chunk) = chunks.next().await {
        let chunk = chunk.map_err(|e| unreachable(&e, server))?;
        if body.len() as u64 + chunk.len() as u64 > max {
            return Err(too_big());
        }
        body.extend_from_slice(&chunk);
    }
    Ok(body)
}

/// A successful response's JSON, parsed into the core's types (so a value that would not
/// pass the core's own parsing, such as a username that is a path, is refused here), or
/// the error.
pub(crate) async fn parse<T: DeserializeOwned>(
    sent: reqwest::Result<Response>,
    server: &url::Url,
) -> Result<T> {
    let response = check(sent, server).await?;
    let bytes = read_capped(response, MAX_JSON_BYTES, server).await?;
    serde_json::from_slice(&bytes).map_err(|e| bad_answer(server, e))
}

#[derive(serde::Deserialize)]
struct WireError {
    code: ErrorCode,
    message: String,
    #[serde(default)]
    field: Option<String>,
    #[serde(default)]
    retry_after_secs: Option<u64>,
}

fn from_body(status: StatusCode, bytes: &[u8], retry_after: Option<u64>) -> Error {
    match serde_json::from_slice::<WireError>(bytes) {
        Ok(w) => Error::from_wire(
            w.code,
            w.message.chars().take(MAX_MESSAGE_CHARS).collect(),
            w.field.as_deref(),
            w.retry_after_secs.or(retry_after),
        ),
        Err(_) => from_status(status, retry_after),
    }
}

/// An error from a status alone (a `HEAD` answer has no body).
fn from_status(status: StatusCode, retry_after: Option<u64>) -> Error {
    let code = match status.as_u16() {
        401 => ErrorCode::Unauthenticated,
        403 => ErrorCode::Forbidden,
        404 => ErrorCode::NotFound,
        409 => ErrorCode::Conflict,
        410 => ErrorCode::Gone,
        422 => ErrorCode::InvalidInput,
        429 => ErrorCode::RateLimited,
        _ => {
            return Error::Internal(format!(
                "The server answered with an error (HTTP {}). Please try again.",
                status.as_u16()
            ));
        }
    };
    let message = match code {
        ErrorCode::Unauthenticated => "Please sign in.",
        ErrorCode::Forbidden => "You are not allowed to do that in this band.",
        ErrorCode::RateLimited => "Too many attempts. Please wait a moment.",
        _ => "The server refused the request.",
    };
    Error::from_wire(code, message.to_owned(), None, retry_after)
}

/// What a failed connection means, in words a musician can act on.
pub(crate) fn unreachable(e: &reqwest::Error, server: &url::Url) -> Error {
    tracing::warn!(error = %e, %server, "request failed");
    let host = server.host_str().unwrap_or("the server");
    let port = server.port_or_known_default().unwrap_or(0);
    if is_certificate_problem(e) {
        Error::Internal(format!(
            "The server at {host}:{port} could not prove it is who it says: its certificate \
             is not trusted by this computer (or names another host). Nothing was sent."
        ))
    } else if e.is_connect() {
        Error::Internal(format!(
            "Cannot reach the server at {host}:{port}. Check that it is running and that \
             the address is right, then try again."
        ))
    } else if e.is_timeout() {
        Error::Internal(format!(
            "The server at {host}:{port} stopped answering. Try again."
        ))
    } else {
        Error::Internal(format!(
            "The connection to the server at {host}:{port} failed. Try again."
        ))
    }
}

/// Whether a failed request failed on the server's TLS certificate.
fn is_certificate_problem(e: &reqwest::Error) -> bool {
    let mut source: Option<&(dyn std::error::Error + 'static)> = Some(e);
    while let Some(err) = source {
        if err.to_string().to_ascii_lowercase().contains("certificate") {
            return true;
        }
        source = err.source();
    }
    false
}

/// The SHA-256 and band of a version's audio, from a `HEAD` of its stream.
pub(crate) fn stream_identity(
    sent: reqwest::Result<Response>,
    server: &url::Url,
) -> Result<(Sha256, BandId)> {
    let response = sent.map_err(|e| unreachable(&e, server))?;
    if !response.status().is_success() {
        return Err(from_status(response.status(), None));
    }
    let header = |name: &str| {
        response
            .headers()
            .get(name)
            .and_then(|v| v.to_str().ok())
            .map(str::to_owned)
    };
    let sha256 = header("etag")
        .and_then(|e| Sha256::parse(&e))
        .ok_or_else(|| bad_answer(server, "the stream's ETag is not a SHA-256"))?;
    let band = header("x-band-id")
        .and_then(|b| BandId::parse("band_id", &b).ok())
        .ok_or_else(|| bad_answer(server, "the stream did not name its band"))?;
    Ok((sha256, band))
}
