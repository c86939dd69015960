//! Versions you can hear (issue 4), end to end: add a version by path (the command the
//! file picker calls), see its waveform, play it in real time through a PulseAudio null
//! sink (`scripts/test.sh` starts one and sets `PULSE_SERVER`), pause, seek by clicking
//! the waveform, keyboard control, members only, and no output device.

#![allow(clippy::unwrap_used, clippy::expect_used)]

use std::time::{Duration, Instant};

use fantoccini::Locator;
use rehearsalhub_e2e::{App, Options, enabled, write_wav};

/// "m:ss / m:ss" from the player bar, as milliseconds of position.
async fn position_ms(app: &App) -> u64 {
    let text = app
        .text_of(Locator::Css("[data-testid='player-position']"))
        .await;
    let pos = text.split('/').next().unwrap_or("").trim();
    let mut parts = pos.split(':').map(|p| p.parse::<u64>().unwrap_or(0));
    let (m, s) = (parts.next().unwrap_or(0), parts.next().unwrap_or(0));
    (m * 60 + s) * 1000
}

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn add_see_play_pause_seek_and_only_members_hear_it() {
    if !enabled() {
        return;
    }
    assert!(
        std::env::var_os("PULSE_SERVER").is_some(),
        "PULSE_SERVER must name a PulseAudio server (scripts/test.sh starts one)"
    );
    let dir = tempfile::tempdir().unwrap();
    let wav = dir.path().join("take1.wav");
    write_wav(&wav, 16);

    let app = App::launch("audio_play").await;
    app.sign_up("ada", "Ada Admin").await;
    app.create_band("The Tuesdays").await;
    let token = app.create_invite("Member").await;
    app.click("Done").await;
    let id = app.add_version("The Tuesdays", "Intro", &wav).await;
    let row = format!("//li[@data-testid='version-{id}']");

    // The row: label defaulted to the file name, uploader, duration, a drawn waveform
    // whose second half is louder (taller) than its first.
    let row_text = app.text_of(Locator::XPath(&row)).await;
    for part in ["take1.wav", "Ada Admin", "0:16"] {
        assert!(row_text.contains(part), "row {row_text:?} lacks {part}");
    }
    let path = app
        .wait(Locator::Css(&format!(
            "[data-testid='waveform-{id}'] path.wave-rest"
        )))
        .await
        .attr("d")
        .await
        .unwrap()
        .unwrap_or_default();
    let heights: Vec<f64> = path
        .split('M')
        .filter(|s| !s.is_empty())
        .filter_map(|bar| {
            let (_, rest) = bar.split_once(' ')?;
            let (top, bottom) = rest.split_once('V')?;
            Some(bottom.parse::<f64>().ok()? - top.parse::<f64>().ok()?)
        })
        .collect();
    assert_eq!(heights.len(), 120, "one bar per slice drawn: {path:.80}");
    let first: f64 = heights[5..55].iter().sum::<f64>() / 50.0;
    let second: f64 = heights[65..115].iter().sum::<f64>() / 50.0;
    assert!(
        second > 3.0 * first,
        "the louder half is drawn taller: {first:.1} vs {second:.1}"
    );

    // Play: the position moves in real time (measured once sound flows: a freshly
    // started PulseAudio may take a moment to start pulling).
    app.click_in(&row, "Play").await;
    app.wait_player("playing").await;
    let now_ms = || async {
        let s = app.invoke("player_state", serde_json::json!({})).await;
        s["position_ms"].as_u64().unwrap_or(0)
    };
    let deadline = Instant::now() + Duration::from_secs(5);
    while now_ms().await < 300 {
        assert!(Instant::now() < deadline, "playback never started moving");
        tokio::time::sleep(Duration::from_millis(20)).await;
    }
    let (t0, p0, shown0) = (Instant::now(), now_ms().await, position_ms(&app).await);
    tokio::time::sleep(Duration::from_millis(2500)).await;
    let (p1, shown1) = (now_ms().await, position_ms(&app).await);
    let elapsed = t0.elapsed().as_millis() as u64;
    let moved = p1.saturating_sub(p0);
    assert!(
        moved.abs_diff(elapsed) <= 300,
        "position moved {moved} ms in {elapsed} ms"
    );
    assert!(
        shown1 >= shown0 + 2000,
        "the player bar shows {shown0} then {shown1} ms"
    );
    // The player bar draws this version's waveform with the played part marked.
    let progress: f64 = app
        .wait(Locator::Css("[data-testid='player-waveform']"))
        .await
        .attr("data-progress")
        .await
        .unwrap()
        .unwrap()
        .parse()
        .unwrap();
    assert!(progress > 0.1, "played share {progress}");

    // Pause: the position holds.
    app.click_test_id("player-toggle").await;
    app.wait_player("paused").await;
    let held = position_ms(&app).await;
    tokio::time::sleep(Duration::from_millis(1500)).await;
    assert_eq!(position_ms(&app).await, held, "paused position moved");

    // Clicking the middle of the waveform seeks to the middle.
    app.click_test_id("player-waveform").await;
    let deadline = Instant::now() + Duration::from_secs(5);
    loop {
        let p = position_ms(&app).await;
        if (7000..=9000).contains(&p) {
            break;
        }
        if Instant::now() > deadline {
            app.fail(&format!("after clicking the waveform's middle: {p} ms"))
                .await;
        }
        tokio::time::sleep(Duration::from_millis(50)).await;
    }

    // Space resumes (focus is not in a text field), right arrow jumps 5 s ahead.
    app.press_on_body(" ").await;
    app.wait_player("playing").await;
    app.press_on_body("\u{E014}").await; // WebDriver's ArrowRight
    let deadline = Instant::now() + Duration::from_secs(5);
    while position_ms(&app).await < 12_500 {
        if Instant::now() > deadline {
            app.fail("the right arrow did not seek ahead").await;
        }
        tokio::time::sleep(Duration::from_millis(50)).await;
    }
    // It runs to the end and stops.
    app.wait_player("stopped").await;

    // A user who is not a member cannot reach the version at all.
    app.sign_out().await;
    app.sign_up("eve", "Eve Outsider").await;
    for (command, args) in [
        (
            "play_version",
            serde_json::json!({ "version_id": id, "start_ms": null }),
        ),
        ("version_peaks", serde_json::json!({ "version_id": id })),
    ] {
        let err = app.try_invoke(command, args).await.unwrap_err();
        assert_eq!(err["code"], "forbidden", "{command}: {err}");
    }
    let state = app.invoke("player_state", serde_json::json!({})).await;
    assert_eq!(state["status"], "stopped");
    assert!(
        state["track"].is_null(),
        "sign-out forgot the track: {state}"
    );

    // A member can: Bob joins with the invite and plays it.
    app.sign_out().await;
    app.sign_up("bob", "Bo Bass").await;
    app.paste_invite(&token).await;
    app.click("Join The Tuesdays").await;
    app.wait(Locator::XPath(&row)).await;
    app.click_in(&row, "Play").await;
    app.wait_player("playing").await;
    let b0 = position_ms(&app).await;
    tokio::time::sleep(Duration::from_millis(1500)).await;
    assert!(position_ms(&app).await > b0, "Bob's playback does not move");

    // Leaving the band stops its playback.
    app.tab("Members").await;
    app.click("Leave band").await;
    app.click("Yes, leave").await;
    app.see_alert("You left the band.").await;
    app.wait_player("stopped").await;
    app.quit().await;
}

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn deleting_the_playing_version_stops_it() {
    if !enabled() {
        return;
    }
    let dir = tempfile::tempdir().unwrap();
    let wav = dir.path().join("long take.wav");
    write_wav(&wav, 20);
    let app = App::launch("audio_delete").await;
    app.sign_up("ada", "Ada Admin").await;
    app.create_band("Delete Me").await;
    let id = app.add_version("Delete Me", "Outro", &wav).await;
    let row = format!("//li[@data-testid='version-{id}']");
    app.click_in(&row, "Play").await;
    app.wait_player("playing").await;
    app.click_in(&row, "Delete").await;
    app.click_in(&row, "Yes, delete").await;
    app.wait(Locator::XPath(
        "//*[normalize-space(.)='Nothing is playing. Choose a version to hear it.']",
    ))
    .await;
    app.wait_gone(Locator::XPath(&row)).await;
    app.quit().await;
}

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn without_an_output_device_play_says_so_once_and_the_app_works() {
    if !enabled() {
        return;
    }
    let dir = tempfile::tempdir().unwrap();
    let wav = dir.path().join("take.wav");
    write_wav(&wav, 3);
    // ALSA's default device is a sound card that is not there, and no PulseAudio.
    let conf = dir.path().join("asound.conf");
    std::fs::write(&conf, "pcm.!default { type hw card 42 }\n").unwrap();
    let opts = Options {
        env: vec![(
            "ALSA_CONFIG_PATH".into(),
            conf.to_string_lossy().into_owned(),
        )],
        env_remove: vec!["PULSE_SERVER".into()],
        ..Options::default()
    };
    let app = App::launch_opts("audio_no_device", tempfile::tempdir().unwrap(), &[], opts).await;
    app.sign_up("ada", "Ada Admin").await;
    app.create_band("Silent").await;
    let id = app.add_version("Silent", "Quiet song", &wav).await;
    let row = format!("//li[@data-testid='version-{id}']");
    app.click_in(&row, "Play").await;
    app.see_alert("No audio output device").await;
    app.click_in(&row, "Play").await;
    let alerts = app
        .client
        .find_all(Locator::XPath(
            "//*[@role='alert'][normalize-space(.)='No audio output device']",
        ))
        .await
        .unwrap();
    assert_eq!(alerts.len(), 1, "said once");
    // Everything else keeps working.
    app.fill("Song title", "Second song").await;
    app.click_submit("Add song").await;
    app.wait(Locator::XPath("//h3[normalize-space(.)='Second song']"))
        .await;
    app.quit().await;
}

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn a_member_removed_elsewhere_stops_hearing_the_band() {
    if !enabled() {
        return;
    }
    let dir = tempfile::tempdir().unwrap();
    let wav = dir.path().join("jam.wav");
    write_wav(&wav, 30);
    let admin = App::launch("removed_admin").await;
    admin.sign_up("ada", "Ada Admin").await;
    admin.create_band("Removals").await;
    let token = admin.create_invite("Member").await;
    admin.click("Done").await;
    let id = admin.add_version("Removals", "Jam", &wav).await;

    // Bob, on the same database through a second window, joins and plays.
    let opts = Options {
        shared_data_dir: Some(admin.data_dir.path().to_path_buf()),
        ..Options::default()
    };
    let bob = App::launch_opts("removed_member", tempfile::tempdir().unwrap(), &[], opts).await;
    bob.sign_up("bob", "Bo Bass").await;
    bob.paste_invite(&token).await;
    bob.click("Join Removals").await;
    let row = format!("//li[@data-testid='version-{id}']");
    bob.click_in(&row, "Play").await;
    bob.wait_player("playing").await;

    // Ada removes him; his playback stops with the reason within the re-check interval.
    admin.open_band("Removals").await;
    admin.tab("Members").await;
    admin.click("Remove Bo Bass").await;
    admin.click("Yes, remove").await;
    admin
        .wait_gone(Locator::Css("[data-testid='member-bob']"))
        .await;
    bob.see_alert("You are no longer a member of this band.")
        .await;
    bob.wait_player("stopped").await;
    bob.quit().await;
    admin.quit().await;
}
