//! Requests and responses: the bearer header, JSON bodies, the server's error shape, and
//! what a failed connection means to a person.

use std::time::Duration;

use futures_util::StreamExt;
use rehearsalhub_core::{Caller, Error, ErrorCode, Progress, Result, Upload};
use reqwest::{Method, RequestBuilder, Response, StatusCode};
use serde::Serialize;
use serde::de::DeserializeOwned;

use crate::Client;

/// Normalizes what a user typed as a server address.
pub fn server_url(raw: &str) -> Result<url::Url> {
    let raw = raw.trim();
    if raw.is_empty() {
        return Err(Error::invalid("server", "Enter the server's address."));
    }
    let with_scheme = if raw.contains("://") {
        raw.to_owned()
    } else {
        format!("http://{raw}")
    };
    let mut url = url::Url::parse(&with_scheme).map_err(|e| {
        Error::invalid(
            "server",
            format!("“{raw}” is not a server address ({e}). Example: http://192.168.1.20:8080"),
        )
    })?;
    if !matches!(url.scheme(), "http" | "https") || url.host_str().is_none() {
        return Err(Error::invalid(
            "server",
            "The server's address must start with http:// or https:// and name a host.",
        ));
    }
    if !url.path().ends_with('/') {
        let path = format!("{}/", url.path());
        url.set_path(&path);
    }
    url.set_query(None);
    url.set_fragment(None);
    Ok(url)
}

pub(crate) fn http_client() -> Result<reqwest::Client> {
    // reqwest is built without a default crypto provider; ring is the one compiled in.
    let _ = rustls::crypto::ring::default_provider().install_default();
    reqwest::Client::builder()
        .connect_timeout(Duration::from_secs(5))
        // Between two reads, not for a whole download: a stalled server is noticed, a large
        // file is not cut off.
        .read_timeout(Duration::from_secs(30))
        .build()
        .map_err(Error::internal)
}

impl Client {
    pub(crate) fn request(
        &self,
        method: Method,
        path: &str,
        caller: &Caller,
    ) -> Result<RequestBuilder> {
        let url = self.base.join(path).map_err(Error::internal)?;
        let request = self.http.request(method, url);
        Ok(match caller {
            Caller::Anonymous => request,
            Caller::Session(token) => request.bearer_auth(token.expose()),
            // Something that is not a token: let the server refuse it as it would.
            Caller::Invalid => request.bearer_auth("invalid"),
        })
    }

    pub(crate) async fn json<T: DeserializeOwned, B: Serialize + ?Sized>(
        &self,
        method: Method,
        path: &str,
        caller: &Caller,
        body: Option<&B>,
    ) -> Result<T> {
        let mut request = self.request(method, path, caller)?;
        if let Some(body) = body {
            request = request.json(body);
        }
        parse(request.send().await, &self.server).await
    }

    pub(crate) async fn empty<B: Serialize + ?Sized>(
        &self,
        method: Method,
        path: &str,
        caller: &Caller,
        body: Option<&B>,
    ) -> Result<()> {
        let mut request = self.request(method, path, caller)?;
        if let Some(body) = body {
            request = request.json(body);
        }
        check(request.send().await, &self.server).await.map(drop)
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
    let bytes = response.bytes().await.unwrap_or_default();
    Err(from_body(status, &bytes, retry_after))
}

/// A successful response's JSON, or the error.
pub(crate) async fn parse<T: DeserializeOwned>(
    sent: reqwest::Result<Response>,
    server: &url::Url,
) -> Result<T> {
    let response = check(sent, server).await?;
    let bytes = response
        .bytes()
        .await
        .map_err(|e| unreachable(&e, server))?;
    serde_json::from_slice(&bytes).map_err(|e| {
        Error::internal(format!(
            "the server's answer did not have the expected shape: {e}"
        ))
    })
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
            w.message,
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
    if e.is_connect() {
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

/// The SHA-256 and band of a version's audio, from a `HEAD` of its stream.
pub(crate) fn stream_identity(
    sent: reqwest::Result<Response>,
    server: &url::Url,
) -> Result<(String, i64)> {
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
        .map(|e| e.trim_matches('"').to_owned())
        .filter(|e| e.len() == 64 && e.bytes().all(|b| b.is_ascii_hexdigit()))
        .ok_or_else(|| Error::internal("the stream's ETag is not a SHA-256"))?;
    let band = header("x-band-id")
        .and_then(|b| b.parse::<i64>().ok())
        .ok_or_else(|| Error::internal("the stream did not name its band"))?;
    Ok((sha256.to_ascii_lowercase(), band))
}

/// The `file` part of an upload, streamed from disk with `progress` as bytes leave.
pub(crate) async fn upload_part(
    upload: Upload,
    file_name: Option<&str>,
    progress: Option<Progress>,
) -> Result<reqwest::multipart::Part> {
    let (part, default_name) = match upload {
        Upload::Bytes(bytes) => {
            if let Some(p) = &progress {
                p(1.0);
            }
            (reqwest::multipart::Part::bytes(bytes), "audio".to_owned())
        }
        Upload::File(path) => {
            let file = tokio::fs::File::open(&path).await.map_err(|e| {
                Error::invalid("file", format!("Could not read {}: {e}", path.display()))
            })?;
            let total = file.metadata().await.map(|m| m.len()).unwrap_or(0);
            let name = path
                .file_name()
                .map_or_else(|| "audio".to_owned(), |n| n.to_string_lossy().into_owned());
            let mut sent: u64 = 0;
            let stream =
                tokio_util::io::ReaderStream::with_capacity(file, 256 * 1024).map(move |chunk| {
                    if let (Ok(bytes), Some(p)) = (&chunk, &progress) {
                        sent += bytes.len() as u64;
                        p(if total == 0 {
                            1.0
                        } else {
                            (sent as f64 / total as f64) as f32
                        });
                    }
                    chunk
                });
            (
                reqwest::multipart::Part::stream_with_length(
                    reqwest::Body::wrap_stream(stream),
                    total,
                ),
                name,
            )
        }
    };
    Ok(part.file_name(file_name.map_or(default_name, str::to_owned)))
}

#[cfg(test)]
mod tests {
    use super::server_url;

    #[test]
    fn normalizes_what_people_type() {
        assert_eq!(
            server_url(" 192.168.1.20:8080 ").unwrap().as_str(),
            "http://192.168.1.20:8080/"
        );
        assert_eq!(
            server_url("https://band.example.org/rh").unwrap().as_str(),
            "https://band.example.org/rh/"
        );
        for bad in ["", "ftp://x", "http://", "::::"] {
            let e = server_url(bad).unwrap_err();
            assert_eq!(e.field(), Some("server"), "{bad}");
        }
    }
}
