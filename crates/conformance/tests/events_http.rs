//! `GET /events` (SPEC §6a, §8) through the real server and the desktop's client: who
//! hears what, resuming, a reader that reads nothing, and two instances on one PostgreSQL.

#![allow(clippy::unwrap_used, clippy::expect_used)]

use rehearsalhub_core::prelude::*;
use std::sync::Arc;
use std::time::Duration;

use rehearsalhub_client::Client;
use rehearsalhub_client::events::{EventStream, Feed, Live, follow};
use rehearsalhub_conformance::backend::PgBackend;
use rehearsalhub_conformance::fixture::{band_with, person};
use rehearsalhub_conformance::server::{Running, serve_on, start, start_on_bus};
use rehearsalhub_core::{
    BandId, BlobStore, Bus, Caller, Change, ErrorCode, EventId, Hub, Role, SongTitle,
};
use rehearsalhub_store_sqlite::SqliteStore;

/// A hub on a fresh SQLite database, and the folder that holds it.
async fn sqlite_hub() -> (Hub, tempfile::TempDir) {
    let dir = tempfile::tempdir().unwrap();
    let store = SqliteStore::open(dir.path().join("db.sqlite"))
        .await
        .unwrap();
    let hub = Hub::new(
        Arc::new(store),
        BlobStore::open(dir.path().join("blobs")).unwrap(),
    );
    (hub, dir)
}

async fn sqlite_server() -> (Running, tempfile::TempDir) {
    let (hub, dir) = sqlite_hub().await;
    (start(hub).await, dir)
}

/// The next change on `s`, skipping nothing: fails on anything else or after 5 s.
async fn next_change(s: &mut EventStream) -> Option<(EventId, Change)> {
    match tokio::time::timeout(Duration::from_secs(5), s.next()).await {
        Ok(Ok(Some(Feed::Change(d)))) => Some((d.id, d.change)),
        _ => None,
    }
}

/// Every change that arrives within 500 ms.
async fn changes_for_a_while(s: &mut EventStream) -> Vec<Change> {
    let mut out = Vec::new();
    while let Ok(Ok(Some(Feed::Change(d)))) =
        tokio::time::timeout(Duration::from_millis(500), s.next()).await
    {
        out.push(d.change);
    }
    out
}

async fn ready(s: &mut EventStream) -> bool {
    match s.next().await.unwrap() {
        Some(Feed::Ready { resync }) => resync,
        other => panic!("expected ready, got {other:?}"),
    }
}

#[tokio::test]
async fn only_signed_in_users_may_listen() {
    let (server, _dir) = sqlite_server().await;
    let client = Client::new(&server.url).unwrap();
    for caller in [
        Caller::Anonymous,
        Caller::Invalid,
        Caller::from_token(Some(&"A".repeat(43))),
    ] {
        let err = client.events(&caller, None).await.unwrap_err();
        assert_eq!(err.code(), ErrorCode::Unauthenticated, "{err:?}");
    }
}

#[tokio::test]
async fn a_member_hears_changes_and_resumes_after_the_last_id() {
    let (server, _dir) = sqlite_server().await;
    let client = Client::new(&server.url).unwrap();
    let ada = person(&client, "ada").await;
    let bob = person(&client, "bob").await;
    let eve = person(&client, "eve").await;
    let band = band_with(&client, &ada, "The Band", &[(&bob, Role::Member)]).await;
    let mut b = client.events(&bob.caller, None).await.unwrap();
    assert!(!ready(&mut b).await);
    let mut e = client.events(&eve.caller, None).await.unwrap();
    assert!(!ready(&mut e).await);
    // Bob's own joining may still be on its way.
    changes_for_a_while(&mut b).await;

    client
        .run(
            &ada.caller,
            CreateSong {
                band_id: band,
                title: SongTitle::parse("One").unwrap(),
            },
        )
        .await
        .unwrap();
    let (first, change) = next_change(&mut b).await.expect("Bob hears the song");
    assert_eq!(change, Change::Songs { band_id: band });
    changes_for_a_while(&mut b).await;
    assert_eq!(
        changes_for_a_while(&mut e).await,
        vec![],
        "Eve is not in the band"
    );
    drop(b);

    // Away: one more song. Back with the last id he saw: he gets it.
    client
        .run(
            &ada.caller,
            CreateSong {
                band_id: band,
                title: SongTitle::parse("Two").unwrap(),
            },
        )
        .await
        .unwrap();
    tokio::time::sleep(Duration::from_millis(200)).await;
    let mut b = client.events(&bob.caller, Some(first)).await.unwrap();
    assert!(!ready(&mut b).await);
    let missed = changes_for_a_while(&mut b).await;
    assert!(
        missed.contains(&Change::Songs { band_id: band }),
        "{missed:?}"
    );

    // An id the server never sent: resync.
    let mut b = client
        .events(&bob.caller, Some(EventId(12345)))
        .await
        .unwrap();
    assert!(ready(&mut b).await);
}

#[tokio::test]
async fn a_removed_members_stream_carries_nothing_more_of_the_band() {
    let (server, _dir) = sqlite_server().await;
    let client = Client::new(&server.url).unwrap();
    let ada = person(&client, "ada").await;
    let bob = person(&client, "bob").await;
    let band = band_with(&client, &ada, "The Band", &[(&bob, Role::Member)]).await;
    let mut b = client.events(&bob.caller, None).await.unwrap();
    assert!(!ready(&mut b).await);
    client
        .run(
            &ada.caller,
            RemoveMember {
                band_id: band,
                member_id: bob.user.id,
            },
        )
        .await
        .unwrap();
    assert_eq!(
        changes_for_a_while(&mut b).await,
        vec![Change::MyBands {
            user_id: bob.user.id
        }]
    );
    client
        .run(
            &ada.caller,
            CreateSong {
                band_id: band,
                title: SongTitle::parse("Secret").unwrap(),
            },
        )
        .await
        .unwrap();
    client
        .run(
            &ada.caller,
            CreateInvite {
                band_id: band,
                role: Some(Role::Admin),
                expires_in_hours: Some(Default::default()),
                invitee_id: None,
            },
        )
        .await
        .unwrap();
    assert_eq!(changes_for_a_while(&mut b).await, vec![]);
}

#[tokio::test]
async fn a_client_that_reads_nothing_is_dropped_and_must_resync() {
    let (server, _dir) = sqlite_server().await;
    let client = Client::new(&server.url).unwrap();
    let bob = person(&client, "bob").await;
    let mut idle = client.events(&bob.caller, None).await.unwrap();
    assert!(!ready(&mut idle).await);
    assert_eq!(server.bus.subscribers(), 1);

    // Far more than the socket buffers and the subscription's queue hold, while Bob's
    // client reads nothing.
    let flood = vec![
        Change::Inbox {
            user_id: bob.user.id
        };
        400_000
    ];
    server.bus.feed(server.bus.stamp(flood));
    let deadline = tokio::time::Instant::now() + Duration::from_secs(20);
    while server.bus.subscribers() > 0 && tokio::time::Instant::now() < deadline {
        tokio::time::sleep(Duration::from_millis(50)).await;
    }
    assert_eq!(
        server.bus.subscribers(),
        0,
        "the reader that fell behind is dropped"
    );
    assert_eq!(server.bus.dropped(), 1);

    // What was already on its way arrives, then the stream ends.
    let mut got = 0usize;
    let mut last = None;
    loop {
        match tokio::time::timeout(Duration::from_secs(20), idle.next()).await {
            Ok(Ok(Some(Feed::Change(d)))) => {
                got += 1;
                last = Some(d.id);
            }
            Ok(Ok(None)) => break,
            other => panic!("expected the stream to end, got {other:?}"),
        }
    }
    assert!(got < 400_000, "received {got}");
    let mut again = client.events(&bob.caller, last).await.unwrap();
    assert!(ready(&mut again).await, "too much was missed: resync");
}

/// One server instance on `schema`, bridged to the others through PostgreSQL, and a pool
/// on its database.
async fn pg_instance(
    pg: &PgBackend,
    schema: &str,
    blobs: &std::path::Path,
) -> (Running, sqlx::PgPool) {
    let store = pg.pool_on(schema, 4).await;
    let pool = store.pool().clone();
    let bus = Bus::default();
    let publisher = rehearsalhub_store_postgres::notify::bridge(store.pool(), &bus)
        .await
        .unwrap();
    let hub = Hub::new(Arc::new(store), BlobStore::open(blobs).unwrap()).with_publisher(publisher);
    bus.start(hub.clone());
    (start_on_bus(hub, bus).await, pool)
}

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn a_change_made_on_one_instance_reaches_a_client_of_another() {
    let Some(pg) = PgBackend::from_env() else {
        return;
    };
    let schema = pg.new_schema().await;
    let blobs = tempfile::tempdir().unwrap();
    let mut servers = Vec::new();
    for _ in 0..2 {
        servers.push(pg_instance(&pg, &schema, blobs.path()).await.0);
    }
    let one = Client::new(&servers[0].url).unwrap();
    let two = Client::new(&servers[1].url).unwrap();
    let ada = person(&one, "ada").await;
    let bob = person(&two, "bob").await;
    let band: BandId = band_with(&one, &ada, "The Band", &[(&bob, Role::Member)]).await;
    let mut b = two.events(&bob.caller, None).await.unwrap();
    assert!(!ready(&mut b).await);
    // Bob's own joining may still be on its way through PostgreSQL.
    changes_for_a_while(&mut b).await;
    one.run(
        &ada.caller,
        CreateSong {
            band_id: band,
            title: SongTitle::parse("Across").unwrap(),
        },
    )
    .await
    .unwrap();
    let (id, change) = next_change(&mut b).await.expect("heard through PostgreSQL");
    assert_eq!(change, Change::Songs { band_id: band });
    changes_for_a_while(&mut b).await;
    drop(b);

    // The same id means the same event on the other instance: Bob resumes there.
    one.run(
        &ada.caller,
        CreateSong {
            band_id: band,
            title: SongTitle::parse("Later").unwrap(),
        },
    )
    .await
    .unwrap();
    tokio::time::sleep(Duration::from_millis(300)).await;
    let mut b = one.events(&bob.caller, Some(id)).await.unwrap();
    assert!(!ready(&mut b).await, "instance 1 knows instance 2's ids");
    let missed = changes_for_a_while(&mut b).await;
    assert!(
        missed.contains(&Change::Songs { band_id: band }),
        "{missed:?}"
    );

    // Removed on instance 2: instance 1 stops carrying the band to him.
    let mut b = one.events(&bob.caller, None).await.unwrap();
    assert!(!ready(&mut b).await);
    changes_for_a_while(&mut b).await;
    two.run(
        &ada.caller,
        RemoveMember {
            band_id: band,
            member_id: bob.user.id,
        },
    )
    .await
    .unwrap();
    one.run(
        &ada.caller,
        CreateSong {
            band_id: band,
            title: SongTitle::parse("Secret").unwrap(),
        },
    )
    .await
    .unwrap();
    assert_eq!(
        changes_for_a_while(&mut b).await,
        vec![Change::MyBands {
            user_id: bob.user.id
        }]
    );
}

async fn next_live(rx: &mut tokio::sync::mpsc::UnboundedReceiver<Live>) -> Option<Live> {
    tokio::time::timeout(Duration::from_secs(10), rx.recv())
        .await
        .ok()
        .flatten()
}

#[tokio::test]
async fn the_follower_says_offline_and_resyncs_once_the_server_is_back() {
    let (hub, _dir) = sqlite_hub().await;
    let first = serve_on(
        tokio::net::TcpListener::bind("127.0.0.1:0").await.unwrap(),
        hub.clone(),
        rehearsalhub_server::Limits::per_minute(0),
        200,
        |_| {},
    );
    let client = Client::new(&first.url).unwrap();
    let ada = person(&client, "ada").await;
    let band = band_with(&client, &ada, "The Band", &[]).await;

    // A follower pointed at a port where nothing answers yet.
    let spare = std::net::TcpListener::bind("127.0.0.1:0").unwrap();
    let port = spare.local_addr().unwrap().port();
    drop(spare);
    let away = Client::new(&format!("127.0.0.1:{port}")).unwrap();
    let (tx, mut rx) = tokio::sync::mpsc::unbounded_channel();
    let follower = tokio::spawn(follow(away.clone(), ada.caller.clone(), move |l| {
        let _ = tx.send(l);
    }));
    assert_eq!(next_live(&mut rx).await, Some(Live::Offline));

    // The server comes up there: online, and everything is refetched.
    serve_on(
        tokio::net::TcpListener::bind(("127.0.0.1", port))
            .await
            .unwrap(),
        hub.clone(),
        rehearsalhub_server::Limits::per_minute(0),
        200,
        |_| {},
    );
    assert_eq!(
        next_live(&mut rx).await,
        Some(Live::Online { resync: true })
    );
    away.run(
        &ada.caller,
        CreateSong {
            band_id: band,
            title: SongTitle::parse("Back").unwrap(),
        },
    )
    .await
    .unwrap();
    let mut heard = Vec::new();
    while let Some(l) = next_live(&mut rx).await {
        heard.push(l.clone());
        if l == Live::Change(Change::Songs { band_id: band }) {
            break;
        }
    }
    assert!(
        heard.contains(&Live::Change(Change::Songs { band_id: band })),
        "{heard:?}"
    );
    follower.abort();
}

#[tokio::test]
async fn signing_out_ends_the_sessions_stream() {
    let (hub, _dir) = sqlite_hub().await;
    let server = serve_on(
        tokio::net::TcpListener::bind("127.0.0.1:0").await.unwrap(),
        hub,
        rehearsalhub_server::Limits::per_minute(0),
        200,
        |c| c.heartbeat_secs = 1,
    );
    let client = Client::new(&server.url).unwrap();
    let ada = person(&client, "ada").await;
    let mut stream = client.events(&ada.caller, None).await.unwrap();
    assert!(!ready(&mut stream).await);
    client.run(&ada.caller, SignOut {}).await.unwrap();
    // Checked every 4 heartbeats: the stream ends within about 4 s, with nothing else.
    let ended = tokio::time::timeout(Duration::from_secs(10), stream.next()).await;
    assert!(matches!(ended, Ok(Ok(None))), "{ended:?}");
}

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn a_broken_listen_connection_makes_every_client_resync() {
    let Some(pg) = PgBackend::from_env() else {
        return;
    };
    let schema = pg.new_schema().await;
    let blobs = tempfile::tempdir().unwrap();
    let (server, admin) = pg_instance(&pg, &schema, blobs.path()).await;
    let client = Client::new(&server.url).unwrap();
    let ada = person(&client, "ada").await;
    let band = band_with(&client, &ada, "The Band", &[]).await;
    let mut a = client.events(&ada.caller, None).await.unwrap();
    assert!(!ready(&mut a).await);
    changes_for_a_while(&mut a).await;
    client
        .run(
            &ada.caller,
            CreateSong {
                band_id: band,
                title: SongTitle::parse("Before").unwrap(),
            },
        )
        .await
        .unwrap();
    let (seen, _) = next_change(&mut a).await.expect("heard through PostgreSQL");

    // The database drops this instance's listening connection: what is sent meanwhile is
    // lost, so the stream ends and resuming must resync.
    let channel = format!("{}_{schema}", rehearsalhub_store_postgres::notify::CHANNEL);
    let killed: i64 = sqlx::query_scalar(
        "SELECT COUNT(pg_terminate_backend(pid)) FROM pg_stat_activity \
         WHERE query LIKE 'LISTEN%' AND query LIKE '%' || $1 || '%'",
    )
    .bind(&channel)
    .fetch_one(&admin)
    .await
    .unwrap();
    assert_eq!(killed, 1, "one listening connection");
    let ended = tokio::time::timeout(Duration::from_secs(10), async {
        loop {
            match a.next().await {
                Ok(Some(_)) => continue,
                other => return other.map(|_| ()),
            }
        }
    })
    .await;
    assert!(ended.is_ok(), "the stream ends once the listener is lost");
    let mut again = client.events(&ada.caller, Some(seen)).await.unwrap();
    assert!(ready(&mut again).await, "resumes with a resync");
    // And the listener is back: new changes arrive again.
    changes_for_a_while(&mut again).await;
    client
        .run(
            &ada.caller,
            CreateSong {
                band_id: band,
                title: SongTitle::parse("After").unwrap(),
            },
        )
        .await
        .unwrap();
    let heard = changes_for_a_while(&mut again).await;
    assert!(
        heard.contains(&Change::Songs { band_id: band }),
        "{heard:?}"
    );
}
