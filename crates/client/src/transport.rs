//! Requests and responses: the bearer header, JSON bodies, the server's error shape, and
//! what a failed connection means to a person.

use std::time::Duration;

use futures_util::StreamExt;
use rehearsalhub_core::{Caller, Error, Progress, Result, Upload};
use reqwest::{Method, RequestBuilder};
use serde::Serialize;

use crate::Client;
use crate::answers::check;

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

/// How long a JSON request may take in all: a server that trickles its answer a byte at
/// a time (each within the read timeout) is cut off here.
pub(crate) const ANSWER_DEADLINE: Duration = Duration::from_secs(60);

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
