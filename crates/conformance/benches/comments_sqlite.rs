//! Comments on SQLite (WAL, on disk), as the desktop app runs them: listing a version with
//! 1,000 comments and 3,000 replies (unchanged since the hub last read it, and cold, by a
//! hub that never did), and adding one comment.
//!
//! Run with `scripts/bench-core.sh`, which prints each benchmark's median. The comments are
//! written through the hub (so as the use case stores them); the users sign up through it
//! too, which costs a few password hashes of set-up time and none of the measurement.

#![allow(clippy::unwrap_used)] // a benchmark aborts on any failure

use criterion::{Criterion, criterion_group, criterion_main};
use rehearsalhub_conformance::fixture::{band_with, person, wav};
use rehearsalhub_core::prelude::*;
use rehearsalhub_core::{
    BlobStore, Caller, CommentBody, CommentTag, Hub, Role, SongTitle, Upload, VersionId,
};
use rehearsalhub_store_sqlite::SqliteStore;
use tokio::runtime::Runtime;

struct World {
    hub: Hub,
    member: Caller,
    /// 1,000 comments, 3 replies each.
    busy: VersionId,
    /// Where the add benchmark writes.
    quiet: VersionId,
    _dir: tempfile::TempDir,
}

const TAGS: [CommentTag; 4] = [
    CommentTag::Note,
    CommentTag::Suggestion,
    CommentTag::Issue,
    CommentTag::Keeper,
];

fn draft(i: i64) -> AddComment {
    AddComment {
        version_id: VersionId(0),
        at_ms: (i * 173) % 170_000,
        until_ms: (i % 5 == 0).then_some((i * 173) % 170_000 + 4_000),
        body: CommentBody::parse(&format!(
            "Comment {i}: the bridge drags a little here, try it a touch faster next time."
        ))
        .unwrap(),
        tag: Some(TAGS[(i % 4) as usize]),
    }
}

async fn world() -> World {
    let dir = tempfile::tempdir().unwrap();
    let store = SqliteStore::open(dir.path().join("bench.db"))
        .await
        .unwrap();
    let hub = Hub::new(
        std::sync::Arc::new(store),
        BlobStore::open(dir.path().join("blobs")).unwrap(),
    );
    let admin = person(&hub, "bench_admin").await;
    let member = person(&hub, "bench_member").await;
    let band = band_with(&hub, &admin, "Bench band", &[(&member, Role::Member)]).await;
    let song = hub
        .run(
            &admin.caller,
            CreateSong {
                band_id: band,
                title: SongTitle::parse("Long take").unwrap(),
            },
        )
        .await
        .unwrap();
    let mut versions = Vec::new();
    for seed in 0..2 {
        // Three minutes of audio, so every moment below lies inside it.
        let v = hub
            .add_version(
                &admin.caller,
                song.id,
                Upload::Bytes(wav(180_000, seed)),
                None,
                Some("take.wav"),
            )
            .await
            .unwrap();
        versions.push(v.id);
    }
    let busy = versions[0];
    for i in 0..1000 {
        let c = hub
            .run(
                &member.caller,
                AddComment {
                    version_id: busy,
                    ..draft(i)
                },
            )
            .await
            .unwrap();
        for r in 0..3 {
            let body = CommentBody::parse(&format!("Reply {r}: agreed, let us try that.")).unwrap();
            let who = if r % 2 == 0 {
                &admin.caller
            } else {
                &member.caller
            };
            hub.run(
                who,
                ReplyToComment {
                    comment_id: c.id,
                    body,
                },
            )
            .await
            .unwrap();
        }
    }
    World {
        hub,
        member: member.caller,
        busy,
        quiet: versions[1],
        _dir: dir,
    }
}

fn bench(c: &mut Criterion) {
    let rt = Runtime::new().unwrap();
    let w = rt.block_on(world());
    let listed = rt
        .block_on(w.hub.run(&w.member, ListComments { version_id: w.busy }))
        .unwrap();
    assert_eq!(listed.len(), 1000);
    assert_eq!(
        listed.iter().map(|c| c.replies().len()).sum::<usize>(),
        3000
    );

    let mut g = c.benchmark_group("core_sqlite_comments");
    g.bench_function("list_comments_1000_with_3000_replies", |b| {
        b.to_async(&rt).iter(|| async {
            w.hub
                .run(&w.member, ListComments { version_id: w.busy })
                .await
                .unwrap()
        })
    });
    // A fresh hub on the same database has nothing kept: every read queries and assembles.
    g.bench_function("list_comments_1000_with_3000_replies_cold", |b| {
        // The list is freed after the clock stops: a reader waits for it, not for its
        // release (which happens when a later revision replaces it).
        b.to_async(&rt).iter_with_large_drop(|| async {
            let cold = Hub::new(w.hub.store().clone(), w.hub.blobs().clone());
            cold.run(&w.member, ListComments { version_id: w.busy })
                .await
                .unwrap()
        })
    });
    let mut i = 0;
    g.bench_function("add_comment", |b| {
        b.to_async(&rt).iter(|| {
            i += 1;
            let d = AddComment {
                version_id: w.quiet,
                ..draft(i)
            };
            async { w.hub.run(&w.member, d).await.unwrap() }
        })
    });
    g.finish();
}

criterion_group! {
    name = benches;
    config = Criterion::default().sample_size(60).measurement_time(std::time::Duration::from_secs(3)).warm_up_time(std::time::Duration::from_secs(1));
    targets = bench
}
criterion_main!(benches);
