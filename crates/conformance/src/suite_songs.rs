//! Songs and versions, and the blob folder they name.

use std::io::{Read, Seek, SeekFrom};

use rehearsalhub_core::prelude::*;
use rehearsalhub_core::{ActivityKind, ErrorCode, Role, SongTitle, Upload};

use crate::backend::{Backend, Env};
use crate::fixture::{band_with, person, wav};
use crate::suite::code;

/// Songs and versions: add, list, read with seeking, refuse non-audio, delete.
pub async fn songs_and_versions(b: &dyn Backend) {
    let env = Env::new(b).await;
    let hub = &*env.api;
    let admin = person(hub, "sv_admin").await;
    let member = person(hub, "sv_member").await;
    let band = band_with(hub, &admin, "Songs", &[(&member, Role::Member)]).await;
    let song = hub
        .run(
            &member.caller,
            CreateSong {
                band_id: band,
                title: SongTitle::parse(" Blue Moon ").expect("t"),
            },
        )
        .await
        .expect("song");
    assert_eq!(song.title, "Blue Moon");
    assert_eq!(
        code(
            hub.run(
                &admin.caller,
                CreateSong {
                    band_id: band,
                    title: SongTitle::parse("blue moon").expect("t")
                }
            )
            .await
        ),
        ErrorCode::Conflict
    );

    let bytes = wav(1000, 3);
    let v = hub
        .add_version(
            &member.caller,
            song.id,
            Upload::Bytes(bytes.clone()),
            None,
            Some("rehearsal-01.wav"),
            None,
        )
        .await
        .expect("add");
    assert_eq!(
        (v.label.as_str(), v.format.as_str(), v.size_bytes),
        ("rehearsal-01.wav", "wav", bytes.len() as i64)
    );
    assert_eq!(
        (v.duration_ms, v.sample_rate, v.channels),
        (Some(1000), Some(8000), Some(1))
    );
    assert_eq!(v.uploaded_by.id, member.user.id);

    let mut audio = hub
        .open_version_audio(&admin.caller, v.id, None)
        .await
        .expect("open");
    audio.file.seek(SeekFrom::Start(44)).expect("seek");
    let mut tail = Vec::new();
    audio.file.read_to_end(&mut tail).expect("read");
    assert_eq!(
        tail,
        bytes[44..],
        "reads back the stored bytes from an offset"
    );

    // Not audio, truncated, empty: invalid_input on `file`, and nothing stored.
    let before = blob_files(&env);
    for bad in [
        b"just some text, not a song".to_vec(),
        bytes[..30].to_vec(),
        Vec::new(),
    ] {
        let e = hub
            .add_version(
                &member.caller,
                song.id,
                Upload::Bytes(bad),
                None,
                Some("x.wav"),
                None,
            )
            .await
            .expect_err("bad audio");
        assert_eq!(
            (e.code(), e.field()),
            (ErrorCode::InvalidInput, Some("file"))
        );
    }
    assert_eq!(
        blob_files(&env),
        before,
        "a refused file leaves no blob or temp file"
    );
    let songs = hub
        .run(&member.caller, ListSongs::all(band))
        .await
        .expect("songs");
    assert_eq!(songs.len(), 1);
    assert_eq!(
        songs[0].versions.iter().map(|x| x.id).collect::<Vec<_>>(),
        vec![v.id]
    );

    // Same content again shares one blob; deleting one version keeps the other playable.
    let v2 = hub
        .add_version(
            &admin.caller,
            song.id,
            Upload::Bytes(bytes.clone()),
            Some(rehearsalhub_core::VersionLabel::parse("Take 2").expect("l")),
            None,
            None,
        )
        .await
        .expect("add");
    assert_eq!(blob_files(&env).len(), 1);
    hub.run(&member.caller, DeleteVersion { version_id: v.id })
        .await
        .expect("uploader deletes");
    assert_eq!(
        code(
            hub.run(&member.caller, GetVersion { version_id: v.id })
                .await
        ),
        ErrorCode::NotFound
    );
    assert!(
        hub.open_version_audio(&member.caller, v2.id, None)
            .await
            .is_ok()
    );
    assert_eq!(
        code(
            hub.run(&member.caller, DeleteVersion { version_id: v2.id })
                .await
        ),
        ErrorCode::Forbidden
    );
    hub.run(&admin.caller, DeleteSong { song_id: song.id })
        .await
        .expect("admin deletes song");
    assert_eq!(
        code(
            hub.run(&admin.caller, GetVersion { version_id: v2.id })
                .await
        ),
        ErrorCode::NotFound
    );
    assert!(
        hub.run(&admin.caller, ListSongs::all(band))
            .await
            .expect("songs")
            .is_empty()
    );
    let kinds: Vec<ActivityKind> = hub
        .run(&admin.caller, ListActivity { band_id: band })
        .await
        .expect("log")
        .iter()
        .take(5)
        .map(|e| e.kind)
        .collect();
    assert_eq!(
        kinds,
        [
            ActivityKind::SongDeleted,
            ActivityKind::VersionDeleted,
            ActivityKind::VersionAdded,
            ActivityKind::VersionAdded,
            ActivityKind::SongAdded
        ]
    );
}

fn blob_files(env: &Env) -> Vec<String> {
    let mut out = Vec::new();
    for dir in std::fs::read_dir(&env.blob_dir)
        .expect("blob dir")
        .flatten()
    {
        for f in std::fs::read_dir(dir.path()).expect("dir").flatten() {
            out.push(f.file_name().to_string_lossy().into_owned());
        }
    }
    out.sort();
    out
}

/// A crash between writing a blob and its row leaves an orphan; the start-up sweep removes
/// it (and stale temp files) but never a blob a version names, nor a fresh one.
pub async fn blob_sweep_keeps_what_rows_name(b: &dyn Backend) {
    let env = Env::new(b).await;
    let hub = &*env.api;
    let admin = person(hub, "sw_admin").await;
    let band = band_with(hub, &admin, "Sweep", &[]).await;
    let song = hub
        .run(
            &admin.caller,
            CreateSong {
                band_id: band,
                title: SongTitle::parse("Kept").expect("t"),
            },
        )
        .await
        .expect("song");
    let kept = hub
        .add_version(
            &admin.caller,
            song.id,
            Upload::Bytes(wav(200, 5)),
            None,
            Some("kept.wav"),
            None,
        )
        .await
        .expect("v");
    // An orphan, as a crash after the rename and before the insert would leave, and a
    // half-written temp file; both old enough to be swept, like the kept blob.
    let orphan = "ab".to_owned() + &"0".repeat(62);
    std::fs::create_dir_all(env.blob_dir.join("ab")).expect("dir");
    std::fs::write(env.blob_dir.join("ab").join(&orphan), b"orphan").expect("orphan");
    std::fs::write(env.blob_dir.join("tmp").join("partial"), b"half").expect("tmp");
    let fresh_orphan = "cd".to_owned() + &"1".repeat(62);
    std::fs::create_dir_all(env.blob_dir.join("cd")).expect("dir");
    std::fs::write(
        env.blob_dir.join("cd").join(&fresh_orphan),
        b"just uploaded",
    )
    .expect("fresh");
    let old = std::time::SystemTime::now() - std::time::Duration::from_secs(3600);
    for f in blob_paths(&env) {
        if !f.ends_with(&fresh_orphan) {
            std::fs::File::options()
                .write(true)
                .open(&f)
                .expect("open")
                .set_modified(old)
                .expect("mtime");
        }
    }
    assert_eq!(env.hub.sweep_blobs().await.expect("sweep"), 1);
    let left = blob_files(&env);
    assert!(!left.contains(&orphan), "the old orphan is gone");
    assert!(
        left.contains(&fresh_orphan),
        "a fresh blob may belong to an upload in flight"
    );
    assert!(!env.blob_dir.join("tmp").join("partial").exists());
    let mut audio = hub
        .open_version_audio(&admin.caller, kept.id, None)
        .await
        .expect("kept blob still opens");
    let mut bytes = Vec::new();
    audio.file.read_to_end(&mut bytes).expect("read");
    assert_eq!(bytes, wav(200, 5));
}

fn blob_paths(env: &Env) -> Vec<std::path::PathBuf> {
    let mut out = Vec::new();
    for dir in std::fs::read_dir(&env.blob_dir)
        .expect("blob dir")
        .flatten()
    {
        for f in std::fs::read_dir(dir.path()).expect("dir").flatten() {
            out.push(f.path());
        }
    }
    out
}
