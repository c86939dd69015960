//! The `rehearsalhub-server` binary as operators run it: the start-up line, logs without
//! secrets, graceful shutdown that finishes requests in flight, several instances starting
//! at once on one database, and `kill -9` in the middle of a burst of writes. Runs on
//! SQLite always, and on PostgreSQL too when `DATABASE_URL` points at it.
#![allow(clippy::unwrap_used, clippy::expect_used)]

use std::io::{BufRead, BufReader, Read};
use std::path::Path;
use std::process::{Child, Command, Stdio};
use std::sync::{Arc, Mutex};
use std::time::Duration;

use serde_json::{Value, json};

struct Proc {
    child: Child,
    url: String,
    log: Arc<Mutex<String>>,
}

impl Drop for Proc {
    fn drop(&mut self) {
        let _ = self.child.kill();
        let _ = self.child.wait();
    }
}

/// Starts the binary and waits for its `listening on` line.
fn start(data_dir: &Path, database_url: Option<&str>, extra_env: &[(&str, &str)]) -> Proc {
    let mut cmd = Command::new(env!("CARGO_BIN_EXE_rehearsalhub-server"));
    cmd.args(["--listen", "127.0.0.1:0", "--data-dir"])
        .arg(data_dir)
        .env_remove("DATABASE_URL")
        .env("RUST_LOG", "debug,sqlx=debug,hyper=info,h2=info")
        .stdout(Stdio::piped())
        .stderr(Stdio::piped());
    if let Some(url) = database_url {
        cmd.args(["--database-url", url]);
    }
    for (k, v) in extra_env {
        cmd.env(k, v);
    }
    let mut child = cmd.spawn().expect("spawn server");
    let log = Arc::new(Mutex::new(String::new()));
    let mut stderr = child.stderr.take().unwrap();
    let sink = log.clone();
    std::thread::spawn(move || {
        let mut buf = [0u8; 4096];
        while let Ok(n) = stderr.read(&mut buf) {
            if n == 0 {
                break;
            }
            sink.lock()
                .unwrap()
                .push_str(&String::from_utf8_lossy(&buf[..n]));
        }
    });
    let mut stdout = BufReader::new(child.stdout.take().unwrap());
    let mut line = String::new();
    stdout.read_line(&mut line).expect("read start-up line");
    let url = line
        .trim()
        .strip_prefix("listening on ")
        .unwrap_or_else(|| {
            panic!(
                "unexpected first line {line:?}; log: {}",
                log.lock().unwrap()
            )
        })
        .to_owned();
    Proc { child, url, log }
}

fn http() -> reqwest::Client {
    let _ = rustls::crypto::ring::default_provider().install_default();
    reqwest::Client::new()
}

async fn post(c: &reqwest::Client, url: String, token: Option<&str>, body: Value) -> (u16, Value) {
    let mut req = c.post(url).json(&body);
    if let Some(t) = token {
        req = req.bearer_auth(t);
    }
    let res = req.send().await.unwrap();
    let status = res.status().as_u16();
    (status, res.json().await.unwrap_or(Value::Null))
}

async fn get_json(c: &reqwest::Client, url: String, token: &str) -> Value {
    let res = c.get(url).bearer_auth(token).send().await.unwrap();
    res.json().await.unwrap()
}

async fn register(c: &reqwest::Client, base: &str, name: &str) -> String {
    let (status, body) = post(
        c,
        format!("{base}/api/v1/auth/register"),
        None,
        json!({"username": name, "password": "hunter2hunter2"}),
    )
    .await;
    assert_eq!(status, 201, "{body}");
    body["token"].as_str().unwrap().to_owned()
}

/// Registers "ada" on the server at `base` and has her create a band: her token and the band.
async fn ada_with_band(c: &reqwest::Client, base: &str) -> (String, Value) {
    let token = register(c, base, "ada").await;
    let (status, band) = post(
        c,
        format!("{base}/api/v1/bands"),
        Some(&token),
        json!({"name": "Band"}),
    )
    .await;
    assert_eq!(status, 201, "{band}");
    (token, band)
}

/// The single value `query` gives, asked with `sqlite3` of the server's SQLite file in
/// `dir`, or with `psql` of the PostgreSQL database `db`.
fn sql_scalar(dir: &Path, db: Option<&str>, query: &str) -> String {
    let out = match db {
        Some(url) => Command::new("psql")
            .arg(url)
            .args(["-tAc", query])
            .output()
            .expect("psql"),
        None => Command::new("sqlite3")
            .arg(dir.join("rehearsalhub.db"))
            .arg(query)
            .output()
            .expect("sqlite3"),
    };
    assert!(
        out.status.success(),
        "{}",
        String::from_utf8_lossy(&out.stderr)
    );
    String::from_utf8_lossy(&out.stdout).trim().to_owned()
}

/// A fresh PostgreSQL database on the server of `DATABASE_URL`, if there is one.
async fn fresh_pg() -> Option<String> {
    let url = std::env::var("DATABASE_URL")
        .ok()
        .filter(|u| u.starts_with("postgres"))?;
    let (base, _) = url.rsplit_once('/')?;
    let name = format!(
        "rh_proc_{}",
        std::time::SystemTime::now()
            .duration_since(std::time::UNIX_EPOCH)
            .unwrap()
            .as_nanos()
    );
    let out = Command::new("psql")
        .arg(&url)
        .args(["-qc", &format!("CREATE DATABASE {name}")])
        .output()
        .expect("psql");
    assert!(
        out.status.success(),
        "{}",
        String::from_utf8_lossy(&out.stderr)
    );
    Some(format!("{base}/{name}"))
}

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn logs_name_routes_but_never_tokens_passwords_or_headers() {
    let dir = tempfile::tempdir().unwrap();
    let server = start(dir.path(), None, &[]);
    let c = http();
    let (token, band) = ada_with_band(&c, &server.url).await;
    let (_, invite) = post(
        &c,
        format!("{}/api/v1/bands/{}/invites", server.url, band["id"]),
        Some(&token),
        json!({}),
    )
    .await;
    let invite_token = invite["token"].as_str().unwrap().to_owned();
    let res = c
        .get(format!("{}/api/v1/invites/{invite_token}/info", server.url))
        .send()
        .await
        .unwrap();
    assert_eq!(res.status(), 200);
    let bob = register(&c, &server.url, "bob").await;
    let (status, _) = post(
        &c,
        format!("{}/api/v1/invites/{invite_token}/accept", server.url),
        Some(&bob),
        json!({}),
    )
    .await;
    assert_eq!(status, 200);
    tokio::time::sleep(Duration::from_millis(300)).await;
    let log = server.log.lock().unwrap().clone();
    assert!(
        log.contains("/api/v1/invites/{token}/info"),
        "the route template is logged:\n{log}"
    );
    assert!(log.contains("status=200"), "{log}");
    for secret in [&token, &bob, &invite_token, &"hunter2hunter2".to_owned()] {
        assert!(
            !log.contains(secret.as_str()),
            "a secret reached the log:\n{log}"
        );
    }
    assert!(!log.to_lowercase().contains("authorization"), "{log}");
    assert!(!log.to_lowercase().contains("bearer"), "{log}");
}

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn sigterm_finishes_the_download_in_flight_then_exits() {
    let dir = tempfile::tempdir().unwrap();
    let mut server = start(dir.path(), None, &[]);
    let c = http();
    let (token, band) = ada_with_band(&c, &server.url).await;
    let api = format!("{}/api/v1", server.url);
    let (_, song) = post(
        &c,
        format!("{api}/bands/{}/songs", band["id"]),
        Some(&token),
        json!({"title": "S"}),
    )
    .await;
    let samples: Vec<i16> = (0..4_000_000).map(|i| (i % 2000) as i16).collect();
    let audio = rehearsalhub_core::probe::wav_bytes(44_100, 2, &samples);
    let form = reqwest::multipart::Form::new().part(
        "file",
        reqwest::multipart::Part::bytes(audio.clone()).file_name("big.wav"),
    );
    let v: Value = c
        .post(format!("{api}/songs/{}/versions", song["id"]))
        .bearer_auth(&token)
        .multipart(form)
        .send()
        .await
        .unwrap()
        .json()
        .await
        .unwrap();
    let mut res = c
        .get(format!("{api}/versions/{}/stream", v["id"]))
        .bearer_auth(&token)
        .send()
        .await
        .unwrap();
    assert_eq!(res.status(), 200);
    let mut got = res.chunk().await.unwrap().unwrap().to_vec();
    // SIGTERM while the body is still being sent; read the rest slowly.
    let pid = server.child.id().to_string();
    assert!(
        Command::new("kill")
            .args(["-TERM", &pid])
            .status()
            .unwrap()
            .success()
    );
    tokio::time::sleep(Duration::from_millis(300)).await;
    while let Some(chunk) = res.chunk().await.unwrap() {
        got.extend_from_slice(&chunk);
    }
    assert_eq!(got.len(), audio.len(), "the download in flight completed");
    assert!(got == audio);
    let status = server.child.wait().unwrap();
    assert!(status.success(), "exit status {status:?}");
    // New connections are refused once it has stopped.
    assert!(c.get(format!("{api}/health")).send().await.is_err());
}

async fn concurrent_starts(db: Option<String>) {
    let dir = tempfile::tempdir().unwrap();
    let servers: Vec<Proc> = std::thread::scope(|s| {
        let handles: Vec<_> = (0..4)
            .map(|_| s.spawn(|| start(dir.path(), db.as_deref(), &[])))
            .collect();
        handles.into_iter().map(|h| h.join().unwrap()).collect()
    });
    let c = http();
    // Every instance serves the one database: a user registered on one signs in on all.
    register(&c, &servers[0].url, "ada").await;
    for s in &servers {
        let (status, body) = post(
            &c,
            format!("{}/api/v1/auth/login", s.url),
            None,
            json!({"username": "ada", "password": "hunter2hunter2"}),
        )
        .await;
        assert_eq!(status, 200, "{body}");
    }
}

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn instances_starting_together_migrate_once_and_share_the_database() {
    concurrent_starts(None).await;
    if let Some(url) = fresh_pg().await {
        concurrent_starts(Some(url)).await;
    }
}

/// Writes songs as fast as it can from 8 tasks, `kill -9`s the server mid-burst, restarts
/// it on the same database, and checks every acknowledged song is there.
async fn kill_during_writes(db: Option<String>) {
    let dir = tempfile::tempdir().unwrap();
    let server = start(dir.path(), db.as_deref(), &[]);
    let c = http();
    let (token, band) = ada_with_band(&c, &server.url).await;
    let api = format!("{}/api/v1", server.url);
    let band_id = band["id"].as_i64().unwrap();
    let acked = Arc::new(Mutex::new(Vec::<i64>::new()));
    let mut tasks = Vec::new();
    for t in 0..8 {
        let (c, api, token, acked) = (c.clone(), api.clone(), token.clone(), acked.clone());
        tasks.push(tokio::spawn(async move {
            for i in 0.. {
                let res = c
                    .post(format!("{api}/bands/{band_id}/songs"))
                    .bearer_auth(&token)
                    .json(&json!({"title": format!("t{t} n{i}")}))
                    .send()
                    .await;
                match res {
                    Ok(r) if r.status() == 201 => {
                        let v: Value = match r.json().await {
                            Ok(v) => v,
                            Err(_) => break,
                        };
                        acked.lock().unwrap().push(v["id"].as_i64().unwrap());
                    }
                    _ => break,
                }
            }
        }));
    }
    tokio::time::sleep(Duration::from_millis(700)).await;
    let mut server = server;
    server.child.kill().unwrap(); // SIGKILL
    server.child.wait().unwrap();
    for t in tasks {
        t.await.unwrap();
    }
    let acked = acked.lock().unwrap().clone();
    assert!(
        acked.len() > 20,
        "the burst wrote only {} songs",
        acked.len()
    );

    let restarted = start(dir.path(), db.as_deref(), &[]);
    let songs: Value = get_json(
        &c,
        format!("{}/api/v1/bands/{band_id}/songs", restarted.url),
        &token,
    )
    .await;
    let stored: Vec<i64> = songs
        .as_array()
        .unwrap()
        .iter()
        .map(|s| s["id"].as_i64().unwrap())
        .collect();
    for id in &acked {
        assert!(stored.contains(id), "acknowledged song {id} lost");
    }
    // Each stored song has its activity entry and each entry its song: no half-written
    // change. Asked of the database itself, since the API's activity log shows only the
    // newest entries and, on PostgreSQL, ids of concurrent writes need not come in order.
    let orphans = sql_scalar(
        dir.path(),
        db.as_deref(),
        &format!(
            "SELECT (SELECT count(*) FROM songs s WHERE s.band_id = {band_id} AND NOT EXISTS \
             (SELECT 1 FROM activity a WHERE a.kind = 'song_added' AND a.subject_id = s.id)) \
             + (SELECT count(*) FROM activity a WHERE a.band_id = {band_id} AND \
             a.kind = 'song_added' AND NOT EXISTS (SELECT 1 FROM songs s WHERE s.id = a.subject_id))"
        ),
    );
    assert_eq!(
        orphans, "0",
        "songs without their activity entry, or the reverse"
    );
    let count = sql_scalar(
        dir.path(),
        db.as_deref(),
        &format!("SELECT count(*) FROM songs WHERE band_id = {band_id}"),
    );
    assert_eq!(
        count,
        stored.len().to_string(),
        "the API lists every stored song"
    );
    if db.is_none() {
        let out = Command::new("sqlite3")
            .arg(dir.path().join("rehearsalhub.db"))
            .arg("PRAGMA integrity_check;")
            .output();
        if let Ok(out) = out {
            assert_eq!(String::from_utf8_lossy(&out.stdout).trim(), "ok");
        }
    }
}

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn kill_9_during_a_burst_of_writes_loses_no_acknowledged_write() {
    kill_during_writes(None).await;
    if let Some(url) = fresh_pg().await {
        kill_during_writes(Some(url)).await;
    }
}
