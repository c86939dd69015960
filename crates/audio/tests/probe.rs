//! Probing real files of every accepted format, and refusing what is not one.

#![allow(clippy::unwrap_used, clippy::expect_used)]

mod common;

use common::{FORMATS, convert, sine, strip_lame_tag, truncate, write_wav};
use rehearsalhub_audio::{BUCKETS, probe_file};
use rehearsalhub_core::AudioFormat;

const RATE: u32 = 44_100;

/// 2.5 s loud (0.8) then 2.5 s quiet (0.2), 440 Hz, stereo.
fn two_levels(dir: &std::path::Path) -> std::path::PathBuf {
    let wav = dir.join("levels.wav");
    let samples = sine(RATE, 440.0, 5.0, |t| if t < 2.5 { 0.8 } else { 0.2 });
    write_wav(&wav, RATE, 2, &samples);
    wav
}

#[test]
fn every_format_gives_its_duration_rate_channels_and_envelope() {
    let dir = tempfile::tempdir().unwrap();
    let wav = two_levels(dir.path());
    for ext in FORMATS {
        let path = convert(&wav, ext);
        let info = probe_file(&path).unwrap_or_else(|e| panic!("{ext}: {e}"));
        let expected = match ext {
            "wav" => AudioFormat::Wav,
            "flac" => AudioFormat::Flac,
            "mp3" => AudioFormat::Mp3,
            _ => AudioFormat::Ogg,
        };
        assert_eq!(info.format, expected, "{ext}");
        assert_eq!(info.sample_rate, Some(44_100), "{ext}");
        assert_eq!(info.channels, Some(2), "{ext}");
        let duration = info.duration_ms.unwrap();
        // One frame is 0.023 ms, so lossless must be exact to the millisecond; lossy
        // encoders may pad or trim a little.
        let tolerance = if matches!(ext, "wav" | "flac") { 1 } else { 30 };
        assert!(
            (duration - 5000).abs() <= tolerance,
            "{ext}: duration {duration} ms"
        );

        let peaks = info.peaks.unwrap();
        assert_eq!(peaks.len(), BUCKETS);
        // 0.8 and 0.2 scale to 102 and 25; lossy codecs overshoot a little.
        let slack = if matches!(ext, "wav" | "flac") { 1 } else { 6 };
        // Skip the slices around the change of level and at the very ends.
        for i in (5..490).chain(510..995) {
            let level: i32 = if i < 500 { 102 } else { 25 };
            let (lo, hi) = (i32::from(peaks.min[i]), i32::from(peaks.max[i]));
            assert!(
                (hi - level).abs() <= slack && (lo + level).abs() <= slack,
                "{ext}: slice {i} is {lo}..{hi}, expected ±{level}"
            );
        }
    }
}

#[test]
fn mono_and_other_rates_are_measured_too() {
    let dir = tempfile::tempdir().unwrap();
    let wav = dir.path().join("mono.wav");
    write_wav(&wav, 48_000, 1, &sine(48_000, 1000.0, 1.5, |_| 0.5));
    for ext in FORMATS {
        let info = probe_file(&convert(&wav, ext)).unwrap();
        assert_eq!(
            (info.sample_rate, info.channels),
            (Some(48_000), Some(1)),
            "{ext}"
        );
        let d = info.duration_ms.unwrap();
        assert!((d - 1500).abs() <= 30, "{ext}: {d}");
    }
}

#[test]
fn text_renamed_as_audio_is_refused_with_a_plain_message() {
    let dir = tempfile::tempdir().unwrap();
    for ext in FORMATS {
        let path = dir.path().join(format!("notes.{ext}"));
        std::fs::write(
            &path,
            "Verse, chorus, verse. Bridge in D minor.\n".repeat(500),
        )
        .unwrap();
        let err = probe_file(&path).unwrap_err();
        assert_eq!(
            err, "This file is not a WAV, MP3, FLAC or Ogg Vorbis recording.",
            "{ext}"
        );
    }
}

#[test]
fn an_empty_file_is_refused() {
    let dir = tempfile::tempdir().unwrap();
    let path = dir.path().join("empty.wav");
    std::fs::write(&path, b"").unwrap();
    assert_eq!(probe_file(&path).unwrap_err(), "The file is empty.");
}

#[test]
fn a_truncated_file_of_every_format_is_refused() {
    let dir = tempfile::tempdir().unwrap();
    let wav = two_levels(dir.path());
    let untagged = strip_lame_tag(&convert(&wav, "mp3"));
    assert!(probe_file(&untagged).is_ok());
    for ext in FORMATS.into_iter().chain(["untagged mp3"]) {
        let whole = if ext == "untagged mp3" {
            untagged.clone()
        } else {
            convert(&wav, ext)
        };
        for keep in [0.5, 0.9] {
            let cut = truncate(&whole, keep);
            let err = probe_file(&cut).expect_err(&format!("{ext} cut to {keep} was accepted"));
            assert!(
                err.contains("cut short") || err.contains("damaged"),
                "{ext} cut to {keep}: {err}"
            );
        }
    }
}

#[test]
fn headers_without_audio_and_random_bytes_are_refused() {
    let dir = tempfile::tempdir().unwrap();
    // A WAV header promising 5 s and nothing after it.
    let wav = two_levels(dir.path());
    let header_only = dir.path().join("header.wav");
    std::fs::write(&header_only, &std::fs::read(&wav).unwrap()[..44]).unwrap();
    assert!(probe_file(&header_only).is_err());
    // Noise that is not any container, including bytes that look like MP3 sync words.
    let mut state = 0x2545_f491_4f6c_dd1du64;
    let noise: Vec<u8> = (0..200_000)
        .map(|_| {
            state ^= state << 13;
            state ^= state >> 7;
            state ^= state << 17;
            (state >> 24) as u8
        })
        .collect();
    let path = dir.path().join("noise.mp3");
    std::fs::write(&path, &noise).unwrap();
    assert!(probe_file(&path).is_err(), "random bytes were accepted");
    // A FLAC magic in front of noise.
    let fake = dir.path().join("fake.flac");
    std::fs::write(&fake, [b"fLaC".as_slice(), &noise].concat()).unwrap();
    assert!(probe_file(&fake).is_err());
}
