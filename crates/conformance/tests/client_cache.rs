//! The desktop's audio cache in connected mode (`rehearsalhub-client` against a live
//! server on SQLite): a download lands under `<cache>/<band>/<sha256>` with the server's
//! bytes, is reused, survives plays at once, and is deleted with the band.
#![allow(clippy::unwrap_used, clippy::expect_used)]

use rehearsalhub_core::prelude::*;
use std::io::Read;
use std::path::{Path, PathBuf};
use std::sync::{Arc, Mutex};

use rehearsalhub_client::Client;
use rehearsalhub_conformance::backend::{Backend, SqliteBackend};
use rehearsalhub_conformance::fixture::{band_with, person, wav};
use rehearsalhub_conformance::server;
use rehearsalhub_core::{Api, BlobStore, Hub, Role, SongTitle, Upload};

fn files(dir: &Path) -> Vec<PathBuf> {
    let mut out = Vec::new();
    for e in std::fs::read_dir(dir).into_iter().flatten().flatten() {
        let p = e.path();
        if p.is_dir() {
            out.extend(files(&p));
        } else {
            out.push(p);
        }
    }
    out.sort();
    out
}

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn downloads_are_verified_reused_shared_by_concurrent_plays_and_dropped_with_the_band() {
    let db = SqliteBackend.fresh().await;
    let blobs = tempfile::tempdir().unwrap();
    let hub = Hub::new(db.store.clone(), BlobStore::open(blobs.path()).unwrap());
    let running = server::start(hub).await;
    let cache = tempfile::tempdir().unwrap();
    let api = Client::new(&running.url)
        .unwrap()
        .with_cache_dir(cache.path());

    let ada = person(&api, "ada").await;
    let bob = person(&api, "bob").await;
    let band = band_with(&api, &ada, "Cache band", &[(&bob, Role::Member)]).await;
    let song = api
        .run(
            &ada.caller,
            CreateSong {
                band_id: band,
                title: SongTitle::parse("Tune").unwrap(),
            },
        )
        .await
        .unwrap();
    // Two minutes at 8 kHz (1.9 MB): many chunks, so concurrent downloads interleave.
    let bytes = wav(120_000, 7);
    let version = api
        .add_version(
            &ada.caller,
            song.id,
            Upload::Bytes(bytes.clone()),
            None,
            Some("tune.wav"),
            None,
        )
        .await
        .unwrap();

    // Four plays at once of a version not yet cached: both get the whole, right bytes.
    let seen = Arc::new(Mutex::new(Vec::<f32>::new()));
    let progress = {
        let seen = seen.clone();
        Arc::new(move |f: f32| seen.lock().unwrap().push(f)) as rehearsalhub_core::Progress
    };
    let (one, two, three, four) = tokio::join!(
        api.open_version_audio(&bob.caller, version.id, Some(progress)),
        api.open_version_audio(&bob.caller, version.id, None),
        api.open_version_audio(&bob.caller, version.id, None),
        api.open_version_audio(&bob.caller, version.id, None),
    );
    for stream in [one, two, three, four] {
        let stream = stream.expect("each concurrent play opens the audio");
        let mut got = Vec::new();
        (&stream.file).read_to_end(&mut got).unwrap();
        assert_eq!(got, bytes, "the played file holds the uploaded bytes");
        assert_eq!(stream.band_id, band);
    }
    assert_eq!(seen.lock().unwrap().last().copied(), Some(1.0));
    let cached = files(cache.path());
    assert_eq!(cached.len(), 1, "one file, no leftover part: {cached:?}");
    let sha = cached[0]
        .file_name()
        .unwrap()
        .to_string_lossy()
        .into_owned();
    assert_eq!(cached[0], cache.path().join(band.to_string()).join(&sha));
    assert_eq!(sha.len(), 64);

    // Reused: replacing the cached bytes shows the next play reads the cache, not the
    // server (a name in the cache is proof of content, so it is not hashed again).
    std::fs::write(&cached[0], b"cached copy").unwrap();
    let again = api
        .open_version_audio(&bob.caller, version.id, None)
        .await
        .unwrap();
    let mut got = Vec::new();
    (&again.file).read_to_end(&mut got).unwrap();
    assert_eq!(got, b"cached copy");

    // Removed from the band elsewhere: the next list of Bob's bands deletes its audio.
    api.run(
        &ada.caller,
        RemoveMember {
            band_id: band,
            member_id: bob.user.id,
        },
    )
    .await
    .unwrap();
    assert!(
        api.run(&bob.caller, ListMyBands {})
            .await
            .unwrap()
            .is_empty()
    );
    assert_eq!(files(cache.path()), Vec::<PathBuf>::new());

    // Leaving deletes the band's audio too.
    let ada_cache = tempfile::tempdir().unwrap();
    let ada_api = Client::new(&running.url)
        .unwrap()
        .with_cache_dir(ada_cache.path());
    let other = band_with(&ada_api, &ada, "Second band", &[(&bob, Role::Admin)]).await;
    let song = ada_api
        .run(
            &ada.caller,
            CreateSong {
                band_id: other,
                title: SongTitle::parse("Other").unwrap(),
            },
        )
        .await
        .unwrap();
    let v = ada_api
        .add_version(
            &ada.caller,
            song.id,
            Upload::Bytes(wav(500, 3)),
            None,
            Some("o.wav"),
            None,
        )
        .await
        .unwrap();
    ada_api
        .open_version_audio(&ada.caller, v.id, None)
        .await
        .unwrap();
    assert_eq!(files(ada_cache.path()).len(), 1);
    ada_api
        .run(
            &ada.caller,
            RemoveMember {
                band_id: other,
                member_id: ada.user.id,
            },
        )
        .await
        .unwrap();
    // The client reads the list of bands again after a removal, in the background.
    let deadline = std::time::Instant::now() + std::time::Duration::from_secs(5);
    while !files(ada_cache.path()).is_empty() && std::time::Instant::now() < deadline {
        tokio::time::sleep(std::time::Duration::from_millis(20)).await;
    }
    assert_eq!(files(ada_cache.path()), Vec::<PathBuf>::new());
}
