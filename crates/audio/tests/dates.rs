//! When a take was recorded, read from its tags by the decoding probe inside the core's
//! add-version use case (SPEC §5b): an MP3's ID3v2 `TDRC`, a FLAC's and an Ogg Vorbis
//! file's `DATE` comment; a date that is garbage or a clock never set dates nothing, and
//! the file is taken all the same.

#![allow(clippy::unwrap_used, clippy::expect_used)]

mod common;

use std::path::{Path, PathBuf};
use std::process::Command;

use common::{convert, setup, sine, write_wav};
use rehearsalhub_core::{RecordedAt, Upload};

/// An ID3v2.4 tag holding one `TDRC` frame with `date` (UTF-8), as taggers write it.
fn id3_tdrc(date: &str) -> Vec<u8> {
    let syncsafe = |n: usize| -> [u8; 4] {
        let n = u32::try_from(n).unwrap();
        [
            (n >> 21) as u8 & 0x7f,
            (n >> 14) as u8 & 0x7f,
            (n >> 7) as u8 & 0x7f,
            n as u8 & 0x7f,
        ]
    };
    let mut body = vec![3u8]; // UTF-8
    body.extend_from_slice(date.as_bytes());
    let mut frame = b"TDRC".to_vec();
    frame.extend_from_slice(&syncsafe(body.len()));
    frame.extend_from_slice(&[0, 0]);
    frame.extend_from_slice(&body);
    let mut tag = b"ID3\x04\x00\x00".to_vec();
    tag.extend_from_slice(&syncsafe(frame.len()));
    tag.extend_from_slice(&frame);
    tag
}

/// `wav` as an MP3 (lame) with an ID3v2 `TDRC` of `date` in front.
fn mp3_dated(wav: &Path, date: &str) -> PathBuf {
    let mp3 = convert(wav, "mp3");
    let mut bytes = id3_tdrc(date);
    bytes.extend(std::fs::read(&mp3).unwrap());
    let out = mp3.with_file_name(format!("dated-{}.mp3", date.len()));
    std::fs::write(&out, bytes).unwrap();
    out
}

/// `wav` as FLAC or Ogg Vorbis (sox) with a `DATE` comment of `date`.
fn commented(wav: &Path, ext: &str, date: &str) -> PathBuf {
    let out = wav.with_file_name(format!("dated-{}.{ext}", date.len()));
    let status = Command::new("sox")
        .arg(wav)
        .arg("--comment")
        .arg(format!("DATE={date}"))
        .arg(&out)
        .status()
        .expect("sox is needed for the audio tests: run scripts/deps.sh");
    assert!(status.success());
    out
}

#[tokio::test]
async fn tag_dates_are_read_and_garbage_dates_nothing() {
    let s = setup().await;
    let dir = tempfile::tempdir().unwrap();
    let wav = dir.path().join("take.wav");
    write_wav(&wav, 44_100, 1, &sine(44_100, 440.0, 0.5, |_| 0.5));
    let cases = [
        (
            mp3_dated(&wav, "2024-03-14T20:15"),
            Some("2024-03-14T20:15:00"),
        ),
        (
            commented(&wav, "flac", "2024-03-15"),
            Some("2024-03-15T00:00:00"),
        ),
        (
            commented(&wav, "ogg", "2024-03-16T19:02:03Z"),
            Some("2024-03-16T19:02:03"),
        ),
        // Garbage, a year alone, a clock never set: the take is kept, undated.
        (commented(&wav, "flac", "sometime in spring"), None),
        (commented(&wav, "ogg", "2024"), None),
        (mp3_dated(&wav, "2000-01-01T00:00:00"), None),
    ];
    for (path, want) in cases {
        let v = s
            .hub
            .add_version(&s.caller, s.song, Upload::File(path.clone()), None, None)
            .await
            .unwrap_or_else(|e| panic!("{}: {e:?}", path.display()));
        assert_eq!(
            v.recorded_at.map(RecordedAt::as_string).as_deref(),
            want,
            "{}",
            path.display()
        );
    }
}
