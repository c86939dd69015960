//! Test recordings: signals written as WAV in Rust, turned into FLAC, MP3 and Ogg Vorbis by
//! `sox` and `lame` (installed by `scripts/deps.sh`).

#![allow(dead_code)]

use rehearsalhub_core::prelude::*;
use std::path::{Path, PathBuf};
use std::process::Command;
use std::sync::Arc;

use rehearsalhub_audio::DecodingProbe;
use rehearsalhub_core::{BandName, BlobStore, Caller, Hub, Password, SongTitle, Username};
use rehearsalhub_store_sqlite::SqliteStore;

/// A mono signal as samples in -1..1 at `rate`, written as 16-bit PCM WAV with `channels`
/// identical channels.
pub fn write_wav(path: &Path, rate: u32, channels: u16, samples: &[f32]) {
    let pcm: Vec<i16> = samples
        .iter()
        .flat_map(|s| {
            let v = (s.clamp(-1.0, 1.0) * 32767.0).round() as i16;
            std::iter::repeat_n(v, usize::from(channels))
        })
        .collect();
    std::fs::write(
        path,
        rehearsalhub_core::probe::wav_bytes(rate, channels, &pcm),
    )
    .expect("write wav");
}

/// A sine of `freq` Hz, `secs` long, whose amplitude is `amp(t)` at time `t` seconds.
pub fn sine(rate: u32, freq: f32, secs: f32, amp: impl Fn(f32) -> f32) -> Vec<f32> {
    let n = (rate as f32 * secs).round() as usize;
    (0..n)
        .map(|i| {
            let t = i as f32 / rate as f32;
            amp(t) * (2.0 * std::f32::consts::PI * freq * t).sin()
        })
        .collect()
}

/// The formats under test and their file extensions.
pub const FORMATS: [&str; 4] = ["wav", "flac", "mp3", "ogg"];

/// Converts a WAV into `ext` with sox, next to it.
pub fn convert(wav: &Path, ext: &str) -> PathBuf {
    let out = wav.with_extension(ext);
    if ext == "wav" {
        return wav.to_path_buf();
    }
    // lame writes the LAME tag (encoder delay and padding) as most encoders do; sox
    // makes the FLAC and Ogg Vorbis files.
    let mut cmd = if ext == "mp3" {
        let mut c = Command::new("lame");
        c.args(["--quiet", "-b", "192"]);
        c
    } else {
        Command::new("sox")
    };
    let status = cmd
        .arg(wav)
        .arg(&out)
        .status()
        .expect("sox and lame are needed for the audio tests: run scripts/deps.sh");
    assert!(status.success(), "sox failed to make {}", out.display());
    out
}

/// Cuts a file to `keep` of its length.
pub fn truncate(path: &Path, keep: f64) -> PathBuf {
    let bytes = std::fs::read(path).expect("read");
    let cut = (bytes.len() as f64 * keep) as usize;
    let out = path.with_file_name(format!(
        "cut-{}",
        path.file_name().and_then(|n| n.to_str()).unwrap_or("x")
    ));
    std::fs::write(&out, &bytes[..cut]).expect("write");
    out
}

/// The same MP3 without its first frame, which is where the LAME tag lives: an MP3 as
/// older encoders and streams make them, with no frame count to check against.
pub fn strip_lame_tag(mp3: &Path) -> PathBuf {
    let bytes = std::fs::read(mp3).expect("read");
    let next = bytes[4..]
        .windows(2)
        .position(|w| w[0] == 0xFF && w[1] & 0xE0 == 0xE0 && w[1] == bytes[1])
        .expect("a second frame")
        + 4;
    let out = mp3.with_file_name("untagged.mp3");
    std::fs::write(&out, &bytes[next..]).expect("write");
    out
}

/// A PulseAudio daemon with only a null sink: plays in real time on a box without a
/// sound card. Killed on drop.
pub struct Pulse {
    child: std::process::Child,
    /// Its `PULSE_SERVER` value.
    pub server: String,
    _dir: tempfile::TempDir,
}

impl Pulse {
    /// Starts one in a temporary folder and waits for its socket.
    pub fn start() -> Pulse {
        let dir = tempfile::tempdir().expect("tempdir");
        let run = dir.path().join("run");
        std::fs::create_dir_all(&run).expect("run dir");
        let socket = run.join("native");
        let child = Command::new("pulseaudio")
            .args([
                "-n",
                "--daemonize=no",
                "--exit-idle-time=-1",
                "--use-pid-file=no",
                "--disallow-exit",
                "--load=module-null-sink sink_name=rehearsalhub_null rate=48000",
            ])
            .arg(format!(
                "--load=module-native-protocol-unix auth-anonymous=1 socket={}",
                socket.display()
            ))
            .env("HOME", dir.path())
            .env("XDG_RUNTIME_DIR", &run)
            .stdout(std::process::Stdio::null())
            .stderr(std::process::Stdio::null())
            .spawn()
            .expect("pulseaudio is needed for the playback tests: run scripts/deps.sh");
        let deadline = std::time::Instant::now() + std::time::Duration::from_secs(10);
        while !socket.exists() {
            assert!(
                std::time::Instant::now() < deadline,
                "pulseaudio did not start"
            );
            std::thread::sleep(std::time::Duration::from_millis(50));
        }
        Pulse {
            child,
            server: format!("unix:{}", socket.display()),
            _dir: dir,
        }
    }
}

impl Pulse {
    /// Its process id.
    pub fn pid(&self) -> u32 {
        self.child.id()
    }
}

impl Drop for Pulse {
    fn drop(&mut self) {
        let _ = self.child.kill();
        let _ = self.child.wait();
    }
}

/// A hub on a fresh SQLite database with the decoding probe, and Ada's band with a song.
pub struct Setup {
    pub hub: Hub,
    pub caller: Caller,
    pub song: rehearsalhub_core::SongId,
    pub blobs: std::path::PathBuf,
    _dir: tempfile::TempDir,
}

pub async fn setup() -> Setup {
    let dir = tempfile::tempdir().unwrap();
    let store = SqliteStore::open(dir.path().join("db.sqlite"))
        .await
        .unwrap();
    let blobs = dir.path().join("blobs");
    let hub = Hub::new(Arc::new(store), BlobStore::open(&blobs).unwrap())
        .with_probe(Arc::new(DecodingProbe));
    let signed = hub
        .run(
            &Caller::Anonymous,
            Register {
                username: Username::parse("ada").unwrap(),
                password: Password::parse("correct horse battery").unwrap(),
                display_name: None,
            },
        )
        .await
        .unwrap();
    let caller = Caller::from_token(Some(&signed.token));
    let band = hub
        .run(
            &caller,
            CreateBand {
                name: BandName::parse("The Tuesdays").unwrap(),
            },
        )
        .await
        .unwrap();
    let song = hub
        .run(
            &caller,
            CreateSong {
                band_id: band.id,
                title: SongTitle::parse("Intro").unwrap(),
            },
        )
        .await
        .unwrap();
    Setup {
        hub,
        caller,
        song: song.id,
        blobs,
        _dir: dir,
    }
}

/// Every file under the blob folder, staging area included.
pub fn files_under(dir: &std::path::Path) -> Vec<std::path::PathBuf> {
    let mut out = Vec::new();
    let mut stack = vec![dir.to_path_buf()];
    while let Some(d) = stack.pop() {
        for e in std::fs::read_dir(&d).unwrap().flatten() {
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
