//! Measures the desktop app: launch to first interactive screen (through WebDriver), command
//! round trips from the webview, binary size and idle resident memory; then the same app
//! connected to a `rehearsalhub-server` (`RH_SERVER_BIN`): round trips through HTTP, and
//! playing a long version the first time (download and SHA-256 check) and again (cached).
//! Run under Xvfb with a built app and a PulseAudio server: `scripts/bench-app.sh`.

#![allow(clippy::unwrap_used, clippy::expect_used)]

use std::time::{Duration, Instant};

use rehearsalhub_e2e::{App, Server, write_wav};

fn median(mut v: Vec<f64>) -> f64 {
    v.sort_by(|a, b| a.partial_cmp(b).unwrap());
    v[v.len() / 2]
}

fn rss_kib(data_dir: &std::path::Path) -> Option<u64> {
    let needle = data_dir.to_string_lossy().to_string();
    for entry in std::fs::read_dir("/proc").ok()?.flatten() {
        let cmd = std::fs::read(entry.path().join("cmdline")).unwrap_or_default();
        let cmd = String::from_utf8_lossy(&cmd).replace('\0', " ");
        if cmd.contains("rehearsalhub") && cmd.contains(&needle) && !cmd.contains("tauri-driver") {
            let status = std::fs::read_to_string(entry.path().join("status")).ok()?;
            let line = status.lines().find(|l| l.starts_with("VmRSS:"))?;
            return line.split_whitespace().nth(1)?.parse().ok();
        }
    }
    None
}

#[tokio::main]
async fn main() {
    let bin = std::env::var("RH_APP_BIN").unwrap_or_else(|_| "target/debug/rehearsalhub".into());
    let size = std::fs::metadata(&bin).map(|m| m.len()).unwrap_or(0);
    println!("binary {bin}: {:.1} MB", size as f64 / 1e6);

    // Launch → first interactive screen: WebDriver session start (spawns the app) until the
    // UI has asked the core for its status and rendered (data-testid=app-ready).
    let mut launches = Vec::new();
    for i in 0..7 {
        let started = Instant::now();
        let app = App::launch(&format!("bench_launch_{i}")).await;
        launches.push(started.elapsed().as_secs_f64() * 1000.0);
        app.quit().await;
    }
    println!(
        "launch to interactive: median {:.0} ms (of {:?})",
        median(launches.clone()),
        launches.iter().map(|x| x.round()).collect::<Vec<_>>()
    );

    let app = App::launch("bench_round_trips").await;
    app.sign_up("bench", "Bench Admin").await;
    app.create_band("Bench band").await;
    let bands = app.invoke("list_my_bands", serde_json::json!({})).await;
    let band_id = bands[0]["id"].as_i64().unwrap();
    for _ in 0..1_000 {
        app.invoke(
            "create_invite",
            serde_json::json!({"band_id": band_id, "role": "member", "expires_in_hours": 72}),
        )
        .await;
    }
    let members = app
        .time_invoke("list_members", serde_json::json!({"band_id": band_id}), 200)
        .await;
    println!("list_members round trip: median {:.2} ms", median(members));
    let page = app
        .time_invoke(
            "list_invites",
            serde_json::json!({"band_id": band_id, "limit": null, "offset": null}),
            200,
        )
        .await;
    println!(
        "list_invites (1,000 invites, first page of 100) round trip: median {:.2} ms",
        median(page)
    );
    let all = app
        .time_invoke(
            "list_invites",
            serde_json::json!({"band_id": band_id, "limit": 500, "offset": 0}),
            100,
        )
        .await;
    println!(
        "list_invites (1,000 invites, page of 500) round trip: median {:.2} ms",
        median(all)
    );

    app.click("My bands").await;
    tokio::time::sleep(Duration::from_secs(3)).await;
    match rss_kib(app.data_dir.path()) {
        Some(kib) => println!(
            "idle resident memory (app process): {:.0} MB",
            kib as f64 / 1024.0
        ),
        None => println!("idle resident memory: app process not found"),
    }
    app.quit().await;
    connected().await;
}

/// The same app on a server over loopback.
async fn connected() {
    let server = Server::start("bench_connected");
    let app = App::launch("bench_connected").await;
    app.sign_up_on(&server.url, "bench", "Bench Admin").await;
    app.create_band("Server band").await;
    let bands = app.invoke("list_my_bands", serde_json::json!({})).await;
    let band_id = bands[0]["id"].as_i64().unwrap();
    let members = app
        .time_invoke("list_members", serde_json::json!({"band_id": band_id}), 200)
        .await;
    println!(
        "connected: list_members round trip: median {:.2} ms",
        median(members)
    );

    // Three minutes of CD-quality stereo: 31.8 MB.
    let dir = tempfile::tempdir().unwrap();
    let wav = dir.path().join("long take.wav");
    write_wav(&wav, 180);
    let mb = std::fs::metadata(&wav).unwrap().len() as f64 / 1e6;
    let started = Instant::now();
    let version = app.add_version("Server band", "Long take", &wav).await;
    println!(
        "connected: upload of a {mb:.1} MB WAV (until its row shows): {:.0} ms",
        started.elapsed().as_secs_f64() * 1000.0
    );
    let play = serde_json::json!({"version_id": version, "start_ms": null});
    let first = app.time_invoke("play_version", play.clone(), 1).await;
    app.invoke("stop_playback", serde_json::json!({})).await;
    let again = app.time_invoke("play_version", play, 5).await;
    app.invoke("stop_playback", serde_json::json!({})).await;
    println!(
        "connected: play_version of the {mb:.1} MB version: first (download, SHA-256 check, open) {:.0} ms, cached median {:.1} ms",
        first[0],
        median(again)
    );
    app.quit().await;
}
