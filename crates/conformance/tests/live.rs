//! The live bus on a real store (SQLite): which use case announces what, and who hears it
//! (SPEC §6a). `events_http.rs` covers the wire (SSE).

#![allow(clippy::unwrap_used, clippy::expect_used)]

use rehearsalhub_core::prelude::*;
use std::sync::Arc;
use std::time::Duration;

use rehearsalhub_conformance::fixture::{band_with, person, token_invite, wav};
use rehearsalhub_core::live::Limits;
use rehearsalhub_core::{
    BandId, BlobStore, Bus, Caller, Change, Delivery, ExpiresIn, Hub, Role, SongTitle, Start,
    Subscription, Upload,
};
use rehearsalhub_store_sqlite::SqliteStore;

async fn live_hub(limits: Limits) -> (Hub, Bus, tempfile::TempDir) {
    let dir = tempfile::tempdir().unwrap();
    let store = SqliteStore::open(dir.path().join("db.sqlite"))
        .await
        .unwrap();
    let blobs = BlobStore::open(dir.path().join("blobs")).unwrap();
    let bus = Bus::new(limits);
    let hub = Hub::new(Arc::new(store), blobs).with_publisher(Arc::new(bus.clone()));
    bus.start(hub.clone());
    (hub, bus, dir)
}

/// Everything `sub` receives within a short while.
async fn drain(sub: &mut Subscription) -> Vec<Change> {
    let mut out = Vec::new();
    while let Ok(Some(d)) = tokio::time::timeout(Duration::from_millis(300), sub.next()).await {
        out.push(d.change);
    }
    out
}

fn about(changes: &[Change], band: BandId) -> Vec<Change> {
    changes
        .iter()
        .copied()
        .filter(|c| c.band() == Some(band))
        .collect()
}

#[tokio::test]
async fn members_hear_their_band_and_nobody_else_does() {
    let (hub, bus, _dir) = live_hub(Limits::default()).await;
    let ada = person(&hub, "ada").await;
    let bob = person(&hub, "bob").await;
    let eve = person(&hub, "eve").await;
    let band = band_with(&hub, &ada, "The Band", &[]).await;
    let mut a = bus.subscribe(&hub, &ada.caller, None).await.unwrap();
    let mut b = bus.subscribe(&hub, &bob.caller, None).await.unwrap();
    let mut e = bus.subscribe(&hub, &eve.caller, None).await.unwrap();
    assert_eq!(a.start, Start::Fresh);
    // What the set-up announced may still be on its way.
    for sub in [&mut a, &mut b, &mut e] {
        drain(sub).await;
    }

    // A direct invite: the band's invites and log for its members, the inbox for Bob.
    hub.run(
        &ada.caller,
        CreateInvite {
            band_id: band,
            invitee_id: Some(bob.user.id),
            role: Some(Role::Member),
            expires_in_hours: Some(ExpiresIn::default()),
        },
    )
    .await
    .unwrap();
    let heard = drain(&mut a).await;
    assert!(
        heard.contains(&Change::Invites { band_id: band }),
        "{heard:?}"
    );
    assert!(
        heard.contains(&Change::Activity { band_id: band }),
        "{heard:?}"
    );
    assert_eq!(
        drain(&mut b).await,
        vec![Change::Inbox {
            user_id: bob.user.id
        }]
    );
    assert_eq!(drain(&mut e).await, vec![]);

    // Bob accepts: he hears his bands and inbox change, Ada the members.
    let mine = hub.run(&bob.caller, ListMyInvites {}).await.unwrap();
    hub.run(
        &bob.caller,
        AcceptInvite {
            invite_id: mine[0].id,
        },
    )
    .await
    .unwrap();
    let heard = drain(&mut a).await;
    assert!(
        heard.contains(&Change::Members { band_id: band }),
        "{heard:?}"
    );
    let heard = drain(&mut b).await;
    assert!(
        heard.contains(&Change::MyBands {
            user_id: bob.user.id
        }),
        "{heard:?}"
    );
    assert!(
        heard.contains(&Change::Inbox {
            user_id: bob.user.id
        }),
        "{heard:?}"
    );

    // A song and a version: both members hear the songs change, Eve nothing.
    let song = hub
        .run(
            &bob.caller,
            CreateSong {
                band_id: band,
                title: SongTitle::parse("Intro").unwrap(),
            },
        )
        .await
        .unwrap();
    hub.add_version(&bob.caller, song.id, Upload::Bytes(wav(200, 1)), None, None)
        .await
        .unwrap();
    for sub in [&mut a, &mut b] {
        let heard = drain(sub).await;
        assert!(
            heard.contains(&Change::Songs { band_id: band }),
            "{heard:?}"
        );
    }
    assert_eq!(drain(&mut e).await, vec![]);

    // A role change and a revoke reach the log: the Activity list is refetched.
    hub.run(
        &ada.caller,
        ChangeRole {
            band_id: band,
            member_id: bob.user.id,
            role: Role::Admin,
        },
    )
    .await
    .unwrap();
    let heard = drain(&mut a).await;
    assert!(
        heard.contains(&Change::Activity { band_id: band }),
        "{heard:?}"
    );
    assert!(drain(&mut b).await.contains(&Change::MyBands {
        user_id: bob.user.id
    }));
    let created = hub
        .run(
            &ada.caller,
            CreateInvite {
                band_id: band,
                role: Some(Role::Member),
                expires_in_hours: Some(ExpiresIn::default()),
                invitee_id: None,
            },
        )
        .await
        .unwrap();
    drain(&mut a).await;
    hub.run(
        &ada.caller,
        RevokeInvite {
            invite_id: created.invite.id,
        },
    )
    .await
    .unwrap();
    assert_eq!(
        drain(&mut a).await,
        vec![
            Change::Invites { band_id: band },
            Change::Activity { band_id: band }
        ]
    );
    assert_eq!(drain(&mut e).await, vec![]);
}

#[tokio::test]
async fn a_removed_member_hears_nothing_more_of_the_band() {
    let (hub, bus, _dir) = live_hub(Limits::default()).await;
    let ada = person(&hub, "ada").await;
    let bob = person(&hub, "bob").await;
    let band = band_with(&hub, &ada, "The Band", &[(&bob, Role::Member)]).await;
    let other = band_with(&hub, &bob, "Bob's Other Band", &[]).await;
    let mut b = bus.subscribe(&hub, &bob.caller, None).await.unwrap();
    drain(&mut b).await;

    hub.run(
        &ada.caller,
        RemoveMember {
            band_id: band,
            member_id: bob.user.id,
        },
    )
    .await
    .unwrap();
    // He learns that his bands changed, not what the band did.
    assert_eq!(
        drain(&mut b).await,
        vec![Change::MyBands {
            user_id: bob.user.id
        }]
    );
    hub.run(
        &ada.caller,
        CreateSong {
            band_id: band,
            title: SongTitle::parse("After Bob").unwrap(),
        },
    )
    .await
    .unwrap();
    token_invite(&hub, &ada, band, Role::Member).await;
    hub.run(
        &bob.caller,
        CreateSong {
            band_id: other,
            title: SongTitle::parse("Mine").unwrap(),
        },
    )
    .await
    .unwrap();
    let heard = drain(&mut b).await;
    assert_eq!(about(&heard, band), vec![], "{heard:?}");
    assert!(
        heard.contains(&Change::Songs { band_id: other }),
        "{heard:?}"
    );
}

/// Subscribes again after `last`, expecting a replay: the subscription and what it replays.
async fn replayed(
    bus: &Bus,
    hub: &Hub,
    caller: &Caller,
    last: rehearsalhub_core::EventId,
) -> (Subscription, Vec<Change>) {
    let sub = bus.subscribe(hub, caller, Some(last)).await.unwrap();
    let Start::Replay(missed) = &sub.start else {
        panic!("expected a replay, got {:?}", sub.start);
    };
    let missed = missed.iter().map(|d| d.change).collect();
    (sub, missed)
}

#[tokio::test]
async fn a_reconnect_gets_what_it_missed_or_is_told_to_resync() {
    let (hub, bus, _dir) = live_hub(Limits {
        history: 20,
        queue: 64,
        per_user: 8,
    })
    .await;
    let ada = person(&hub, "ada").await;
    let bob = person(&hub, "bob").await;
    let band = band_with(&hub, &ada, "The Band", &[(&bob, Role::Member)]).await;
    let mut b = bus.subscribe(&hub, &bob.caller, None).await.unwrap();
    drain(&mut b).await;
    hub.run(
        &ada.caller,
        CreateSong {
            band_id: band,
            title: SongTitle::parse("One").unwrap(),
        },
    )
    .await
    .unwrap();
    let last: Delivery = b.next().await.unwrap();
    while tokio::time::timeout(Duration::from_millis(200), b.next())
        .await
        .is_ok()
    {}
    drop(b);

    // Missed while away: one song.
    hub.run(
        &ada.caller,
        CreateSong {
            band_id: band,
            title: SongTitle::parse("Two").unwrap(),
        },
    )
    .await
    .unwrap();
    tokio::time::sleep(Duration::from_millis(200)).await;
    let (b, missed) = replayed(&bus, &hub, &bob.caller, last.id).await;
    assert!(
        missed.contains(&Change::Songs { band_id: band }),
        "{missed:?}"
    );
    drop(b);

    // Away for longer than the history holds: resync.
    for n in 0..12 {
        hub.run(
            &ada.caller,
            CreateSong {
                band_id: band,
                title: SongTitle::parse(&format!("Song {n}")).unwrap(),
            },
        )
        .await
        .unwrap();
    }
    tokio::time::sleep(Duration::from_millis(200)).await;
    let b = bus
        .subscribe(&hub, &bob.caller, Some(last.id))
        .await
        .unwrap();
    assert_eq!(b.start, Start::Resync);
    drop(b);

    // Removed while away: the replay holds nothing of the band.
    let fresh = bus.subscribe(&hub, &bob.caller, None).await.unwrap();
    drop(fresh);
    hub.run(
        &ada.caller,
        CreateSong {
            band_id: band,
            title: SongTitle::parse("Marker").unwrap(),
        },
    )
    .await
    .unwrap();
    tokio::time::sleep(Duration::from_millis(200)).await;
    let mut m = bus.subscribe(&hub, &ada.caller, None).await.unwrap();
    hub.run(
        &ada.caller,
        CreateSong {
            band_id: band,
            title: SongTitle::parse("Marker 2").unwrap(),
        },
    )
    .await
    .unwrap();
    let marker = m.next().await.unwrap();
    hub.run(
        &ada.caller,
        RemoveMember {
            band_id: band,
            member_id: bob.user.id,
        },
    )
    .await
    .unwrap();
    hub.run(
        &ada.caller,
        CreateSong {
            band_id: band,
            title: SongTitle::parse("Secret").unwrap(),
        },
    )
    .await
    .unwrap();
    tokio::time::sleep(Duration::from_millis(200)).await;
    let (_b, missed) = replayed(&bus, &hub, &bob.caller, marker.id).await;
    assert_eq!(
        missed,
        vec![Change::MyBands {
            user_id: bob.user.id
        }]
    );
}

#[tokio::test]
async fn a_reader_that_falls_behind_is_dropped_not_buffered() {
    let (hub, bus, _dir) = live_hub(Limits {
        history: 64,
        queue: 4,
        per_user: 8,
    })
    .await;
    let ada = person(&hub, "ada").await;
    let band = band_with(&hub, &ada, "The Band", &[]).await;
    tokio::time::sleep(Duration::from_millis(300)).await;
    let mut idle = bus.subscribe(&hub, &ada.caller, None).await.unwrap();
    for n in 0..10 {
        hub.run(
            &ada.caller,
            CreateSong {
                band_id: band,
                title: SongTitle::parse(&format!("Song {n}")).unwrap(),
            },
        )
        .await
        .unwrap();
    }
    tokio::time::sleep(Duration::from_millis(300)).await;
    assert_eq!(bus.dropped(), 1);
    assert_eq!(bus.subscribers(), 0);
    // It gets what was queued (at most the bound), then its end.
    let mut got = 0;
    while idle.next().await.is_some() {
        got += 1;
    }
    assert_eq!(got, 4);
}

#[tokio::test]
async fn anonymous_callers_cannot_listen() {
    let (hub, bus, _dir) = live_hub(Limits::default()).await;
    for caller in [
        Caller::Anonymous,
        Caller::Invalid,
        Caller::from_token(Some("x".repeat(43).as_str())),
    ] {
        let err = bus.subscribe(&hub, &caller, None).await.unwrap_err();
        assert_eq!(err.code(), rehearsalhub_core::ErrorCode::Unauthenticated);
    }
}

#[tokio::test]
async fn one_account_holds_a_bounded_number_of_streams() {
    let (hub, bus, _dir) = live_hub(Limits {
        per_user: 2,
        ..Limits::default()
    })
    .await;
    let ada = person(&hub, "ada").await;
    let bob = person(&hub, "bob").await;
    let first = bus.subscribe(&hub, &ada.caller, None).await.unwrap();
    let _second = bus.subscribe(&hub, &ada.caller, None).await.unwrap();
    let err = bus.subscribe(&hub, &ada.caller, None).await.unwrap_err();
    assert_eq!(err.code(), rehearsalhub_core::ErrorCode::RateLimited);
    // Others are not affected, and a closed stream frees its place.
    bus.subscribe(&hub, &bob.caller, None).await.unwrap();
    drop(first);
    bus.subscribe(&hub, &ada.caller, None).await.unwrap();
}

#[tokio::test]
async fn comments_are_heard_by_the_band_with_their_version() {
    use rehearsalhub_core::{CommentBody, CommentTag};
    let (hub, bus, _dir) = live_hub(Limits::default()).await;
    let ada = person(&hub, "ada").await;
    let bob = person(&hub, "bob").await;
    let eve = person(&hub, "eve").await;
    let band = band_with(&hub, &ada, "The Band", &[(&bob, Role::Member)]).await;
    let song = hub
        .run(
            &ada.caller,
            CreateSong {
                band_id: band,
                title: SongTitle::parse("Tune").unwrap(),
            },
        )
        .await
        .unwrap();
    let v = hub
        .add_version(
            &ada.caller,
            song.id,
            Upload::Bytes(wav(500, 1)),
            None,
            Some("a.wav"),
        )
        .await
        .unwrap()
        .id;
    let mut b = bus.subscribe(&hub, &bob.caller, None).await.unwrap();
    let mut e = bus.subscribe(&hub, &eve.caller, None).await.unwrap();
    drain(&mut b).await;
    drain(&mut e).await;

    let comments = Change::Comments {
        band_id: band,
        version_id: v,
    };
    let c = hub
        .run(
            &ada.caller,
            AddComment {
                version_id: v,
                at_ms: 100,
                until_ms: None,
                body: CommentBody::parse("Too fast").unwrap(),
                tag: Some(CommentTag::Issue),
            },
        )
        .await
        .unwrap();
    assert!(drain(&mut b).await.contains(&comments));
    hub.run(
        &bob.caller,
        ReplyToComment {
            comment_id: c.id,
            body: CommentBody::parse("Yes").unwrap(),
        },
    )
    .await
    .unwrap();
    assert!(drain(&mut b).await.contains(&comments));
    let resolve = UpdateComment {
        resolved: Some(true),
        ..UpdateComment::of(c.id)
    };
    hub.run(&bob.caller, resolve).await.unwrap();
    assert!(drain(&mut b).await.contains(&comments));
    hub.run(&ada.caller, DeleteComment { comment_id: c.id })
        .await
        .unwrap();
    let heard = drain(&mut b).await;
    assert!(heard.contains(&comments), "{heard:?}");
    assert!(heard.contains(&Change::Activity { band_id: band }));
    // A comment's change makes its list and the song list (its counts) stale.
    assert_eq!(
        comments.invalidates(),
        &[
            rehearsalhub_core::QueryTag::Comments,
            rehearsalhub_core::QueryTag::Songs
        ]
    );
    assert!(
        about(&drain(&mut e).await, band).is_empty(),
        "a non-member hears nothing of it"
    );
}

#[tokio::test]
async fn a_renamed_band_is_heard_by_its_members_and_nobody_else() {
    let (hub, bus, _dir) = live_hub(Limits::default()).await;
    let ada = person(&hub, "ada").await;
    let bob = person(&hub, "bob").await;
    let eve = person(&hub, "eve").await;
    let band = band_with(&hub, &ada, "Old", &[(&bob, Role::Member)]).await;
    let mut b = bus.subscribe(&hub, &bob.caller, None).await.unwrap();
    let mut e = bus.subscribe(&hub, &eve.caller, None).await.unwrap();
    drain(&mut b).await;
    drain(&mut e).await;
    let name = rehearsalhub_core::BandName::parse("New").unwrap();
    hub.run(
        &ada.caller,
        RenameBand {
            band_id: band,
            name,
        },
    )
    .await
    .unwrap();
    let heard = drain(&mut b).await;
    assert!(heard.contains(&Change::Band { band_id: band }), "{heard:?}");
    assert!(
        heard.contains(&Change::Activity { band_id: band }),
        "{heard:?}"
    );
    assert!(about(&drain(&mut e).await, band).is_empty());
}
