//! Requests and responses: the bearer header, JSON bodies, the server's error shape, and
//! what a failed connection means to a person.

use std::time::Duration;

use futures_util::StreamExt;
use rehearsalhub_core::{BandId, Caller, Error, ErrorCode, Progress, Result, Upload};
use reqwest::{Method, RequestBuilder, Response, StatusCode};
use serde::Serialize;
use serde::de::DeserializeOwned;

use crate::Client;
use crate::cache::Sha256;

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

/// Whether what is sent to `server` can be read by anyone on the way: plain `http://` to
/// a host that is neither this computer nor on a private network. `https://` is encrypted
/// and its certificate verified (rustls with the system's roots). Loopback, private
/// (RFC 1918, shared 100.64/10, IPv6 unique-local) and link-local addresses, `localhost`,
/// names without a dot and the local-only suffixes (`.local`, `.lan`, `.home.arpa`,
/// `.internal`) count as the band's own network; any other name could be anywhere.
pub fn travels_in_clear(server: &url::Url) -> bool {
    if server.scheme() != "http" {
        return false;
    }
    match server.host() {
        Some(url::Host::Ipv4(ip)) => {
            !(ip.is_loopback()
            || ip.is_private()
            || ip.is_link_local()
            // Shared address space (carrier NAT, and overlay VPNs such as Tailscale).
            || (ip.octets()[0] == 100 && (ip.octets()[1] & 0xC0) == 64))
        }
        Some(url::Host::Ipv6(ip)) => {
            !(ip.is_loopback()
                || ip.is_unique_local()
                || ip.is_unicast_link_local()
                || ip
                    .to_ipv4_mapped()
                    .is_some_and(|v4| v4.is_loopback() || v4.is_private()))
        }
        Some(url::Host::Domain(name)) => {
            let name = name.trim_end_matches('.').to_ascii_lowercase();
            let local = name == "localhost"
                || !name.contains('.')
                || [".localhost", ".local", ".lan", ".home.arpa", ".internal"]
                    .iter()
                    .any(|suffix| name.ends_with(suffix));
            !local
        }
        None => true,
    }
}

pub(crate) fn http_client() -> Result<reqwest::Client> {
    // reqwest is built without a default crypto provider; ring is the one compiled in.
    let _ = rustls::crypto::ring::default_provider().install_default();
    reqwest::Client::builder()
        .connect_timeout(Duration::from_secs(5))
        // Between two reads, not for a whole download: a stalled server is noticed, a large
        // file is not cut off.
        .read_timeout(Duration::from_secs(30))
        // The API never redirects; following one could carry a password's request body to
        // another host, or to plain http:// after the address was judged encrypted.
        .redirect(reqwest::redirect::Policy::none())
        // Idle connections are dropped before the server's own idle deadline (10 s by
        // default) would close one under a request being sent.
        .pool_idle_timeout(Duration::from_secs(5))
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

    /// A request whose whole answer must come within [`ANSWER_DEADLINE`] (every request
    /// but audio uploads and downloads, which only have the read timeout).
    pub(crate) fn call(
        &self,
        method: Method,
        path: &str,
        caller: &Caller,
    ) -> Result<RequestBuilder> {
        Ok(self.request(method, path, caller)?.timeout(ANSWER_DEADLINE))
    }

    pub(crate) async fn json<T: DeserializeOwned, B: Serialize + ?Sized>(
        &self,
        method: Method,
        path: &str,
        caller: &Caller,
        body: Option<&B>,
    ) -> Result<T> {
        let mut request = self.call(method, path, caller)?;
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
        let mut request = self.call(method, path, caller)?;
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
    let bytes = read_capped(response, MAX_ERROR_BYTES, server)
        .await
        .unwrap_or_default();
    Err(from_body(status, &bytes, retry_after))
}

/// The largest JSON answer read from a server. The biggest real one, a page of 500 invites
/// or a band's songs with their versions, is well under a megabyte; a server that sends
/// more is not answering the question.
pub(crate) const MAX_JSON_BYTES: u64 = 16 * 1024 * 1024;

/// How long a JSON request may take in all: a server that trickles its answer a byte at
/// a time (each within the read timeout) is cut off here.
pub(crate) const ANSWER_DEADLINE: Duration = Duration::from_secs(60);

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
    use super::{server_url, travels_in_clear};

    #[test]
    fn plain_http_to_the_internet_travels_in_clear_and_nothing_else_does() {
        for local in [
            "http://127.0.0.1:8080",
            "http://localhost:8080",
            "http://10.0.0.2:8080",
            "http://172.16.5.4",
            "http://192.168.1.20:8080",
            "http://169.254.3.3",
            "http://100.101.102.103",
            "http://[::1]:8080",
            "http://[fd12:3456::1]",
            "http://[fe80::1]",
            "http://bandpc:8080",
            "http://studio.local",
            "http://nas.home.arpa",
            "https://band.example.org",
            "https://203.0.113.9",
        ] {
            assert!(!travels_in_clear(&server_url(local).unwrap()), "{local}");
        }
        for public in [
            "http://band.example.org",
            "http://203.0.113.9:8080",
            "http://8.8.8.8",
            "http://[2001:db8::1]",
            "http://172.32.0.1",
            "http://100.128.0.1",
            "band.example.org:8080",
        ] {
            assert!(travels_in_clear(&server_url(public).unwrap()), "{public}");
        }
    }

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
