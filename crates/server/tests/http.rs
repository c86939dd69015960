//! The HTTP API as raw HTTP: status codes, exact JSON field names, the error shape,
//! authentication (missing, malformed, expired), body limits, streaming with ranges,
//! rate limits and the OpenAPI document. The permission matrix and the use cases' rules
//! run through HTTP in the conformance crate (`tests/http.rs`).
#![allow(clippy::unwrap_used, clippy::expect_used)]

use std::collections::BTreeSet;
use std::net::SocketAddr;
use std::sync::Arc;

use rehearsalhub_core::case::{self, UseCase, Visit};
use rehearsalhub_core::probe::wav_bytes;
use rehearsalhub_core::{BlobStore, Hub, ManualClock, Timestamp};
use rehearsalhub_server::{Config, Limits, router, state};
use reqwest::StatusCode;
use serde_json::{Value, json};

struct Server {
    url: String,
    clock: ManualClock,
    http: reqwest::Client,
    blobs: std::path::PathBuf,
    _dir: tempfile::TempDir,
}

async fn server_with(limits: Limits, max_upload_mb: u64) -> Server {
    let dir = tempfile::tempdir().unwrap();
    let store = rehearsalhub_store_sqlite::SqliteStore::open(dir.path().join("db.sqlite"))
        .await
        .unwrap();
    let clock = ManualClock::new(Timestamp::from_unix(1_795_262_400));
    let blobs = dir.path().join("blobs");
    let hub = Hub::new(Arc::new(store), BlobStore::open(&blobs).unwrap())
        .with_clock(Arc::new(clock.clone()))
        .with_probe(Arc::new(rehearsalhub_audio::DecodingProbe));
    let mut config = Config::new("127.0.0.1:0", dir.path());
    config.max_upload_mb = max_upload_mb;
    config.rate_limit_per_minute = 0;
    config.db_max_connections = 4;
    let hub = hub.with_config(rehearsalhub_core::Config {
        max_upload_bytes: max_upload_mb * 1024 * 1024,
        ..Default::default()
    });
    let (app, _) = router(state(hub, &config), &limits);
    let listener = tokio::net::TcpListener::bind("127.0.0.1:0").await.unwrap();
    let addr = listener.local_addr().unwrap();
    tokio::spawn(async move {
        axum::serve(
            listener,
            app.into_make_service_with_connect_info::<SocketAddr>(),
        )
        .await
        .unwrap();
    });
    Server {
        url: format!("http://{addr}/api/v1"),
        clock,
        http: http_client(),
        blobs,
        _dir: dir,
    }
}

/// reqwest in this workspace is built without a default TLS provider (see the client), and
/// with gzip (the client asks for it): these tests see the bytes the server sends.
fn http_client() -> reqwest::Client {
    let _ = rustls::crypto::ring::default_provider().install_default();
    reqwest::Client::builder().gzip(false).build().unwrap()
}

async fn server() -> Server {
    server_with(Limits::per_minute(0), 200).await
}

/// A response's status and JSON (null when empty).
struct Got {
    status: StatusCode,
    headers: reqwest::header::HeaderMap,
    json: Value,
}

impl Server {
    async fn call(
        &self,
        method: &str,
        path: &str,
        token: Option<&str>,
        body: Option<Value>,
    ) -> Got {
        let mut req = self
            .http
            .request(method.parse().unwrap(), format!("{}{path}", self.url));
        if let Some(t) = token {
            req = req.bearer_auth(t);
        }
        if let Some(b) = body {
            req = req.json(&b);
        }
        let res = req.send().await.unwrap();
        let status = res.status();
        let headers = res.headers().clone();
        let bytes = res.bytes().await.unwrap();
        let json = if bytes.is_empty() {
            Value::Null
        } else {
            serde_json::from_slice(&bytes)
                .unwrap_or(Value::String(String::from_utf8_lossy(&bytes).into_owned()))
        };
        Got {
            status,
            headers,
            json,
        }
    }

    async fn register(&self, name: &str) -> (String, i64) {
        let got = self
            .call(
                "POST",
                "/auth/register",
                None,
                Some(json!({"username": name, "password": "correct horse"})),
            )
            .await;
        assert_eq!(got.status, 201, "{}", got.json);
        (
            got.json["token"].as_str().unwrap().to_owned(),
            got.json["user"]["id"].as_i64().unwrap(),
        )
    }

    /// A new band of `token`'s user; its id.
    async fn band(&self, token: &str) -> i64 {
        let got = self
            .call("POST", "/bands", Some(token), Some(json!({"name": "Band"})))
            .await;
        got.json["id"].as_i64().unwrap()
    }

    /// A new band with one song; their ids.
    async fn band_with_song(&self, token: &str) -> (i64, i64) {
        let band = self.band(token).await;
        let got = self
            .call(
                "POST",
                &format!("/bands/{band}/songs"),
                Some(token),
                Some(json!({"title": "S"})),
            )
            .await;
        (band, got.json["id"].as_i64().unwrap())
    }

    async fn upload(&self, token: &str, song: i64, bytes: Vec<u8>, label: Option<&str>) -> Got {
        let mut form = reqwest::multipart::Form::new().part(
            "file",
            reqwest::multipart::Part::bytes(bytes).file_name("take.wav"),
        );
        if let Some(l) = label {
            form = form.text("label", l.to_owned());
        }
        let res = self
            .http
            .post(format!("{}/songs/{song}/versions", self.url))
            .bearer_auth(token)
            .multipart(form)
            .send()
            .await
            .unwrap();
        let status = res.status();
        let headers = res.headers().clone();
        let json = res.json().await.unwrap_or(Value::Null);
        Got {
            status,
            headers,
            json,
        }
    }
}

fn keys(v: &Value) -> BTreeSet<String> {
    v.as_object()
        .unwrap_or_else(|| panic!("not an object: {v}"))
        .keys()
        .cloned()
        .collect()
}

fn set(names: &[&str]) -> BTreeSet<String> {
    names.iter().map(|s| (*s).to_owned()).collect()
}

fn assert_error(got: &Got, status: u16, code: &str) {
    assert_eq!(got.status.as_u16(), status, "{}", got.json);
    assert_eq!(got.json["code"], code, "{}", got.json);
    assert!(got.json["message"].as_str().is_some_and(|m| !m.is_empty()));
    assert_eq!(
        got.json["detail"], got.json["message"],
        "detail repeats the message"
    );
}

fn tone(ms: u32) -> Vec<u8> {
    let n = (8000 * ms / 1000) as usize;
    let samples: Vec<i16> = (0..n)
        .map(|i| ((i as f32 * 0.3).sin() * 8000.0) as i16)
        .collect();
    wav_bytes(8000, 1, &samples)
}

#[tokio::test]
async fn every_route_answers_with_the_status_and_fields_of_the_spec() {
    let s = server().await;
    let reg = s
        .call(
            "POST",
            "/auth/register",
            None,
            Some(
                json!({"username": "Ada", "password": "correct horse", "display_name": " Ada L "}),
            ),
        )
        .await;
    assert_eq!(reg.status, 201);
    assert_eq!(keys(&reg.json), set(&["user", "token"]));
    assert_eq!(
        keys(&reg.json["user"]),
        set(&["id", "username", "display_name"])
    );
    assert_eq!(reg.json["user"]["username"], "ada");
    assert_eq!(reg.json["user"]["display_name"], "Ada L");
    let login = s
        .call(
            "POST",
            "/auth/login",
            None,
            Some(json!({"username": "ada", "password": "correct horse"})),
        )
        .await;
    assert_eq!(login.status, 200);
    assert_eq!(keys(&login.json), set(&["user", "token"]));
    let ada = login.json["token"].as_str().unwrap().to_owned();
    let me = s.call("GET", "/me", Some(&ada), None).await;
    assert_eq!(me.status, 200);
    assert_eq!(keys(&me.json), set(&["id", "username", "display_name"]));

    let band = s
        .call(
            "POST",
            "/bands",
            Some(&ada),
            Some(json!({"name": "The Quiet Ones"})),
        )
        .await;
    assert_eq!(band.status, 201);
    assert_eq!(
        keys(&band.json),
        set(&["id", "name", "slug", "created_at", "my_role"])
    );
    assert_eq!(band.json["my_role"], "admin");
    let b = band.json["id"].as_i64().unwrap();
    let bands = s.call("GET", "/bands", Some(&ada), None).await;
    assert_eq!(bands.status, 200);
    assert_eq!(bands.json.as_array().unwrap().len(), 1);
    let one = s
        .call("GET", &format!("/bands/{b}"), Some(&ada), None)
        .await;
    assert_eq!(
        (one.status.as_u16(), &one.json["slug"]),
        (200, &json!("the-quiet-ones"))
    );

    // A token invite: 201 {invite, token}; the list never has the token.
    let inv = s
        .call(
            "POST",
            &format!("/bands/{b}/invites"),
            Some(&ada),
            Some(json!({"expires_in_hours": 2})),
        )
        .await;
    assert_eq!(inv.status, 201, "{}", inv.json);
    assert!(keys(&inv.json).is_superset(&set(&["invite", "token"])));
    let token = inv.json["token"].as_str().unwrap().to_owned();
    assert_eq!(token.len(), 43);
    let invite_id = inv.json["invite"]["id"].as_i64().unwrap();
    let info = s
        .call("GET", &format!("/invites/{token}/info"), None, None)
        .await;
    assert_eq!(info.status, 200);
    for k in [
        "id",
        "band_id",
        "band_name",
        "band_slug",
        "role",
        "created_at",
        "expires_at",
        "status",
        "is_used",
        "invited_by",
    ] {
        assert!(
            info.json.get(k).is_some(),
            "preview lacks {k}: {}",
            info.json
        );
    }
    assert_eq!(info.json["status"], "pending");
    assert!(!info.json.to_string().contains(&token));

    let (bo, bo_id) = s.register("bob").await;
    let joined = s
        .call("POST", &format!("/invites/{token}/accept"), Some(&bo), None)
        .await;
    assert_eq!(joined.status, 200);
    assert_eq!(
        keys(&joined.json),
        set(&[
            "band_id",
            "member_id",
            "username",
            "display_name",
            "role",
            "joined_at"
        ])
    );
    let again = s
        .call("POST", &format!("/invites/{token}/accept"), Some(&bo), None)
        .await;
    assert_error(&again, 409, "conflict");

    let list = s
        .call("GET", &format!("/bands/{b}/invites"), Some(&bo), None)
        .await;
    assert_eq!(list.status, 200);
    assert_eq!(keys(&list.json), set(&["invites", "total", "pending"]));
    assert!(
        !list.json.to_string().contains(&token),
        "a list never carries the token"
    );
    let members = s
        .call("GET", &format!("/bands/{b}/members"), Some(&bo), None)
        .await;
    assert_eq!(members.json.as_array().unwrap().len(), 2);

    // Direct invite: token null; the invitee sees it and declines (204) or accepts (200).
    let (cy, cy_id) = s.register("cyrus").await;
    let found = s
        .call(
            "GET",
            &format!("/bands/{b}/non-members?q=cy"),
            Some(&ada),
            None,
        )
        .await;
    assert_eq!(found.status, 200);
    assert_eq!(
        keys(&found.json[0]),
        set(&["id", "username", "display_name", "invited"])
    );
    let direct = s
        .call(
            "POST",
            &format!("/bands/{b}/invites"),
            Some(&ada),
            Some(json!({"invitee_id": cy_id, "role": "member"})),
        )
        .await;
    assert_eq!(direct.status, 201);
    assert!(direct.json["token"].is_null());
    let inbox = s.call("GET", "/me/invites", Some(&cy), None).await;
    assert_eq!(inbox.json.as_array().unwrap().len(), 1);
    assert!(inbox.json[0].get("band_name").is_some());
    let direct_id = direct.json["invite"]["id"].as_i64().unwrap();
    let declined = s
        .call(
            "POST",
            &format!("/me/invites/{direct_id}/decline"),
            Some(&cy),
            None,
        )
        .await;
    assert_eq!(declined.status, 204);
    let direct2 = s
        .call(
            "POST",
            &format!("/bands/{b}/invites"),
            Some(&ada),
            Some(json!({"invitee_id": cy_id})),
        )
        .await;
    let direct2_id = direct2.json["invite"]["id"].as_i64().unwrap();
    let accepted = s
        .call(
            "POST",
            &format!("/me/invites/{direct2_id}/accept"),
            Some(&cy),
            None,
        )
        .await;
    assert_eq!(accepted.status, 200);
    assert_eq!(accepted.json["member_id"], cy_id);

    // Roles and removal.
    let promoted = s
        .call(
            "PATCH",
            &format!("/bands/{b}/members/{bo_id}"),
            Some(&ada),
            Some(json!({"role": "admin"})),
        )
        .await;
    assert_eq!(
        (promoted.status.as_u16(), &promoted.json["role"]),
        (200, &json!("admin"))
    );
    let left = s
        .call(
            "DELETE",
            &format!("/bands/{b}/members/{cy_id}"),
            Some(&cy),
            None,
        )
        .await;
    assert_eq!(left.status, 204, "a member removes themself");

    // Songs and versions.
    let song = s
        .call(
            "POST",
            &format!("/bands/{b}/songs"),
            Some(&bo),
            Some(json!({"title": "Opener"})),
        )
        .await;
    assert_eq!(song.status, 201);
    assert!(keys(&song.json).is_superset(&set(&[
        "id",
        "band_id",
        "title",
        "created_at",
        "tags",
        "key",
        "bpm",
        "status",
        "notes"
    ])));
    assert_eq!(song.json["status"], "idea");
    // Its details are edited at the song's own route; `null` clears one (SPEC §8).
    let edited = s
        .call(
            "PATCH",
            &format!("/songs/{}", song.json["id"]),
            Some(&bo),
            Some(json!({"key": "Bbm", "bpm": 72, "tags": ["Slow"]})),
        )
        .await;
    assert_eq!(edited.status, 200, "{}", edited.json);
    assert_eq!(
        (edited.json["key"].as_str(), edited.json["bpm"].as_i64()),
        (Some("B♭ minor"), Some(72))
    );
    let cleared = s
        .call(
            "PATCH",
            &format!("/songs/{}", song.json["id"]),
            Some(&bo),
            Some(json!({"key": null})),
        )
        .await;
    assert_eq!(
        (cleared.json["key"].is_null(), cleared.json["bpm"].as_i64()),
        (true, Some(72))
    );
    let bad = s
        .call(
            "PATCH",
            &format!("/songs/{}", song.json["id"]),
            Some(&bo),
            Some(json!({"bpm": 500})),
        )
        .await;
    assert_error(&bad, 422, "invalid_input");
    assert_eq!(bad.json["field"], "bpm", "{}", bad.json);
    let song_id = song.json["id"].as_i64().unwrap();
    let v = s.upload(&bo, song_id, tone(400), Some("First take")).await;
    assert_eq!(v.status, 201, "{}", v.json);
    assert_eq!(
        keys(&v.json),
        set(&[
            "id",
            "song_id",
            "label",
            "format",
            "size_bytes",
            "duration_ms",
            "sample_rate",
            "channels",
            "uploaded_by",
            "created_at",
            "recorded_at",
            "session_id",
            "comment_count",
            "open_issues",
            "keepers"
        ])
    );
    assert_eq!(v.json["label"], "First take");
    assert_eq!(v.json["duration_ms"], 400);
    let vid = v.json["id"].as_i64().unwrap();
    let got = s
        .call("GET", &format!("/versions/{vid}"), Some(&ada), None)
        .await;
    assert_eq!(got.json, v.json);
    let peaks = s
        .call("GET", &format!("/versions/{vid}/peaks"), Some(&ada), None)
        .await;
    assert_eq!(peaks.status, 200);
    assert_eq!(peaks.json["min"].as_array().unwrap().len(), 1000);
    let songs = s
        .call("GET", &format!("/bands/{b}/songs"), Some(&ada), None)
        .await;
    assert_eq!(songs.json[0]["versions"][0]["id"], vid);
    // Rehearsal sessions (SPEC §8): their shape, a take sorted into one as it is added, found
    // by the search, taken out with `null`.
    let session = s
        .call(
            "POST",
            &format!("/bands/{b}/sessions"),
            Some(&bo),
            Some(json!({"date": "2026-03-14", "place": " The garage "})),
        )
        .await;
    assert_eq!(session.status, 201, "{}", session.json);
    assert_eq!(
        keys(&session.json),
        set(&[
            "id",
            "band_id",
            "date",
            "place",
            "notes",
            "created_by",
            "created_at",
            "take_count"
        ])
    );
    assert_eq!(session.json["place"], "The garage");
    let sid = session.json["id"].as_i64().unwrap();
    let form = reqwest::multipart::Form::new()
        .text("session_id", sid.to_string())
        .text("recorded_at", "2026-03-14T20:15:00")
        .part(
            "file",
            reqwest::multipart::Part::bytes(tone(300)).file_name("t.wav"),
        );
    let res = s
        .http
        .post(format!("{}/songs/{song_id}/versions", s.url))
        .bearer_auth(&bo)
        .multipart(form)
        .send()
        .await
        .unwrap();
    assert_eq!(res.status(), 201);
    let sorted: Value = res.json().await.unwrap();
    assert_eq!(
        (
            sorted["session_id"].as_i64(),
            sorted["recorded_at"].as_str()
        ),
        (Some(sid), Some("2026-03-14T20:15:00"))
    );
    let one = s
        .call("GET", &format!("/sessions/{sid}"), Some(&ada), None)
        .await;
    assert_eq!(keys(&one.json), set(&["session", "takes"]));
    assert_eq!(one.json["takes"][0]["version"]["id"], sorted["id"]);
    let found = s
        .call(
            "GET",
            &format!("/bands/{b}/songs?session_id={sid}"),
            Some(&ada),
            None,
        )
        .await;
    assert_eq!(
        found.json.as_array().map(Vec::len),
        Some(1),
        "{}",
        found.json
    );
    let unsorted = s
        .call(
            "PATCH",
            &format!("/versions/{}", sorted["id"]),
            Some(&bo),
            Some(json!({"session_id": null})),
        )
        .await;
    assert_eq!(
        unsorted.json["session_id"],
        Value::Null,
        "{}",
        unsorted.json
    );
    let del_session = s
        .call("DELETE", &format!("/sessions/{sid}"), Some(&bo), None)
        .await;
    assert_eq!(del_session.status, 204);
    let activity = s
        .call("GET", &format!("/bands/{b}/activity"), Some(&ada), None)
        .await;
    assert_eq!(activity.status, 200);
    assert!(activity.json.as_array().unwrap().len() >= 6);
    assert!(!activity.json.to_string().contains(&token));

    let del_v = s
        .call("DELETE", &format!("/versions/{vid}"), Some(&bo), None)
        .await;
    assert_eq!(del_v.status, 204);
    let del_s = s
        .call("DELETE", &format!("/songs/{song_id}"), Some(&ada), None)
        .await;
    assert_eq!(del_s.status, 204);
    let revoke = s
        .call("DELETE", &format!("/invites/{invite_id}"), Some(&ada), None)
        .await;
    assert_error(&revoke, 409, "conflict");
    let health = s.call("GET", "/health", None, None).await;
    assert_eq!(health.status, 200);
    let out = s.call("POST", "/auth/logout", Some(&ada), None).await;
    assert_eq!(out.status, 204);
    assert_error(
        &s.call("GET", "/me", Some(&ada), None).await,
        401,
        "unauthenticated",
    );
}

#[tokio::test]
async fn authentication_missing_malformed_expired_and_signed_out() {
    let s = server().await;
    let (token, _) = s.register("ada").await;
    assert_error(
        &s.call("GET", "/bands", None, None).await,
        401,
        "unauthenticated",
    );
    assert_error(
        &s.call("GET", "/bands", Some("not a token at all"), None)
            .await,
        401,
        "unauthenticated",
    );
    let wrong_scheme = s
        .http
        .get(format!("{}/bands", s.url))
        .header("Authorization", format!("Basic {token}"))
        .send()
        .await
        .unwrap();
    assert_eq!(wrong_scheme.status(), 401);
    assert_eq!(
        s.call("GET", "/bands", Some(&token), None).await.status,
        200
    );
    s.clock.advance(30 * 24 * 3600 + 1);
    assert_error(
        &s.call("GET", "/bands", Some(&token), None).await,
        401,
        "unauthenticated",
    );
    // Open routes stay open whatever the header says.
    assert_eq!(
        s.call("GET", "/health", Some("garbage"), None).await.status,
        200
    );
    let wrong = s
        .call(
            "POST",
            "/auth/login",
            None,
            Some(json!({"username": "ada", "password": "wrong password"})),
        )
        .await;
    assert_error(&wrong, 401, "unauthenticated");
    let nobody = s
        .call(
            "POST",
            "/auth/login",
            None,
            Some(json!({"username": "nobody", "password": "wrong password"})),
        )
        .await;
    assert_eq!(nobody.json["message"], wrong.json["message"]);
}

#[tokio::test]
async fn bad_input_names_its_field_and_odd_requests_keep_the_error_shape() {
    let s = server().await;
    let (t, _) = s.register("ada").await;
    let short = s
        .call(
            "POST",
            "/auth/register",
            None,
            Some(json!({"username": "x", "password": "correct horse"})),
        )
        .await;
    assert_error(&short, 422, "invalid_input");
    assert_eq!(short.json["field"], "username");
    let cases: Vec<(&str, String, Value, &str)> = vec![
        ("POST", "/bands".into(), json!({"name": "  "}), "name"),
        // A missing field is named (it was `body` before use cases were declared).
        ("POST", "/bands".into(), json!({"nom": "x"}), "name"),
        ("GET", "/bands/abc".into(), Value::Null, "band_id"),
        ("GET", "/bands/0/members".into(), Value::Null, "band_id"),
        ("GET", "/invites/short/info".into(), Value::Null, "token"),
        ("DELETE", "/invites/-4".into(), Value::Null, "invite_id"),
        ("GET", "/versions/1.5".into(), Value::Null, "version_id"),
    ];
    for (method, path, body, field) in cases {
        let got = s
            .call(method, &path, Some(&t), (!body.is_null()).then_some(body))
            .await;
        assert_error(&got, 422, "invalid_input");
        assert_eq!(got.json["field"], field, "{method} {path}: {}", got.json);
    }
    let b = s.band(&t).await;
    for (body, field) in [
        (json!({"role": "boss"}), "role"),
        (json!({"expires_in_hours": 0}), "expires_in_hours"),
        (json!({"expires_in_hours": 721}), "expires_in_hours"),
        (json!({"invitee_id": -1}), "invitee_id"),
    ] {
        let got = s
            .call("POST", &format!("/bands/{b}/invites"), Some(&t), Some(body))
            .await;
        assert_eq!(got.json["field"], field, "{}", got.json);
    }
    let q = s
        .call(
            "GET",
            &format!("/bands/{b}/non-members?q=a"),
            Some(&t),
            None,
        )
        .await;
    assert_eq!(q.json["field"], "q");
    let limit = s
        .call(
            "GET",
            &format!("/bands/{b}/invites?limit=ten"),
            Some(&t),
            None,
        )
        .await;
    assert_eq!(limit.json["field"], "limit");
    // Not JSON, too large, unknown address, wrong method: still {code, message, detail}.
    let not_json = s
        .http
        .post(format!("{}/bands", s.url))
        .bearer_auth(&t)
        .body("name=x")
        .send()
        .await
        .unwrap();
    assert_eq!(not_json.status(), 422);
    let big = "x".repeat(70 * 1024);
    let too_big = s
        .call("POST", "/bands", Some(&t), Some(json!({ "name": big })))
        .await;
    assert_error(&too_big, 422, "invalid_input");
    assert_eq!(too_big.json["field"], "body");
    assert_error(
        &s.call("GET", "/nowhere", None, None).await,
        404,
        "not_found",
    );
    assert_error(
        &s.call("PUT", "/me", Some(&t), None).await,
        404,
        "not_found",
    );
    assert_error(
        &s.call("GET", &format!("/bands/{}", b + 100), Some(&t), None)
            .await,
        404,
        "not_found",
    );
}

#[tokio::test]
async fn uploads_over_the_limit_or_not_audio_leave_nothing_behind() {
    let s = server_with(Limits::per_minute(0), 1).await;
    let (t, _) = s.register("ada").await;
    let (b, song) = s.band_with_song(&t).await;
    // 1 MiB limit: a 1.5 MiB WAV is refused while it streams in.
    let big = tone(100_000);
    assert!(big.len() > 1024 * 1024 + 512 * 1024);
    let got = s.upload(&t, song, big, None).await;
    assert_eq!(got.status, 422, "{}", got.json);
    assert_eq!(got.json["field"], "file");
    let not_audio = s.upload(&t, song, b"hello, not audio".to_vec(), None).await;
    assert_eq!(not_audio.status, 422);
    assert_eq!(not_audio.json["field"], "file");
    let no_file = s
        .http
        .post(format!("{}/songs/{song}/versions", s.url))
        .bearer_auth(&t)
        .multipart(reqwest::multipart::Form::new().text("label", "x"))
        .send()
        .await
        .unwrap();
    assert_eq!(no_file.status(), 422);
    let songs = s
        .call("GET", &format!("/bands/{b}/songs"), Some(&t), None)
        .await;
    assert_eq!(songs.json[0]["versions"], json!([]));
    let mut leftovers = Vec::new();
    for entry in walk(&s.blobs) {
        leftovers.push(entry);
    }
    assert!(leftovers.is_empty(), "files left: {leftovers:?}");
    // A file just under the limit is accepted.
    let ok = s.upload(&t, song, tone(50_000), None).await;
    assert_eq!(ok.status, 201, "{}", ok.json);
}

fn walk(dir: &std::path::Path) -> Vec<std::path::PathBuf> {
    let mut out = Vec::new();
    for e in std::fs::read_dir(dir).unwrap().flatten() {
        let p = e.path();
        if p.is_dir() {
            out.extend(walk(&p));
        } else {
            out.push(p);
        }
    }
    out
}

#[tokio::test]
async fn streaming_serves_ranges_with_etag_and_type_to_members_only() {
    let s = server().await;
    let (t, _) = s.register("ada").await;
    let (outsider, _) = s.register("zed").await;
    let (b, song) = s.band_with_song(&t).await;
    let audio = tone(3000);
    let v = s.upload(&t, song, audio.clone(), None).await.json["id"]
        .as_i64()
        .unwrap();
    let url = format!("{}/versions/{v}/stream", s.url);
    let whole = s.http.get(&url).bearer_auth(&t).send().await.unwrap();
    assert_eq!(whole.status(), 200);
    let h = whole.headers().clone();
    assert_eq!(h["content-type"], "audio/wav");
    assert_eq!(h["accept-ranges"], "bytes");
    let sha = rehearsalhub_core::secret::sha256_hex(&audio);
    assert_eq!(h["etag"].to_str().unwrap(), format!("\"{sha}\""));
    assert_eq!(h["x-band-id"].to_str().unwrap(), b.to_string());
    assert_eq!(whole.bytes().await.unwrap().as_ref(), audio.as_slice());

    // Several seeks, as a player makes them.
    let len = audio.len();
    for (range, start, end) in [
        ("bytes=0-99".to_owned(), 0, 99),
        (format!("bytes={}-", len - 10), len - 10, len - 1),
        ("bytes=-300".to_owned(), len - 300, len - 1),
        ("bytes=1000-1999".to_owned(), 1000, 1999),
        (format!("bytes=2000-{}", len + 500), 2000, len - 1),
    ] {
        let part = s
            .http
            .get(&url)
            .bearer_auth(&t)
            .header("Range", &range)
            .send()
            .await
            .unwrap();
        assert_eq!(part.status(), 206, "{range}");
        assert_eq!(
            part.headers()["content-range"].to_str().unwrap(),
            format!("bytes {start}-{end}/{len}")
        );
        assert_eq!(part.headers()["content-type"], "audio/wav");
        assert_eq!(
            part.bytes().await.unwrap().as_ref(),
            &audio[start..=end],
            "{range}"
        );
    }
    let outside = s
        .http
        .get(&url)
        .bearer_auth(&t)
        .header("Range", format!("bytes={len}-"))
        .send()
        .await
        .unwrap();
    assert_eq!(outside.status(), 416);
    assert_eq!(
        outside.headers()["content-range"].to_str().unwrap(),
        format!("bytes */{len}")
    );
    let cached = s
        .http
        .get(&url)
        .bearer_auth(&t)
        .header("If-None-Match", format!("\"{sha}\""))
        .send()
        .await
        .unwrap();
    assert_eq!(cached.status(), 304);
    let stale_range = s
        .http
        .get(&url)
        .bearer_auth(&t)
        .header("Range", "bytes=0-9")
        .header("If-Range", "\"something-else\"")
        .send()
        .await
        .unwrap();
    assert_eq!(stale_range.status(), 200, "If-Range mismatch sends it all");

    for (token, status) in [(None, 401), (Some(outsider.as_str()), 403)] {
        let mut req = s.http.get(&url);
        if let Some(tk) = token {
            req = req.bearer_auth(tk);
        }
        let res = req.send().await.unwrap();
        assert_eq!(res.status(), status);
    }
}

#[tokio::test]
async fn sign_in_preview_and_redemption_are_rate_limited_per_address() {
    let s = server_with(Limits::per_minute(3), 200).await;
    let (t, _) = s.register("ada").await;
    let login = json!({"username": "ada", "password": "correct horse"});
    for _ in 0..3 {
        let ok = s
            .call("POST", "/auth/login", None, Some(login.clone()))
            .await;
        assert_eq!(ok.status, 200);
    }
    let limited = s
        .call("POST", "/auth/login", None, Some(login.clone()))
        .await;
    assert_error(&limited, 429, "rate_limited");
    let wait: u64 = limited.headers["retry-after"]
        .to_str()
        .unwrap()
        .parse()
        .unwrap();
    assert!((1..=20).contains(&wait), "Retry-After {wait}");
    assert_eq!(limited.json["retry_after_secs"], wait);

    let fake = "A".repeat(43);
    for _ in 0..3 {
        let got = s
            .call("GET", &format!("/invites/{fake}/info"), None, None)
            .await;
        assert_error(&got, 404, "not_found");
    }
    let got = s
        .call("GET", &format!("/invites/{fake}/info"), None, None)
        .await;
    assert_error(&got, 429, "rate_limited");
    for _ in 0..3 {
        let got = s
            .call("POST", &format!("/invites/{fake}/accept"), Some(&t), None)
            .await;
        assert_error(&got, 404, "not_found");
    }
    let got = s
        .call("POST", &format!("/invites/{fake}/accept"), Some(&t), None)
        .await;
    assert_error(&got, 429, "rate_limited");
    // Other routes are not limited.
    for _ in 0..10 {
        assert_eq!(s.call("GET", "/me", Some(&t), None).await.status, 200);
    }
}

#[tokio::test]
async fn the_openapi_document_describes_every_route_the_server_has() {
    let s = server().await;
    let doc = s.call("GET", "/openapi.json", None, None).await;
    assert_eq!(doc.status, 200);
    assert!(doc.json["openapi"].as_str().unwrap().starts_with("3."));
    let paths = doc.json["paths"].as_object().unwrap();
    // Every declared use case has its route, and so do the routes kept by hand.
    struct Routes(Vec<(String, &'static str)>);
    impl Visit for Routes {
        fn case<U: UseCase>(&mut self) {
            let route = U::ROUTE;
            self.0
                .push((route.method.as_str().to_lowercase(), route.path));
        }
    }
    let mut routes = Routes(Vec::new());
    case::each(&mut routes);
    let mut expected = routes.0;
    for (method, path) in [
        ("post", "/songs/{song_id}/versions"),
        ("get", "/versions/{version_id}/stream"),
        ("get", "/events"),
        ("get", "/health"),
    ] {
        expected.push((method.to_owned(), path));
    }
    let documented: usize = paths
        .values()
        .map(|item| item.as_object().unwrap().len())
        .sum();
    assert_eq!(documented, expected.len(), "documented operations");
    for (method, path) in &expected {
        let op = &paths
            .get(*path)
            .unwrap_or_else(|| panic!("{path} undocumented"))[method.as_str()];
        assert!(op.is_object(), "{method} {path} undocumented");
        assert!(
            op["responses"].get("422").is_some(),
            "{method} {path} documents its errors"
        );
    }
    // Each documented operation answers at its documented address (not 404/405 of the
    // router): the document and the routes come from the same annotations.
    for (method, path) in expected {
        let concrete = path
            .replace("{band_id}", "1")
            .replace("{member_id}", "1")
            .replace("{invite_id}", "1")
            .replace("{song_id}", "1")
            .replace("{version_id}", "1")
            .replace("{token}", &"A".repeat(43));
        let got = s.call(&method.to_uppercase(), &concrete, None, None).await;
        assert!(
            got.json
                .get("message")
                .and_then(Value::as_str)
                .is_none_or(|m| !m.contains("no such address") && !m.contains("does not answer")),
            "{method} {path}: {}",
            got.json
        );
    }
    let schemas = doc.json["components"]["schemas"].as_object().unwrap();
    for name in [
        "Band",
        "Member",
        "Version",
        "InvitePreview",
        "ErrorBody",
        "SignedIn",
    ] {
        assert!(schemas.contains_key(name), "schema {name}");
    }
    assert_eq!(
        doc.json["components"]["securitySchemes"]["bearer"]["scheme"],
        "bearer"
    );
}

#[tokio::test]
async fn comments_answer_with_the_spec_fields_an_etag_and_gzip() {
    let s = server().await;
    let (ada, _) = s.register("ada").await;
    let (outsider, _) = s.register("ozzy").await;
    let (_, song) = s.band_with_song(&ada).await;
    let v = s.upload(&ada, song, tone(400), None).await;
    let vid = v.json["id"].as_i64().unwrap();
    let path = format!("/versions/{vid}/comments");

    let c = s
        .call(
            "POST",
            &path,
            Some(&ada),
            Some(json!({"at_ms": 100, "until_ms": 300, "body": " Keep ", "tag": "keeper"})),
        )
        .await;
    assert_eq!(c.status, 201, "{}", c.json);
    assert_eq!(
        keys(&c.json),
        set(&[
            "id",
            "version_id",
            "parent_id",
            "at_ms",
            "until_ms",
            "body",
            "tag",
            "resolved",
            "resolved_by",
            "author",
            "created_at",
            "edited_at",
            "deleted",
            "replies"
        ])
    );
    assert_eq!(
        (c.json["body"].as_str(), c.json["tag"].as_str()),
        (Some("Keep"), Some("keeper"))
    );
    let cid = c.json["id"].as_i64().unwrap();
    for (body, field) in [
        (json!({"at_ms": 401, "body": "x"}), "at_ms"),
        (json!({"at_ms": 10, "until_ms": 5, "body": "x"}), "until_ms"),
        (json!({"at_ms": 10, "body": "  "}), "body"),
        (json!({"at_ms": 10, "body": "x", "tag": "bug"}), "tag"),
    ] {
        let bad = s.call("POST", &path, Some(&ada), Some(body)).await;
        assert_error(&bad, 422, "invalid_input");
        assert_eq!(bad.json["field"], field);
    }
    assert_error(
        &s.call("GET", &path, Some(&outsider), None).await,
        403,
        "forbidden",
    );

    let reply = s
        .call(
            "POST",
            &format!("/comments/{cid}/replies"),
            Some(&ada),
            Some(json!({"body": "yes"})),
        )
        .await;
    assert_eq!(reply.status, 201);
    assert_eq!(reply.json["parent_id"], cid);
    let patched = s
        .call(
            "PATCH",
            &format!("/comments/{cid}"),
            Some(&ada),
            Some(json!({"tag": "issue", "resolved": true})),
        )
        .await;
    assert_eq!(
        (patched.status.as_u16(), &patched.json["resolved"]),
        (200, &json!(true))
    );

    // The list: comments with replies, an ETag that holds until the next write, gzip on
    // request, and no 304 for someone who may not read it.
    let list = s.call("GET", &path, Some(&ada), None).await;
    assert_eq!(list.status, 200);
    assert_eq!(list.json[0]["replies"][0]["body"], "yes");
    let etag = list.headers["etag"].to_str().unwrap().to_owned();
    let again = |token: &str, extra: Option<(&str, &str)>| {
        let mut req = s.http.get(format!("{}{path}", s.url)).bearer_auth(token);
        if let Some((k, v)) = extra {
            req = req.header(k, v);
        }
        req.send()
    };
    let same = again(&ada, Some(("If-None-Match", &etag))).await.unwrap();
    assert_eq!(same.status(), 304);
    assert_eq!(
        again(&outsider, Some(("If-None-Match", &etag)))
            .await
            .unwrap()
            .status(),
        403
    );
    let zipped = again(&ada, Some(("Accept-Encoding", "gzip")))
        .await
        .unwrap();
    assert_eq!(zipped.headers()["content-encoding"], "gzip");
    let packed = zipped.bytes().await.unwrap();
    let mut text = String::new();
    std::io::Read::read_to_string(&mut flate2::read::GzDecoder::new(&packed[..]), &mut text)
        .unwrap();
    assert_eq!(serde_json::from_str::<Value>(&text).unwrap(), list.json);

    let del = s
        .call("DELETE", &format!("/comments/{cid}"), Some(&ada), None)
        .await;
    assert_eq!(del.status, 204);
    let changed = again(&ada, Some(("If-None-Match", &etag))).await.unwrap();
    assert_eq!(changed.status(), 200, "a write changes the ETag");
    let after: Value = changed.json().await.unwrap();
    assert_eq!(after[0]["deleted"], true, "kept for its reply");
}
