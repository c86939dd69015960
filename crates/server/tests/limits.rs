//! What a hostile or broken client can no longer cost the server: an upload from someone
//! who may not add one is answered before its body is read; a stalled body or stalled
//! headers are cut off (the spool file removed); uploads at once are capped; sign-up is
//! rate-limited; and shutdown has a deadline. Raw TCP where the test needs a client that
//! stops half-way.
#![allow(clippy::unwrap_used, clippy::expect_used)]

use std::sync::Arc;
use std::time::Duration;

use rehearsalhub_core::{BlobStore, Hub};
use rehearsalhub_server::listen::serve_app;
use rehearsalhub_server::{Config, Limits, Stopped, router, state};
use serde_json::{Value, json};
use tokio::io::{AsyncReadExt, AsyncWriteExt};
use tokio::net::TcpStream;
use tokio::sync::oneshot;

struct Server {
    addr: std::net::SocketAddr,
    spool: std::path::PathBuf,
    blobs: std::path::PathBuf,
    stop: Option<oneshot::Sender<()>>,
    stopped: tokio::task::JoinHandle<Stopped>,
    _dir: tempfile::TempDir,
}

async fn server(tune: impl FnOnce(&mut Config), limits: Limits) -> Server {
    let dir = tempfile::tempdir().unwrap();
    let store = rehearsalhub_store_sqlite::SqliteStore::open(dir.path().join("db.sqlite"))
        .await
        .unwrap();
    let blobs = dir.path().join("blobs");
    let hub = Hub::new(Arc::new(store), BlobStore::open(&blobs).unwrap())
        .with_probe(Arc::new(rehearsalhub_audio::DecodingProbe));
    let mut config = Config::new("127.0.0.1:0", dir.path());
    tune(&mut config);
    let state = state(hub, &config);
    let spool = state.spool_dir.clone();
    let (app, _) = router(state, &limits);
    let listener = tokio::net::TcpListener::bind("127.0.0.1:0").await.unwrap();
    let addr = listener.local_addr().unwrap();
    let (stop, stopping) = oneshot::channel::<()>();
    let timeouts = config.timeouts();
    let stopped = tokio::spawn(serve_app(listener, app, timeouts, async move {
        let _ = stopping.await;
    }));
    Server {
        addr,
        spool,
        blobs,
        stop: Some(stop),
        stopped,
        _dir: dir,
    }
}

impl Server {
    fn url(&self, path: &str) -> String {
        format!("http://{}/api/v1{path}", self.addr)
    }

    async fn post(&self, path: &str, token: Option<&str>, body: Value) -> (u16, Value) {
        let mut req = http().post(self.url(path)).json(&body);
        if let Some(t) = token {
            req = req.bearer_auth(t);
        }
        let res = req.send().await.unwrap();
        let status = res.status().as_u16();
        (status, res.json().await.unwrap_or(Value::Null))
    }

    async fn register(&self, name: &str) -> String {
        let (status, body) = self
            .post(
                "/auth/register",
                None,
                json!({"username": name, "password": "correct horse"}),
            )
            .await;
        assert_eq!(status, 201, "{body}");
        body["token"].as_str().unwrap().to_owned()
    }

    /// Ada's band with a song: her token and the song's id.
    async fn ada_with_song(&self) -> (String, i64) {
        let ada = self.register("ada").await;
        let (_, band) = self
            .post("/bands", Some(&ada), json!({"name": "Band"}))
            .await;
        let (_, song) = self
            .post(
                &format!("/bands/{}/songs", band["id"]),
                Some(&ada),
                json!({"title": "S"}),
            )
            .await;
        (ada, song["id"].as_i64().unwrap())
    }

    /// Files in the blob folder, its spool folder included.
    fn files(&self) -> Vec<std::path::PathBuf> {
        assert!(self.spool.starts_with(&self.blobs));
        let mut out = Vec::new();
        let mut stack = vec![self.blobs.clone()];
        while let Some(d) = stack.pop() {
            for e in std::fs::read_dir(&d).into_iter().flatten().flatten() {
                let p = e.path();
                if p.is_dir() {
                    stack.push(p);
                } else {
                    out.push(p);
                }
            }
        }
        out
    }
}

fn http() -> reqwest::Client {
    let _ = rustls::crypto::ring::default_provider().install_default();
    reqwest::Client::new()
}

const BOUNDARY: &str = "rehearsalhub-test-boundary";

/// The request line and headers of an upload that announces `length` bytes of body.
fn upload_head(addr: std::net::SocketAddr, song: i64, token: Option<&str>, length: u64) -> String {
    let auth = token.map_or(String::new(), |t| format!("Authorization: Bearer {t}\r\n"));
    format!(
        "POST /api/v1/songs/{song}/versions HTTP/1.1\r\nHost: {addr}\r\n{auth}\
         Content-Type: multipart/form-data; boundary={BOUNDARY}\r\nContent-Length: {length}\r\n\r\n"
    )
}

/// The start of the `file` part: what a client has sent when it stalls mid-upload.
fn file_part_start() -> Vec<u8> {
    let mut b = format!(
        "--{BOUNDARY}\r\nContent-Disposition: form-data; name=\"file\"; filename=\"take.wav\"\r\n\
         Content-Type: audio/wav\r\n\r\n"
    )
    .into_bytes();
    b.extend(std::iter::repeat_n(7u8, 64 * 1024));
    b
}

/// Waits up to 5 s for `done`.
async fn eventually(mut done: impl FnMut() -> bool) {
    let deadline = tokio::time::Instant::now() + Duration::from_secs(5);
    while !done() && tokio::time::Instant::now() < deadline {
        tokio::time::sleep(Duration::from_millis(20)).await;
    }
}

impl Server {
    /// An upload by `token` that sends its headers and the start of its file, then
    /// stalls; returns once the server is spooling it.
    async fn stalled_upload(&self, song: i64, token: &str) -> TcpStream {
        let mut tcp = TcpStream::connect(self.addr).await.unwrap();
        let head = upload_head(self.addr, song, Some(token), 10 * 1024 * 1024);
        tcp.write_all(head.as_bytes()).await.unwrap();
        tcp.write_all(&file_part_start()).await.unwrap();
        eventually(|| !self.files().is_empty()).await;
        assert_eq!(self.files().len(), 1, "the upload is being spooled");
        tcp
    }
}

/// Reads an HTTP response's status code, or `None` when the connection closes first.
async fn status_of(stream: &mut TcpStream, within: Duration) -> Option<u16> {
    let mut buf = Vec::new();
    let read = tokio::time::timeout(within, async {
        let mut chunk = [0u8; 4096];
        loop {
            match stream.read(&mut chunk).await {
                Ok(0) | Err(_) => return,
                Ok(n) => {
                    buf.extend_from_slice(&chunk[..n]);
                    if buf.windows(4).any(|w| w == b"\r\n\r\n") {
                        return;
                    }
                }
            }
        }
    })
    .await;
    assert!(read.is_ok(), "no answer within {within:?}");
    let text = String::from_utf8_lossy(&buf);
    text.strip_prefix("HTTP/1.1 ")
        .and_then(|rest| rest.get(..3))
        .and_then(|code| code.parse().ok())
}

#[tokio::test]
async fn an_upload_from_someone_who_may_not_add_one_is_refused_before_its_body() {
    let s = server(|_| {}, Limits::per_minute(0)).await;
    let (_, song) = s.ada_with_song().await;
    let outsider = s.register("ozzy").await;
    for (token, want) in [
        (None, 401),
        (Some("not-a-token"), 401),
        (Some(&*outsider), 403),
    ] {
        let mut tcp = TcpStream::connect(s.addr).await.unwrap();
        // 150 MiB announced, not a byte of it sent: the answer must come anyway.
        let head = upload_head(s.addr, song, token, 150 * 1024 * 1024);
        tcp.write_all(head.as_bytes()).await.unwrap();
        assert_eq!(
            status_of(&mut tcp, Duration::from_secs(5)).await,
            Some(want),
            "{token:?}"
        );
    }
    assert!(s.files().is_empty(), "{:?}", s.files());
}

#[tokio::test]
async fn a_stalled_upload_is_cut_off_and_its_spool_file_removed() {
    let s = server(|c| c.body_idle_timeout_secs = 1, Limits::per_minute(0)).await;
    let (ada, song) = s.ada_with_song().await;
    // The spool file exists while the body arrives, then the client stops sending.
    let mut tcp = s.stalled_upload(song, &ada).await;
    assert_eq!(
        status_of(&mut tcp, Duration::from_secs(10)).await,
        Some(422)
    );
    eventually(|| s.files().is_empty()).await;
    assert!(s.files().is_empty(), "left behind: {:?}", s.files());
}

#[tokio::test]
async fn headers_that_never_finish_are_cut_off() {
    let s = server(|c| c.header_timeout_secs = 1, Limits::per_minute(0)).await;
    let mut tcp = TcpStream::connect(s.addr).await.unwrap();
    tcp.write_all(b"GET /api/v1/health HTTP/1.1\r\nHost: x\r\nX-Slow: ")
        .await
        .unwrap();
    // Closed (hyper may answer 408 first) well within the wait, not held open.
    let got = status_of(&mut tcp, Duration::from_secs(10)).await;
    assert!(matches!(got, None | Some(408)), "{got:?}");
    // The server still answers others.
    let ok = http().get(s.url("/health")).send().await.unwrap();
    assert_eq!(ok.status(), 200);
}

#[tokio::test]
async fn a_connection_that_sends_nothing_is_closed() {
    let s = server(|c| c.header_timeout_secs = 1, Limits::per_minute(0)).await;
    for opening in [&b""[..], b"P"] {
        let mut tcp = TcpStream::connect(s.addr).await.unwrap();
        tcp.write_all(opening).await.unwrap();
        let got = status_of(&mut tcp, Duration::from_secs(10)).await;
        assert!(matches!(got, None | Some(408)), "{opening:?}: {got:?}");
    }
}

#[tokio::test]
async fn connections_over_the_cap_are_closed_and_freed_ones_reused() {
    let s = server(
        |c| {
            c.max_connections = 2;
            c.header_timeout_secs = 30;
        },
        Limits::per_minute(0),
    )
    .await;
    let held: Vec<TcpStream> = vec![
        TcpStream::connect(s.addr).await.unwrap(),
        TcpStream::connect(s.addr).await.unwrap(),
    ];
    // Accepted, then closed at once: no answer, the read ends.
    let mut third = TcpStream::connect(s.addr).await.unwrap();
    third
        .write_all(b"GET /api/v1/health HTTP/1.1\r\nHost: x\r\n\r\n")
        .await
        .ok();
    assert_eq!(status_of(&mut third, Duration::from_secs(10)).await, None);
    drop(held);
    let deadline = tokio::time::Instant::now() + Duration::from_secs(5);
    loop {
        let ok = http().get(s.url("/health")).send().await;
        if ok.is_ok_and(|r| r.status() == 200) {
            break;
        }
        assert!(
            tokio::time::Instant::now() < deadline,
            "slots were not freed"
        );
        tokio::time::sleep(Duration::from_millis(50)).await;
    }
}

#[tokio::test]
async fn uploads_beyond_the_cap_wait_their_turn_with_429() {
    let s = server(
        |c| {
            c.max_concurrent_uploads = 1;
            c.body_idle_timeout_secs = 30;
        },
        Limits::per_minute(0),
    )
    .await;
    let (ada, song) = s.ada_with_song().await;
    let first = s.stalled_upload(song, &ada).await;
    let form = reqwest::multipart::Form::new().part(
        "file",
        reqwest::multipart::Part::bytes(vec![1u8; 1000]).file_name("t.wav"),
    );
    let second = http()
        .post(s.url(&format!("/songs/{song}/versions")))
        .bearer_auth(&ada)
        .multipart(form)
        .send()
        .await
        .unwrap();
    assert_eq!(second.status(), 429);
    assert!(second.headers().contains_key("retry-after"));
    let body: Value = second.json().await.unwrap();
    assert_eq!(body["code"], "rate_limited");
    // Once the first one is gone, the next one is received (and judged on its content).
    drop(first);
    let deadline = tokio::time::Instant::now() + Duration::from_secs(5);
    loop {
        let form = reqwest::multipart::Form::new().part(
            "file",
            reqwest::multipart::Part::bytes(b"not audio".to_vec()).file_name("t.wav"),
        );
        let res = http()
            .post(s.url(&format!("/songs/{song}/versions")))
            .bearer_auth(&ada)
            .multipart(form)
            .send()
            .await
            .unwrap();
        if res.status() == 422 {
            break;
        }
        assert_eq!(res.status(), 429);
        assert!(
            tokio::time::Instant::now() < deadline,
            "the slot never freed"
        );
        tokio::time::sleep(Duration::from_millis(100)).await;
    }
}

#[tokio::test]
async fn sign_up_is_rate_limited_per_address() {
    let s = server(|_| {}, Limits::per_minute(3)).await;
    for i in 0..3 {
        s.register(&format!("user{i}")).await;
    }
    let (status, body) = s
        .post(
            "/auth/register",
            None,
            json!({"username": "user9", "password": "correct horse"}),
        )
        .await;
    assert_eq!(status, 429, "{body}");
    assert_eq!(body["code"], "rate_limited");
}

#[tokio::test]
async fn shutdown_waits_for_requests_in_flight_only_as_long_as_the_grace_period() {
    // Nothing in flight: drained at once.
    let mut idle = server(|c| c.shutdown_grace_secs = 1, Limits::per_minute(0)).await;
    let _ = idle.stop.take().unwrap().send(());
    let outcome = tokio::time::timeout(Duration::from_secs(5), &mut idle.stopped)
        .await
        .expect("stopped")
        .unwrap();
    assert_eq!(outcome, Stopped::Drained);

    // A stalled upload in flight: the grace period ends it.
    let mut busy = server(
        |c| {
            c.shutdown_grace_secs = 1;
            c.body_idle_timeout_secs = 600;
        },
        Limits::per_minute(0),
    )
    .await;
    let (ada, song) = busy.ada_with_song().await;
    let _stalled = busy.stalled_upload(song, &ada).await;
    let _ = busy.stop.take().unwrap().send(());
    let outcome = tokio::time::timeout(Duration::from_secs(10), &mut busy.stopped)
        .await
        .expect("serving ends after the grace period")
        .unwrap();
    assert_eq!(outcome, Stopped::GraceExpired);
    // New connections are refused once serving stopped.
    assert!(TcpStream::connect(busy.addr).await.is_err());
}
