//! A server's answers are input: a fake server that lies is refused with an error, and
//! nothing it says names a file outside the cache or makes the client read without end.
#![allow(clippy::unwrap_used, clippy::expect_used)]

use rehearsalhub_core::prelude::*;
use std::collections::HashMap;
use std::sync::Arc;

use rehearsalhub_client::Client;
use rehearsalhub_core::{Api, Caller, ErrorCode, Password, Username, VersionId};
use tokio::io::{AsyncReadExt, AsyncWriteExt};

/// One canned answer: status line, extra headers, body.
#[derive(Clone)]
struct Answer {
    status: &'static str,
    headers: Vec<(String, String)>,
    body: Vec<u8>,
}

fn json(body: serde_json::Value) -> Answer {
    Answer {
        status: "200 OK",
        headers: vec![("content-type".into(), "application/json".into())],
        body: body.to_string().into_bytes(),
    }
}

/// Serves `answers` by "METHOD /path" on loopback; returns the base URL.
async fn fake_server(answers: HashMap<&'static str, Answer>) -> String {
    let answers = Arc::new(answers);
    let listener = tokio::net::TcpListener::bind("127.0.0.1:0").await.unwrap();
    let addr = listener.local_addr().unwrap();
    tokio::spawn(async move {
        while let Ok((mut tcp, _)) = listener.accept().await {
            let answers = answers.clone();
            tokio::spawn(async move {
                loop {
                    let mut head = Vec::new();
                    let mut byte = [0u8; 1];
                    while !head.ends_with(b"\r\n\r\n") {
                        match tcp.read(&mut byte).await {
                            Ok(1) => head.push(byte[0]),
                            _ => return,
                        }
                    }
                    let head = String::from_utf8_lossy(&head).to_string();
                    let length: usize = head
                        .lines()
                        .find_map(|l| {
                            l.to_ascii_lowercase()
                                .strip_prefix("content-length:")
                                .map(|v| v.trim().to_owned())
                        })
                        .and_then(|v| v.parse().ok())
                        .unwrap_or(0);
                    let mut body = vec![0u8; length];
                    if tcp.read_exact(&mut body).await.is_err() {
                        return;
                    }
                    let mut words = head.split_whitespace();
                    let key = format!(
                        "{} {}",
                        words.next().unwrap_or(""),
                        words.next().unwrap_or("")
                    );
                    let answer = answers.get(key.as_str()).cloned().unwrap_or(Answer {
                        status: "404 Not Found",
                        headers: vec![],
                        body: br#"{"code":"not_found","message":"no"}"#.to_vec(),
                    });
                    let mut out = format!("HTTP/1.1 {}\r\n", answer.status);
                    let announces_length = answer
                        .headers
                        .iter()
                        .any(|(k, _)| k.eq_ignore_ascii_case("content-length"));
                    for (k, v) in &answer.headers {
                        out.push_str(&format!("{k}: {v}\r\n"));
                    }
                    if !announces_length {
                        out.push_str(&format!("content-length: {}\r\n", answer.body.len()));
                    }
                    out.push_str("\r\n");
                    if tcp.write_all(out.as_bytes()).await.is_err() {
                        return;
                    }
                    if !key.starts_with("HEAD ") && tcp.write_all(&answer.body).await.is_err() {
                        return;
                    }
                }
            });
        }
    });
    format!("http://{addr}")
}

fn user(username: &str) -> serde_json::Value {
    serde_json::json!({"id": 1, "username": username, "display_name": "Me"})
}

fn session() -> Caller {
    Caller::from_token(Some(&"A".repeat(43)))
}

#[tokio::test]
async fn a_username_that_is_a_path_is_refused() {
    for hostile in ["/home/me/Pictures", "../../..", "a/b", "C:\\Users"] {
        let base = fake_server(HashMap::from([(
            "POST /api/v1/auth/login",
            json(serde_json::json!({"user": user(hostile), "token": "A".repeat(43)})),
        )]))
        .await;
        let err = Client::new(&base)
            .unwrap()
            .run(
                &Caller::Anonymous,
                SignIn {
                    username: Username::parse("ada").unwrap(),
                    password: Password::parse("long enough").unwrap(),
                },
            )
            .await
            .expect_err("a path was taken for a username");
        assert_eq!(err.code(), ErrorCode::Internal, "{hostile}");
        assert!(err.message().contains("cannot use"), "{}", err.message());
        assert!(err.message().contains("Username"), "{}", err.message());
    }
}

#[tokio::test]
async fn a_json_answer_over_16_mib_is_not_read() {
    let huge = Answer {
        status: "200 OK",
        headers: vec![("content-type".into(), "application/json".into())],
        body: {
            let mut b = b"[".to_vec();
            b.resize(17 * 1024 * 1024, b' ');
            b.push(b']');
            b
        },
    };
    let base = fake_server(HashMap::from([("GET /api/v1/bands", huge)])).await;
    let err = Client::new(&base)
        .unwrap()
        .run(&session(), ListMyBands {})
        .await
        .expect_err("17 MiB of JSON was read");
    assert_eq!(err.code(), ErrorCode::Internal);
    assert!(err.message().contains("over 16 MiB"), "{}", err.message());
}

#[tokio::test]
async fn a_gzip_answer_that_unpacks_past_16_mib_is_not_read() {
    // 17 MiB of spaces pack into a few KiB: the limit counts what it unpacks to.
    let mut plain = b"[".to_vec();
    plain.resize(17 * 1024 * 1024, b' ');
    plain.push(b']');
    let mut gz = flate2::write::GzEncoder::new(Vec::new(), flate2::Compression::best());
    std::io::Write::write_all(&mut gz, &plain).unwrap();
    let packed = gz.finish().unwrap();
    assert!(packed.len() < 100 * 1024);
    let bomb = Answer {
        status: "200 OK",
        headers: vec![
            ("content-type".into(), "application/json".into()),
            ("content-encoding".into(), "gzip".into()),
        ],
        body: packed,
    };
    let base = fake_server(HashMap::from([("GET /api/v1/bands", bomb)])).await;
    let err = Client::new(&base)
        .unwrap()
        .run(&session(), ListMyBands {})
        .await
        .expect_err("17 MiB of unpacked JSON was read");
    assert_eq!(err.code(), ErrorCode::Internal);
    assert!(err.message().contains("over 16 MiB"), "{}", err.message());
}

fn version(size_bytes: i64) -> serde_json::Value {
    serde_json::json!({
        "id": 1, "song_id": 1, "label": "take", "format": "wav", "size_bytes": size_bytes,
        "duration_ms": 10, "sample_rate": 8000, "channels": 1, "uploaded_by": user("ada"),
        "created_at": "2026-11-21T12:00:00Z",
        "comment_count": 0, "open_issues": 0, "keepers": 0
    })
}

/// A server that announces `size_bytes` and an ETag, and sends `body` with `band` as its
/// band header.
async fn audio_server(size_bytes: i64, band: &str, body: Vec<u8>) -> String {
    let sha = "ab".repeat(32);
    let stream_headers = vec![
        ("etag".to_owned(), format!("\"{sha}\"")),
        ("x-band-id".to_owned(), band.to_owned()),
        ("content-type".to_owned(), "audio/wav".to_owned()),
    ];
    fake_server(HashMap::from([
        ("GET /api/v1/versions/1", json(version(size_bytes))),
        (
            "HEAD /api/v1/versions/1/stream",
            Answer {
                status: "200 OK",
                headers: stream_headers.clone(),
                body: Vec::new(),
            },
        ),
        (
            "GET /api/v1/versions/1/stream",
            Answer {
                status: "200 OK",
                headers: stream_headers,
                body,
            },
        ),
    ]))
    .await
}

fn files_under(dir: &std::path::Path) -> Vec<std::path::PathBuf> {
    let mut out = Vec::new();
    for e in std::fs::read_dir(dir).into_iter().flatten().flatten() {
        let p = e.path();
        if p.is_dir() {
            out.extend(files_under(&p));
        } else {
            out.push(p);
        }
    }
    out
}

/// Opens version 1 of the server at `base` with a cache under `root`, as the app plays it.
async fn play(base: &str, root: &std::path::Path) -> rehearsalhub_core::Result<()> {
    Client::new(base)
        .unwrap()
        .with_cache_in(root, root.join("srv").join("ada"))
        .unwrap()
        .open_version_audio(&session(), VersionId(1), None)
        .await
        .map(drop)
}

#[tokio::test]
async fn a_download_longer_than_the_version_is_cut_off_and_leaves_nothing() {
    let root = tempfile::tempdir().unwrap();
    let base = audio_server(10, "7", vec![1u8; 1_000_000]).await;
    let err = play(&base, root.path())
        .await
        .expect_err("more than size_bytes was taken");
    assert!(
        err.message().contains("more than the recording's size"),
        "{}",
        err.message()
    );
    assert!(
        files_under(root.path()).is_empty(),
        "{:?}",
        files_under(root.path())
    );
}

#[tokio::test]
async fn a_band_header_that_is_not_an_id_names_no_folder() {
    let root = tempfile::tempdir().unwrap();
    let outside = tempfile::tempdir().unwrap();
    for band in [
        outside.path().display().to_string(),
        "../../x".to_owned(),
        "-3".to_owned(),
        "0".to_owned(),
    ] {
        let base = audio_server(3, &band, vec![1, 2, 3]).await;
        let err = play(&base, root.path())
            .await
            .expect_err("a band header that is not an id was used");
        assert!(
            err.message().contains("did not name its band"),
            "{band}: {}",
            err.message()
        );
    }
    assert!(files_under(root.path()).is_empty());
    assert!(files_under(outside.path()).is_empty());
}

#[test]
fn a_cache_folder_outside_its_root_is_refused() {
    let root = tempfile::tempdir().unwrap();
    let result = Client::new("http://127.0.0.1:9")
        .unwrap()
        .with_cache_in(root.path(), root.path().join("..").join("Pictures"));
    assert!(result.is_err());
}
