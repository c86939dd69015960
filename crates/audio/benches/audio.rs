//! Audio figures: probe + peaks speed per format, start and seek latency, and the memory
//! a long WAV takes to play. Prints them; `scripts/bench-audio.sh` runs it with a
//! PulseAudio null sink so the output plays in real time, as a sound card would.
//!
//! `cargo bench -p rehearsalhub-audio --bench audio`

use std::fs::File;
use std::io::{BufWriter, Write};
use std::path::{Path, PathBuf};
use std::process::Command;
use std::time::{Duration, Instant};

use rehearsalhub_audio::{Player, Status, Track, probe_file};
use rehearsalhub_core::{BandId, SongId, VersionId};

const RATE: u32 = 44_100;

/// A stereo 16-bit WAV of `secs` seconds (a chord that changes every second), written in
/// chunks so making it does not hold it in memory.
fn write_wav(path: &Path, secs: u32) -> std::io::Result<()> {
    let frames = RATE * secs;
    let data_len = frames * 4;
    let mut w = BufWriter::new(File::create(path)?);
    w.write_all(b"RIFF")?;
    w.write_all(&(36 + data_len).to_le_bytes())?;
    w.write_all(b"WAVEfmt ")?;
    w.write_all(&16u32.to_le_bytes())?;
    w.write_all(&1u16.to_le_bytes())?;
    w.write_all(&2u16.to_le_bytes())?;
    w.write_all(&RATE.to_le_bytes())?;
    w.write_all(&(RATE * 4).to_le_bytes())?;
    w.write_all(&4u16.to_le_bytes())?;
    w.write_all(&16u16.to_le_bytes())?;
    w.write_all(b"data")?;
    w.write_all(&data_len.to_le_bytes())?;
    for i in 0..frames {
        let t = i as f32 / RATE as f32;
        let root = 110.0 * (1 + (i / RATE) % 4) as f32;
        let v = 0.3 * (2.0 * std::f32::consts::PI * root * t).sin()
            + 0.2 * (2.0 * std::f32::consts::PI * root * 1.5 * t).sin();
        let s = (v * 32767.0) as i16;
        w.write_all(&s.to_le_bytes())?;
        w.write_all(&s.to_le_bytes())?;
    }
    w.flush()
}

fn convert(wav: &Path, ext: &str) -> PathBuf {
    let out = wav.with_extension(ext);
    let status = if ext == "mp3" {
        Command::new("lame")
            .args(["--quiet", "-b", "192"])
            .arg(wav)
            .arg(&out)
            .status()
    } else {
        Command::new("sox").arg(wav).arg(&out).status()
    };
    assert!(
        status.is_ok_and(|s| s.success()),
        "sox and lame are needed: run scripts/deps.sh"
    );
    out
}

fn median(mut v: Vec<Duration>) -> Duration {
    v.sort();
    v[v.len() / 2]
}

fn peak_rss_kib() -> u64 {
    std::fs::read_to_string("/proc/self/status")
        .ok()
        .and_then(|s| {
            s.lines()
                .find_map(|l| l.strip_prefix("VmHWM:"))
                .and_then(|v| v.trim().trim_end_matches("kB").trim().parse().ok())
        })
        .unwrap_or(0)
}

fn track() -> Track {
    Track {
        version_id: VersionId(1),
        song_id: SongId(1),
        band_id: BandId(1),
    }
}

fn main() {
    // `cargo bench` passes `--bench`; nothing to filter here.
    let dir = tempfile::tempdir().expect("tempdir");
    let wav = dir.path().join("five-minutes.wav");
    write_wav(&wav, 300).expect("write wav");

    println!("== probe + peaks, 5 min stereo 44.1 kHz (median of 3, one thread)");
    for ext in ["wav", "flac", "mp3", "ogg"] {
        let path = if ext == "wav" {
            wav.clone()
        } else {
            convert(&wav, ext)
        };
        let mut times = Vec::new();
        for _ in 0..3 {
            let start = Instant::now();
            let info = probe_file(&path).expect("probe");
            times.push(start.elapsed());
            assert!(info.duration_ms.is_some_and(|d| (d - 300_000).abs() < 100));
        }
        let t = median(times);
        println!(
            "{ext:>4}: {:>7.1} ms  = {:>6.0}x real time",
            t.as_secs_f64() * 1000.0,
            300.0 / t.as_secs_f64()
        );
    }

    println!("== a decompression bomb: FLAC of CONSTANT subframes, refused by the budget");
    // 20,000 frames of 8 channels: ~700 KB that would decode as 7.6 h of 8-channel audio.
    let bomb = dir.path().join("bomb.flac");
    std::fs::write(
        &bomb,
        rehearsalhub_audio::fixtures::constant_flac(8, 48_000, 20_000, 0, false, false),
    )
    .expect("write bomb");
    let size = std::fs::metadata(&bomb).map(|m| m.len()).unwrap_or(0);
    let start = Instant::now();
    let outcome = probe_file(&bomb);
    println!(
        "{:.0} KB: {} in {:.1} ms",
        size as f64 / 1e3,
        match &outcome {
            Ok(_) => "ACCEPTED".to_owned(),
            Err(e) => format!("refused ({e})"),
        },
        start.elapsed().as_secs_f64() * 1000.0
    );

    println!("== start and seek latency (5 min WAV on local disk; 20 runs)");
    let player = Player::start(Box::new(|_| {}));
    // As in the app, where the player starts with the window.
    std::thread::sleep(Duration::from_secs(2));
    let probe = player.play(
        track(),
        File::open(&wav).expect("open"),
        None,
        Duration::ZERO,
    );
    if probe.status != Status::Playing {
        println!(
            "no output: {:?} (run scripts/bench-audio.sh)",
            probe.problem
        );
    } else {
        // A freshly opened output may not pull for a while (PulseAudio fills its buffer
        // before it starts the stream); a seek then waits for it. Measured once, apart.
        std::thread::sleep(Duration::from_millis(100));
        let asked = Instant::now();
        player.seek(Duration::from_secs(5));
        println!(
            "first seek, 0.1 s after the first play: answered in {:.1} ms",
            asked.elapsed().as_secs_f64() * 1000.0
        );
        std::thread::sleep(Duration::from_millis(1500));
        let (mut starts, mut seeks, mut seek_calls) = (Vec::new(), Vec::new(), Vec::new());
        for i in 0..20u64 {
            player.play(
                track(),
                File::open(&wav).expect("open"),
                None,
                Duration::ZERO,
            );
            let begun = Instant::now();
            while player.timings().start_to_first_sample.is_none()
                && begun.elapsed() < Duration::from_secs(5)
            {
                std::thread::sleep(Duration::from_millis(1));
            }
            std::thread::sleep(Duration::from_millis(150));
            let asked = Instant::now();
            player.seek(Duration::from_secs(10 + 13 * i));
            seek_calls.push(asked.elapsed());
            if std::env::var_os("RH_BENCH_VERBOSE").is_some() {
                eprintln!("run {i}: seek answered in {:?}", asked.elapsed());
            }
            std::thread::sleep(Duration::from_millis(150));
            let t = player.timings();
            starts.extend(t.start_to_first_sample);
            seeks.extend(t.seek_to_first_sample);
        }
        player.stop();
        let ms = |d: Duration| d.as_secs_f64() * 1000.0;
        let report = |name: &str, mut v: Vec<Duration>| {
            v.sort();
            if v.is_empty() {
                println!("{name}: no samples");
                return;
            }
            println!(
                "{name}: median {:.1} ms, max {:.1} ms ({} runs)",
                ms(v[v.len() / 2]),
                ms(v[v.len() - 1]),
                v.len()
            );
        };
        report("play command -> first sample to the output", starts);
        report("seek command -> first sample after the seek", seeks);
        report("seek command -> answered", seek_calls);
    }

    println!("== memory playing a 200 MB WAV");
    drop(player);
    let big = dir.path().join("long.wav");
    // 1,200 s of 16-bit stereo 44.1 kHz = 211.7 MB.
    write_wav(&big, 1_200).expect("write");
    let size = std::fs::metadata(&big).map(|m| m.len()).unwrap_or(0);
    let before = peak_rss_kib();
    let player = Player::start(Box::new(|_| {}));
    let s = player.play(
        track(),
        File::open(&big).expect("open"),
        None,
        Duration::ZERO,
    );
    if s.status == Status::Playing {
        for at in [60u64, 300, 600, 900, 1190] {
            std::thread::sleep(Duration::from_millis(500));
            player.seek(Duration::from_secs(at));
        }
        std::thread::sleep(Duration::from_millis(500));
        player.stop();
    }
    let after = peak_rss_kib();
    println!(
        "file {:.0} MB; peak RSS {:.1} MB before playing, {:.1} MB after playing and seeking through it",
        size as f64 / 1e6,
        before as f64 / 1024.0,
        after as f64 / 1024.0
    );
}
