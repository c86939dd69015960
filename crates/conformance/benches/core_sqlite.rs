//! Core use cases on SQLite (WAL, on disk), as the desktop app runs them.
//!
//! Run with `scripts/bench-core.sh`, which prints each benchmark's median. Argon2 is kept
//! out of the measurements: the many users the setup needs are inserted through the store
//! with a fixed password hash and a session minted directly.

#![allow(clippy::unwrap_used)] // a benchmark aborts on any failure

use rehearsalhub_core::prelude::*;
use std::sync::Arc;

use criterion::{Criterion, criterion_group, criterion_main};
use rehearsalhub_core::{
    BandId, BandName, BlobStore, Caller, Clock, ExpiresIn, Hub, InviteToken, Role, SearchQuery,
    SessionToken, Store, SystemClock, Timestamp,
};
use rehearsalhub_store_sqlite::SqliteStore;
use tokio::runtime::Runtime;

/// Not a real hash: these accounts never sign in.
const FAKE_HASH: &str = "$argon2id$v=19$m=19456,t=2,p=1$bench$bench";

struct World {
    hub: Hub,
    store: Arc<dyn Store>,
    admin: Caller,
    band: BandId,
    _dir: tempfile::TempDir,
}

/// Inserts `n` users named by `name(i)` in one transaction; returns callers for the first
/// `with_sessions` of them.
async fn bulk_users(
    store: &Arc<dyn Store>,
    n: usize,
    with_sessions: usize,
    name: impl Fn(usize) -> String,
) -> Vec<Caller> {
    let now = SystemClock.now();
    let mut tx = store.write().await.unwrap();
    let mut callers = Vec::new();
    for i in 0..n {
        let username = name(i);
        let user = tx
            .insert_user(&username, &username, FAKE_HASH, now)
            .await
            .unwrap();
        if i < with_sessions {
            let token = SessionToken::generate().unwrap();
            tx.insert_session(&token.hash(), user.id, now, now.plus_secs(86_400))
                .await
                .unwrap();
            callers.push(Caller::Session(token));
        }
    }
    tx.commit().await.unwrap();
    callers
}

async fn world() -> World {
    let dir = tempfile::tempdir().unwrap();
    let store: Arc<dyn Store> = Arc::new(
        SqliteStore::open(dir.path().join("bench.db"))
            .await
            .unwrap(),
    );
    let hub = Hub::new(
        store.clone(),
        BlobStore::open(dir.path().join("blobs")).unwrap(),
    );
    let admin = bulk_users(&store, 1, 1, |_| "bench_admin".into())
        .await
        .remove(0);
    let band = hub
        .run(
            &admin,
            CreateBand {
                name: BandName::parse("Bench band").unwrap(),
            },
        )
        .await
        .unwrap()
        .id;
    // A realistic band: eight members.
    let members = bulk_users(&store, 7, 7, |i| format!("member_{i}")).await;
    for m in &members {
        let t = new_token(&hub, &admin, band).await;
        hub.run(m, RedeemInvite { token: t.clone() }).await.unwrap();
    }
    World {
        hub,
        store,
        admin,
        band,
        _dir: dir,
    }
}

async fn new_token(hub: &Hub, admin: &Caller, band: BandId) -> InviteToken {
    let c = hub
        .run(
            admin,
            CreateInvite {
                band_id: band,
                role: Some(Role::Member),
                expires_in_hours: Some(ExpiresIn::default()),
                invitee_id: None,
            },
        )
        .await
        .unwrap();
    InviteToken::parse(&c.token.unwrap()).unwrap()
}

/// A deterministic pseudo-random lower-case name, 6–12 letters.
fn random_name(i: usize) -> String {
    let mut x = (i as u64)
        .wrapping_mul(6_364_136_223_846_793_005)
        .wrapping_add(1_442_695_040_888_963_407);
    let len = 6 + (x % 7) as usize;
    let mut s = String::with_capacity(len + 6);
    for _ in 0..len {
        x = x.wrapping_mul(6_364_136_223_846_793_005).wrapping_add(1);
        s.push((b'a' + ((x >> 33) % 26) as u8) as char);
    }
    format!("{s}{i}")
}

fn bench(c: &mut Criterion) {
    let rt = Runtime::new().unwrap();
    let w = rt.block_on(world());
    let preview_token = rt.block_on(new_token(&w.hub, &w.admin, w.band));

    let mut g = c.benchmark_group("core_sqlite");
    g.bench_function("create_invite", |b| {
        b.to_async(&rt).iter(|| async {
            w.hub
                .run(
                    &w.admin,
                    CreateInvite {
                        band_id: w.band,
                        role: Some(Role::Member),
                        expires_in_hours: Some(ExpiresIn::default()),
                        invitee_id: None,
                    },
                )
                .await
                .unwrap()
        })
    });
    g.bench_function("preview_invite", |b| {
        b.to_async(&rt).iter(|| async {
            w.hub
                .run(
                    &Caller::Anonymous,
                    PreviewInvite {
                        token: preview_token.clone(),
                    },
                )
                .await
                .unwrap()
        })
    });
    // Redemptions join their own band, so the band listed below keeps its eight members.
    let joinable = rt.block_on(async {
        w.hub
            .run(
                &w.admin,
                CreateBand {
                    name: BandName::parse("Joinable band").unwrap(),
                },
            )
            .await
            .unwrap()
            .id
    });
    let counter = std::sync::atomic::AtomicUsize::new(0);
    g.bench_function("redeem_invite", |b| {
        b.iter_custom(|iters| {
            // Setup (not timed): a fresh user and a fresh invite per redemption.
            let inputs = rt.block_on(async {
                let n = counter.fetch_add(1, std::sync::atomic::Ordering::Relaxed);
                let users = bulk_users(&w.store, iters as usize, iters as usize, |i| {
                    format!("redeemer_{n}_{i}")
                })
                .await;
                let mut inputs = Vec::new();
                for u in users {
                    inputs.push((u, new_token(&w.hub, &w.admin, joinable).await));
                }
                inputs
            });
            rt.block_on(async {
                let start = std::time::Instant::now();
                for (user, token) in &inputs {
                    w.hub
                        .run(
                            user,
                            RedeemInvite {
                                token: token.clone(),
                            },
                        )
                        .await
                        .unwrap();
                }
                start.elapsed()
            })
        })
    });
    g.bench_function("list_members", |b| {
        b.to_async(&rt).iter(|| async {
            w.hub
                .run(&w.admin, ListMembers { band_id: w.band })
                .await
                .unwrap()
        })
    });
    g.finish();

    // A band with 10,000 invites, and 100,000 registered users.
    let big = rt.block_on(async {
        let big = w
            .hub
            .run(
                &w.admin,
                CreateBand {
                    name: BandName::parse("Big band").unwrap(),
                },
            )
            .await
            .unwrap()
            .id;
        let now = SystemClock.now();
        let mut tx = w.store.write().await.unwrap();
        let admin_id = w.hub.run(&w.admin, Me {}).await.unwrap().id;
        for i in 0..10_000i64 {
            let token = SessionToken::generate().unwrap();
            tx.insert_invite(&rehearsalhub_core::NewInvite {
                band_id: big,
                kind: rehearsalhub_core::InviteKind::Token,
                token_hash: Some(token.hash()),
                role: Role::Member,
                created_by: admin_id,
                created_at: Timestamp::from_unix(now.unix() - 10_000 + i),
                expires_at: Timestamp::from_unix(
                    now.unix() - 10_000 + i + 72 * 3600 - (i % 3) * 72 * 3600,
                ),
                invitee_id: None,
            })
            .await
            .unwrap();
        }
        tx.commit().await.unwrap();
        bulk_users(&w.store, 100_000, 0, random_name).await;
        big
    });
    let mut g = c.benchmark_group("core_sqlite_large");
    g.bench_function("list_invites_10k_first_page_100", |b| {
        b.to_async(&rt).iter(|| async {
            w.hub
                .run(&w.admin, ListInvites::first_page(big))
                .await
                .unwrap()
        })
    });
    g.bench_function("list_invites_10k_page_500", |b| {
        b.to_async(&rt).iter(|| async {
            w.hub
                .run(
                    &w.admin,
                    ListInvites {
                        band_id: big,
                        limit: Some(PageLimit::new(500).unwrap()),
                        offset: Some(PageOffset::new(0).unwrap()),
                    },
                )
                .await
                .unwrap()
        })
    });
    g.bench_function("list_invites_10k_last_page_500", |b| {
        b.to_async(&rt).iter(|| async {
            w.hub
                .run(
                    &w.admin,
                    ListInvites {
                        band_id: big,
                        limit: Some(PageLimit::new(500).unwrap()),
                        offset: Some(PageOffset::new(9_500).unwrap()),
                    },
                )
                .await
                .unwrap()
        })
    });
    for q in ["ma", "qz", "kel"] {
        g.bench_function(format!("search_non_members_100k_{q}"), |b| {
            let q = SearchQuery::parse(q).unwrap();
            b.to_async(&rt).iter(|| async {
                w.hub
                    .run(
                        &w.admin,
                        SearchNonMembers {
                            band_id: big,
                            q: q.clone(),
                        },
                    )
                    .await
                    .unwrap()
            })
        });
    }
    g.finish();
}

criterion_group! {
    name = benches;
    config = Criterion::default().sample_size(60).measurement_time(std::time::Duration::from_secs(3)).warm_up_time(std::time::Duration::from_secs(1));
    targets = bench
}
criterion_main!(benches);
