//! Decoding has a budget derived from the file: a small file that would decode to hours of
//! audio (FLAC of CONSTANT subframes) is refused, as is anything over 12 hours, and the
//! hub stores nothing of it. Real recordings are far inside the budget (the other probe
//! tests decode every format).

#![allow(clippy::unwrap_used, clippy::expect_used)]

mod common;

use common::{files_under, setup};
use rehearsalhub_audio::fixtures::constant_flac;
use rehearsalhub_audio::probe::Budget;
use rehearsalhub_audio::probe_file;
use rehearsalhub_core::prelude::*;
use rehearsalhub_core::{ErrorCode, Upload};

fn write(dir: &std::path::Path, name: &str, bytes: &[u8]) -> std::path::PathBuf {
    let path = dir.join(name);
    std::fs::write(&path, bytes).unwrap();
    path
}

#[test]
fn the_fixture_is_valid_flac_within_the_budget() {
    // Two frames of mono with enough padding: a file the probe accepts, so the refusals
    // below are the budget's doing and not a malformed fixture's.
    let dir = tempfile::tempdir().unwrap();
    let ok = write(
        dir.path(),
        "ok.flac",
        &constant_flac(1, 48_000, 2, 600, true, false),
    );
    let info = probe_file(&ok).unwrap();
    assert_eq!(info.channels, Some(1));
    assert_eq!(info.duration_ms, Some(2 * 65_535 * 1000 / 48_000));
}

#[test]
fn a_small_file_that_decodes_to_hours_is_refused() {
    let dir = tempfile::tempdir().unwrap();
    // 2,000 frames of 8 channels: 35 KB that decode to 45 minutes of 8-channel audio.
    for declared in [true, false] {
        let bytes = constant_flac(8, 48_000, 2_000, 0, declared, false);
        assert!(bytes.len() < 80_000, "{}", bytes.len());
        let path = write(dir.path(), &format!("bomb-{declared}.flac"), &bytes);
        let err = probe_file(&path).expect_err("accepted a decompression bomb");
        assert!(err.contains("far more audio"), "{declared}: {err}");
    }
}

#[test]
fn frames_that_fail_to_decode_are_charged_too() {
    // Seven CONSTANT subframes then a reserved one: every frame is decoded half-way and
    // fails. Charged before decoding, the budget runs out long before the end.
    let dir = tempfile::tempdir().unwrap();
    let path = write(
        dir.path(),
        "broken-bomb.flac",
        &constant_flac(8, 48_000, 2_000, 0, false, true),
    );
    let err = probe_file(&path).expect_err("accepted a broken bomb");
    assert!(err.contains("far more audio"), "{err}");
}

#[test]
fn channels_and_rates_no_band_records_are_refused() {
    let dir = tempfile::tempdir().unwrap();
    // 655,350 Hz: 12 hours of it would be 28 billion samples per channel.
    let path = write(
        dir.path(),
        "fast.flac",
        &constant_flac(1, 655_350, 2, 0, true, false),
    );
    let err = probe_file(&path).expect_err("accepted 655 kHz");
    assert!(err.contains("384 kHz"), "{err}");
}

#[test]
fn over_twelve_hours_is_refused_even_when_the_size_allows_it() {
    let dir = tempfile::tempdir().unwrap();
    // Mono at 8 kHz: 5,300 frames are 12 h 3 min; 1.5 MB of padding keeps the file inside
    // the samples-per-byte ratio, so only the duration can refuse it.
    let frames = 5_300;
    let padding = 1_500_000;
    let samples = 65_535u64 * frames;
    assert!(samples <= Budget::for_size(u64::from(padding)).max_samples);
    for declared in [true, false] {
        let path = write(
            dir.path(),
            &format!("long-{declared}.flac"),
            &constant_flac(
                1,
                8_000,
                u32::try_from(frames).unwrap(),
                padding,
                declared,
                false,
            ),
        );
        let err = probe_file(&path).expect_err("accepted over 12 hours");
        assert!(err.contains("12 hours"), "{declared}: {err}");
    }
}

#[test]
fn the_budget_grows_with_the_file_from_a_floor() {
    assert_eq!(Budget::for_size(0).max_samples, Budget::FLOOR_SAMPLES);
    assert_eq!(
        Budget::for_size(10_000_000).max_samples,
        10_000_000 * Budget::SAMPLES_PER_BYTE
    );
    assert_eq!(Budget::for_size(u64::MAX).max_samples, Budget::MAX_SAMPLES);
}

#[tokio::test]
async fn the_hub_refuses_it_on_file_and_keeps_nothing() {
    let s = setup().await;
    let err = s
        .hub
        .add_version(
            &s.caller,
            s.song,
            Upload::Bytes(constant_flac(8, 48_000, 2_000, 0, false, false)),
            None,
            Some("bomb.flac"),
        )
        .await
        .expect_err("accepted");
    assert_eq!(err.code(), ErrorCode::InvalidInput);
    assert_eq!(err.field(), Some("file"));
    assert!(
        files_under(&s.blobs).is_empty(),
        "{:?}",
        files_under(&s.blobs)
    );
    let band = s.hub.run(&s.caller, ListMyBands {}).await.unwrap()[0].id;
    let songs = s.hub.run(&s.caller, ListSongs::all(band)).await.unwrap();
    assert!(songs[0].versions.is_empty());
}
