//! A song's details (SPEC §5b): parsed into one form, kept, cleared by `null`, left alone
//! when absent, each changed field logged once; takes dated by their recorder.

use rehearsalhub_core::prelude::*;
use rehearsalhub_core::{
    ActivityKind, Bpm, MusicalKey, Notes, Role, Song, SongStatus, SongTitle, Tags, Upload,
};

use crate::backend::{Backend, Env};
use crate::fixture::{band_with, bwf, person, wav};

/// The band's song-detail log entries, newest first.
async fn details_log(hub: &dyn Api, admin: &Caller, band: BandId) -> Vec<String> {
    hub.run(admin, ListActivity { band_id: band })
        .await
        .expect("activity")
        .into_iter()
        .filter(|e| e.kind == ActivityKind::SongDetailsChanged)
        .map(|e| e.detail)
        .collect()
}

/// Creates song `title` in `band`.
pub(crate) async fn new_song(hub: &dyn Api, who: &Caller, band: BandId, title: &str) -> Song {
    hub.run(
        who,
        CreateSong {
            band_id: band,
            title: SongTitle::parse(title).expect("title"),
        },
    )
    .await
    .expect("song")
}

/// Song `id` as the band's song list shows it.
async fn listed(hub: &dyn Api, who: &Caller, band: BandId, id: SongId) -> Song {
    hub.run(who, ListSongs::all(band))
        .await
        .expect("list")
        .into_iter()
        .find(|s| s.id == id)
        .expect("listed")
}

/// A member sets every detail, clears the key, and repeats an edit; the song reads back the
/// same through every front and the log has one line per change.
pub async fn song_details_are_kept_cleared_and_logged(b: &dyn Backend) {
    let env = Env::new(b).await;
    let hub = &*env.api;
    let ada = person(hub, "sd_ada").await;
    let bob = person(hub, "sd_bob").await;
    let band = band_with(hub, &ada, "Details", &[(&bob, Role::Member)]).await;
    let song = new_song(hub, &bob.caller, band, "Blackbird").await;
    assert_eq!(song.status, SongStatus::Idea, "a new song is an idea");
    assert!(song.tags.as_slice().is_empty() && song.key.is_none() && song.bpm.is_none());
    assert!(song.notes.is_empty());

    let tags: Tags = serde_json::from_str(r#"[" Ballad", "ballad", "Live"]"#).expect("tags");
    let edit = UpdateSong {
        tags: Some(tags),
        key: Some(Some(MusicalKey::parse("am").expect("key"))),
        bpm: Some(Some(Bpm::new(96).expect("bpm"))),
        status: Some(SongStatus::Learning),
        notes: Some(Some(Notes::parse("Capo 2.\nSlow intro.").expect("notes"))),
        ..UpdateSong::of(song.id)
    };
    let edited = hub.run(&bob.caller, edit.clone()).await.expect("edit");
    let listed = listed(hub, &bob.caller, band, song.id).await;
    for s in [&edited, &listed] {
        let tags: Vec<&str> = s.tags.as_slice().iter().map(|t| t.as_str()).collect();
        assert_eq!(tags, ["ballad", "live"]);
        assert_eq!(s.key.as_ref().map(MusicalKey::as_str), Some("A minor"));
        assert_eq!(s.bpm.map(Bpm::get), Some(96));
        assert_eq!(s.status, SongStatus::Learning);
        assert_eq!(s.notes.as_str(), "Capo 2.\nSlow intro.");
        assert_eq!(s.title, "Blackbird");
    }
    let mut log = details_log(hub, &ada.caller, band).await;
    log.sort();
    assert_eq!(
        log,
        [
            "key: – → A minor",
            "notes edited",
            "status: idea → learning",
            "tags: – → ballad, live",
            "tempo: – → 96 BPM",
        ]
    );

    // The same edit again changes nothing and logs nothing.
    hub.run(&bob.caller, edit).await.expect("again");
    assert_eq!(details_log(hub, &ada.caller, band).await.len(), 5);

    // `null` clears the key; what is absent stays.
    let cleared = hub
        .run(
            &bob.caller,
            UpdateSong {
                key: Some(None),
                notes: Some(None),
                ..UpdateSong::of(song.id)
            },
        )
        .await
        .expect("clear");
    assert_eq!(cleared.key, None);
    assert!(cleared.notes.is_empty());
    assert_eq!(cleared.bpm.map(Bpm::get), Some(96));
    assert_eq!(cleared.status, SongStatus::Learning);
    let log = details_log(hub, &ada.caller, band).await;
    assert_eq!(log.len(), 7, "{log:?}");
    assert!(log.contains(&"key: A minor → –".to_owned()), "{log:?}");
    assert!(log.contains(&"notes cleared".to_owned()), "{log:?}");
}

/// A take from a field recorder is dated by its `bext` chunk; a never-set clock's date and
/// a file without one leave it undated.
pub async fn takes_are_dated_by_their_recorder(b: &dyn Backend) {
    let env = Env::new(b).await;
    let hub = &*env.api;
    let ada = person(hub, "rd_ada").await;
    let band = band_with(hub, &ada, "Dates", &[]).await;
    let song = new_song(hub, &ada.caller, band, "Dated").await;
    let add = |bytes: Vec<u8>| {
        hub.add_version(
            &ada.caller,
            song.id,
            Upload::Bytes(bytes),
            None,
            Some("ZOOM0001.WAV"),
            None,
        )
    };
    let dated = add(bwf(300, 1, "2026-03-14", "19:42:07"))
        .await
        .expect("bwf");
    assert_eq!(
        dated.recorded_at.map(|t| t.as_string()).as_deref(),
        Some("2026-03-14T19:42:07")
    );
    let unset = add(bwf(300, 2, "2000-01-01", "00:00:00"))
        .await
        .expect("unset clock");
    assert_eq!(unset.recorded_at, None, "a clock never set says nothing");
    let plain = add(wav(300, 3)).await.expect("plain");
    assert_eq!(plain.recorded_at, None);
    let listed = hub
        .run(&ada.caller, ListSongs::all(band))
        .await
        .expect("list")
        .remove(0);
    let dated_again = listed
        .versions
        .iter()
        .find(|v| v.id == dated.id)
        .expect("listed");
    assert_eq!(
        dated_again.recorded_at, dated.recorded_at,
        "kept by the store"
    );
}

/// Two members editing different details of one song at once both keep theirs: the
/// details are written whole, so the second edit must read the first's result.
pub async fn concurrent_edits_of_one_song_keep_both(b: &dyn Backend) {
    let env = Env::new(b).await;
    let hub = &*env.api;
    let ada = person(hub, "ce_ada").await;
    let bob = person(hub, "ce_bob").await;
    let band = band_with(hub, &ada, "Together", &[(&bob, Role::Member)]).await;
    for round in 0..8_i64 {
        let song = new_song(hub, &ada.caller, band, &format!("Song {round}")).await;
        let tags: Tags = serde_json::from_str(r#"["loud"]"#).expect("tags");
        let (a, b) = tokio::join!(
            hub.run(
                &ada.caller,
                UpdateSong {
                    tags: Some(tags),
                    ..UpdateSong::of(song.id)
                },
            ),
            hub.run(
                &bob.caller,
                UpdateSong {
                    bpm: Some(Some(Bpm::new(100 + round).expect("bpm"))),
                    ..UpdateSong::of(song.id)
                },
            ),
        );
        a.expect("tags");
        b.expect("bpm");
        let now = listed(hub, &ada.caller, band, song.id).await;
        assert_eq!(
            now.tags.as_slice().len(),
            1,
            "round {round}: the tags were lost"
        );
        assert_eq!(
            now.bpm.map(Bpm::get),
            Some(100 + round),
            "round {round}: the tempo was lost"
        );
    }
}
