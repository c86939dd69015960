//! The decoding probe inside the core's add-version use case: what is accepted is stored
//! with its measurements and peaks; what is refused leaves no blob and no row.

#![allow(clippy::unwrap_used, clippy::expect_used)]

mod common;

use rehearsalhub_core::prelude::*;
use std::sync::{Arc, Mutex};

use common::{FORMATS, convert, files_under, setup, sine, truncate, write_wav};
use rehearsalhub_audio::BUCKETS;
use rehearsalhub_core::{ErrorCode, Upload};

#[tokio::test]
async fn each_format_is_stored_with_its_measurements_and_peaks() {
    let s = setup().await;
    let dir = tempfile::tempdir().unwrap();
    let wav = dir.path().join("take.wav");
    write_wav(&wav, 44_100, 2, &sine(44_100, 440.0, 2.0, |_| 0.5));
    for ext in FORMATS {
        let path = convert(&wav, ext);
        let reported = Arc::new(Mutex::new(Vec::<f32>::new()));
        let sink = reported.clone();
        let v = s
            .hub
            .add_version_reporting(
                &s.caller,
                s.song,
                Upload::File(path),
                None,
                None,
                Arc::new(move |f| sink.lock().unwrap().push(f)),
            )
            .await
            .unwrap_or_else(|e| panic!("{ext}: {e:?}"));
        assert_eq!(v.label, format!("take.{ext}"));
        assert_eq!(v.format.as_str(), ext);
        assert_eq!((v.sample_rate, v.channels), (Some(44_100), Some(2)));
        assert!(
            (v.duration_ms.unwrap() - 2000).abs() <= 30,
            "{ext}: {:?}",
            v.duration_ms
        );
        let peaks = s
            .hub
            .run(&s.caller, VersionPeaks { version_id: v.id })
            .await
            .unwrap()
            .unwrap();
        assert_eq!(peaks.len(), BUCKETS);
        assert!(
            peaks.max[500].abs_diff(64) <= 4,
            "{ext}: {}",
            peaks.max[500]
        );
        // Progress only goes forward and ends at the end.
        let r = reported.lock().unwrap().clone();
        assert!(r.windows(2).all(|w| w[0] <= w[1]), "{ext}: {r:?}");
        assert!(r.last().is_some_and(|l| *l >= 0.99), "{ext}: {r:?}");
    }
}

#[tokio::test]
async fn refused_files_leave_no_blob_and_no_version() {
    let s = setup().await;
    let dir = tempfile::tempdir().unwrap();
    let wav = dir.path().join("take.wav");
    write_wav(&wav, 44_100, 2, &sine(44_100, 440.0, 2.0, |_| 0.5));
    let text = dir.path().join("lyrics.mp3");
    std::fs::write(&text, "Verse one\nChorus\n".repeat(100)).unwrap();
    let empty = dir.path().join("empty.flac");
    std::fs::write(&empty, b"").unwrap();
    let mut bad = vec![text, empty];
    for ext in FORMATS {
        bad.push(truncate(&convert(&wav, ext), 0.6));
    }
    for path in bad {
        let err = s
            .hub
            .add_version(&s.caller, s.song, Upload::File(path.clone()), None, None)
            .await
            .expect_err(&format!("{} was accepted", path.display()));
        assert_eq!(err.code(), ErrorCode::InvalidInput, "{}", path.display());
        assert_eq!(err.field(), Some("file"));
        assert!(!err.message().is_empty());
    }
    assert_eq!(files_under(&s.blobs), Vec::<std::path::PathBuf>::new());
    let songs = s
        .hub
        .run(
            &s.caller,
            ListSongs::all(s.hub.run(&s.caller, ListMyBands {}).await.unwrap()[0].id),
        )
        .await
        .unwrap();
    assert!(songs[0].versions.is_empty());
}

/// A probe that takes its time and counts how many run at once.
#[derive(Debug, Default)]
struct CountingProbe {
    running: std::sync::atomic::AtomicUsize,
    most: std::sync::atomic::AtomicUsize,
}

impl rehearsalhub_core::AudioProbe for CountingProbe {
    fn probe(&self, path: &std::path::Path) -> Result<rehearsalhub_core::AudioInfo, String> {
        use std::sync::atomic::Ordering::SeqCst;
        let now = self.running.fetch_add(1, SeqCst) + 1;
        self.most.fetch_max(now, SeqCst);
        std::thread::sleep(std::time::Duration::from_millis(100));
        self.running.fetch_sub(1, SeqCst);
        rehearsalhub_core::HeaderProbe.probe(path)
    }
}

#[tokio::test(flavor = "multi_thread", worker_threads = 4)]
async fn no_more_probes_run_at_once_than_there_are_cores() {
    let s = setup().await;
    let probe = Arc::new(CountingProbe::default());
    let hub = s.hub.clone().with_probe(probe.clone());
    let dir = tempfile::tempdir().unwrap();
    let mut adds = Vec::new();
    for i in 0..8 {
        let wav = dir.path().join(format!("take{i}.wav"));
        write_wav(&wav, 8_000, 1, &sine(8_000, 440.0 + i as f32, 0.2, |_| 0.5));
        let (hub, caller, song) = (hub.clone(), s.caller.clone(), s.song);
        adds.push(tokio::spawn(async move {
            hub.add_version(&caller, song, Upload::File(wav), None, None)
                .await
        }));
    }
    for a in adds {
        a.await.unwrap().unwrap();
    }
    let most = probe.most.load(std::sync::atomic::Ordering::SeqCst);
    assert!(
        most <= rehearsalhub_core::hub::cpu_slots(),
        "{most} probes ran at once on {} cores",
        rehearsalhub_core::hub::cpu_slots()
    );
    assert!(most >= 1);
}
