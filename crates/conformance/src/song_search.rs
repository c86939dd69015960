//! Finding a band's songs (SPEC §5b): by title (case and accents aside), tags, key, tempo
//! and status, in the order asked for.

use rehearsalhub_core::prelude::*;
use rehearsalhub_core::{Bpm, ErrorCode, MusicalKey, SongSort, SongStatus, Tag, Upload};

use crate::backend::{Backend, Env};
use crate::fixture::{band_with, person, wav};
use crate::song_details::new_song;

/// Titles of a search's answer, in order.
async fn found(hub: &dyn Api, who: &Caller, search: ListSongs) -> Vec<String> {
    hub.run(who, search)
        .await
        .expect("search")
        .into_iter()
        .map(|s| s.title)
        .collect()
}

/// Search by title (case and accents aside), tags (all), key, tempo range and status (any),
/// sorted by title, status or latest take; a range that can hold nothing is refused.
pub async fn songs_are_found_and_sorted(b: &dyn Backend) {
    let env = Env::new(b).await;
    let hub = &*env.api;
    let ada = person(hub, "ss_ada").await;
    let band = band_with(hub, &ada, "Search", &[]).await;
    let mut ids = Vec::new();
    for (title, tags, key, bpm, status) in [
        (
            "Café del Mar",
            r#"["live"]"#,
            Some("Am"),
            Some(90),
            SongStatus::Ready,
        ),
        (
            "Blackbird",
            r#"["ballad", "live"]"#,
            Some("G"),
            Some(96),
            SongStatus::Learning,
        ),
        ("Zebra", "[]", None, None, SongStatus::Idea),
    ] {
        let song = new_song(hub, &ada.caller, band, title).await;
        hub.run(
            &ada.caller,
            UpdateSong {
                tags: Some(serde_json::from_str(tags).expect("tags")),
                key: Some(key.map(|k| MusicalKey::parse(k).expect("key"))),
                bpm: Some(bpm.map(|b| Bpm::new(b).expect("bpm"))),
                status: Some(status),
                ..UpdateSong::of(song.id)
            },
        )
        .await
        .expect("details");
        ids.push(song.id);
    }
    let me = &ada.caller;
    let all = || ListSongs::all(band);
    let q = |s: &str| Some(rehearsalhub_core::TitleQuery::parse(s).expect("q"));
    let tags = |t: &[&str]| Some(t.iter().map(|t| Tag::parse(t).expect("tag")).collect());
    let bpm = |b: i64| Some(Bpm::new(b).expect("bpm"));

    assert_eq!(
        found(hub, me, all()).await,
        ["Blackbird", "Café del Mar", "Zebra"]
    );
    assert_eq!(
        found(
            hub,
            me,
            ListSongs {
                q: q("CAFE"),
                ..all()
            }
        )
        .await,
        ["Café del Mar"]
    );
    assert_eq!(
        found(hub, me, ListSongs { q: q("e"), ..all() }).await,
        ["Café del Mar", "Zebra"]
    );
    assert_eq!(
        found(
            hub,
            me,
            ListSongs {
                tag: tags(&["live"]),
                ..all()
            }
        )
        .await,
        ["Blackbird", "Café del Mar"]
    );
    assert_eq!(
        found(
            hub,
            me,
            ListSongs {
                tag: tags(&["live", "Ballad"]),
                ..all()
            }
        )
        .await,
        ["Blackbird"]
    );
    let am = Some(MusicalKey::parse("a minor").expect("key"));
    assert_eq!(
        found(hub, me, ListSongs { key: am, ..all() }).await,
        ["Café del Mar"]
    );
    assert_eq!(
        found(
            hub,
            me,
            ListSongs {
                bpm_min: bpm(92),
                ..all()
            }
        )
        .await,
        ["Blackbird"]
    );
    assert_eq!(
        found(
            hub,
            me,
            ListSongs {
                bpm_max: bpm(92),
                ..all()
            }
        )
        .await,
        ["Café del Mar"]
    );
    let statuses = Some(vec![SongStatus::Ready, SongStatus::Idea]);
    assert_eq!(
        found(
            hub,
            me,
            ListSongs {
                status: statuses,
                ..all()
            }
        )
        .await,
        ["Café del Mar", "Zebra"]
    );
    assert_eq!(
        found(
            hub,
            me,
            ListSongs {
                sort: Some(SongSort::Status),
                ..all()
            }
        )
        .await,
        ["Zebra", "Blackbird", "Café del Mar"]
    );
    let empty = hub
        .run(
            me,
            ListSongs {
                bpm_min: bpm(100),
                bpm_max: bpm(90),
                ..all()
            },
        )
        .await
        .expect_err("empty range");
    assert_eq!(
        (empty.code(), empty.field()),
        (ErrorCode::InvalidInput, Some("bpm_min"))
    );

    // Latest take first; songs without a take last, by title.
    for (i, song) in [ids[2], ids[1]].into_iter().enumerate() {
        env.clock.advance(60);
        hub.add_version(
            me,
            song,
            Upload::Bytes(wav(300, i as i16 + 1)),
            None,
            Some("t.wav"),
            None,
        )
        .await
        .expect("take");
    }
    assert_eq!(
        found(
            hub,
            me,
            ListSongs {
                sort: Some(SongSort::Latest),
                ..all()
            }
        )
        .await,
        ["Blackbird", "Zebra", "Café del Mar"]
    );
    // The first of them in that order, however many match.
    let first = |n: i64, sort: SongSort| ListSongs {
        sort: Some(sort),
        limit: Some(rehearsalhub_core::SongLimit::new(n).expect("limit")),
        ..all()
    };
    assert_eq!(
        found(hub, me, first(2, SongSort::Title)).await,
        ["Blackbird", "Café del Mar"]
    );
    assert_eq!(
        found(hub, me, first(1, SongSort::Latest)).await,
        ["Blackbird"]
    );
    let zero = rehearsalhub_core::SongLimit::new(0).expect_err("at least one");
    assert_eq!(zero.field(), Some("limit"));
}
