//! Rehearsal sessions (SPEC §5b): one per day and band, takes sorted into them when added
//! or later, listed in recording order, kept (unsorted) when their session goes, and found
//! by the song search.

use rehearsalhub_core::prelude::*;
use rehearsalhub_core::{
    ActivityKind, ErrorCode, Notes, PlaceName, RecordedAt, Rehearsal, Role, SessionDate, Song,
    TakeMeta, Upload, Version, VersionLabel,
};

use crate::backend::{Backend, Env};
use crate::fixture::{band_with, bwf, person, wav};
use crate::song_details::new_song;
use crate::suite::code;

async fn session(hub: &dyn Api, who: &Caller, band: BandId, day: &str, place: &str) -> Rehearsal {
    hub.run(
        who,
        CreateRehearsal {
            band_id: band,
            date: SessionDate::parse(day).expect("date"),
            place: Some(PlaceName::parse(place).expect("place")),
            notes: None,
        },
    )
    .await
    .expect("session")
}

/// Adds `bytes` to `song` as `who`, saying the rest in `take`.
async fn take(
    hub: &dyn Api,
    who: &Caller,
    song: SongId,
    bytes: Vec<u8>,
    take: TakeMeta,
) -> rehearsalhub_core::Result<Version> {
    hub.add_take(who, song, Upload::Bytes(bytes), take, Some("t.wav"), None)
        .await
}

fn meta(label: &str, session: Option<SessionId>, at: Option<&str>) -> TakeMeta {
    TakeMeta {
        label: Some(VersionLabel::parse(label).expect("label")),
        session_id: session,
        recorded_at: at.map(|a| RecordedAt::parse_form(a).expect("at")),
    }
}

/// The labels of a session's takes, in the order it lists them.
async fn takes_of(hub: &dyn Api, who: &Caller, id: SessionId) -> Vec<String> {
    let got = hub
        .run(who, GetRehearsal { session_id: id })
        .await
        .expect("session");
    assert_eq!(got.session.take_count as usize, got.takes.len());
    got.takes.into_iter().map(|t| t.version.label).collect()
}

/// Sessions are created, listed newest first, edited and deleted by members; takes go into
/// them when added or later (uploader or admin only), in recording order; deleting a
/// session keeps its takes; the song search finds songs by session.
pub async fn rehearsal_sessions_hold_their_takes(b: &dyn Backend) {
    let env = Env::new(b).await;
    let hub = &*env.api;
    let ada = person(hub, "rs_ada").await;
    let bob = person(hub, "rs_bob").await;
    let cy = person(hub, "rs_cy").await;
    let band = band_with(
        hub,
        &ada,
        "Sessions",
        &[(&bob, Role::Member), (&cy, Role::Member)],
    )
    .await;
    let other_band = band_with(hub, &cy, "Elsewhere", &[]).await;

    let march = session(hub, &bob.caller, band, "2026-03-14", "  The garage ").await;
    assert_eq!(
        march.place.as_ref().map(PlaceName::as_str),
        Some("The garage"),
        "trimmed"
    );
    assert_eq!((march.take_count, march.created_by.id), (0, bob.user.id));
    let april = session(hub, &cy.caller, band, "2026-04-02", "Studio B").await;
    let same_day = hub
        .run(
            &ada.caller,
            CreateRehearsal {
                band_id: band,
                date: SessionDate::parse("2026-03-14").expect("d"),
                place: None,
                notes: None,
            },
        )
        .await;
    assert_eq!(code(same_day), ErrorCode::Conflict, "one session per day");
    let elsewhere = session(hub, &cy.caller, other_band, "2026-03-14", "Far").await;

    // Takes in recording order: by the recorder's clock (the file's, else the uploader's),
    // else by upload time; whatever order they arrive in.
    let blackbird = new_song(hub, &bob.caller, band, "Blackbird").await;
    let yesterday = new_song(hub, &bob.caller, band, "Yesterday").await;
    let evening = meta("evening", Some(march.id), Some("2026-03-14T21:00:00"));
    take(hub, &bob.caller, blackbird.id, wav(100, 1), evening)
        .await
        .expect("evening");
    let morning_file = bwf(100, 2, "2026-03-14", "09:30:00");
    // The file's own date wins over what its uploader says.
    let said_noon = meta("morning", Some(march.id), Some("2026-03-14T12:00:00"));
    let morning = take(hub, &bob.caller, yesterday.id, morning_file, said_noon)
        .await
        .expect("morning");
    assert_eq!(
        morning.recorded_at.map(RecordedAt::as_string).as_deref(),
        Some("2026-03-14T09:30:00")
    );
    let noon = meta("noon", Some(march.id), Some("2026-03-14T12:00:00"));
    take(hub, &bob.caller, blackbird.id, wav(100, 3), noon)
        .await
        .expect("noon");
    assert_eq!(
        takes_of(hub, &ada.caller, march.id).await,
        ["morning", "noon", "evening"]
    );

    // What cannot be is refused before anything is stored.
    for (bad, field) in [
        (meta("x", Some(elsewhere.id), None), "session_id"),
        (meta("x", Some(SessionId(987_654)), None), "session_id"),
        (meta("x", None, Some("2000-01-01T00:00:00")), "recorded_at"),
    ] {
        let e = take(hub, &bob.caller, blackbird.id, wav(100, 4), bad)
            .await
            .expect_err("refused");
        assert_eq!(
            (e.code(), e.field()),
            (ErrorCode::InvalidInput, Some(field))
        );
    }

    // Moved later by its uploader or an admin, never by another member or across bands.
    let unsorted = take(
        hub,
        &bob.caller,
        yesterday.id,
        wav(100, 5),
        meta("late", None, None),
    )
    .await
    .expect("unsorted");
    assert_eq!(unsorted.session_id, None);
    let move_to = |s: Option<SessionId>| UpdateVersion {
        session_id: Some(s),
        ..UpdateVersion::of(unsorted.id)
    };
    let by_cy = hub.run(&cy.caller, move_to(Some(april.id))).await;
    assert_eq!(code(by_cy), ErrorCode::Forbidden);
    let across = hub.run(&ada.caller, move_to(Some(elsewhere.id))).await;
    assert_eq!(
        code(across),
        ErrorCode::InvalidInput,
        "a session of another band"
    );
    let moved = hub
        .run(&bob.caller, move_to(Some(april.id)))
        .await
        .expect("moved");
    assert_eq!(moved.session_id, Some(april.id));
    assert_eq!(takes_of(hub, &bob.caller, april.id).await, ["late"]);
    let listed = hub
        .run(&cy.caller, ListRehearsals { band_id: band })
        .await
        .expect("list");
    let days: Vec<(String, i64)> = listed
        .iter()
        .map(|s| (s.date.as_str(), s.take_count))
        .collect();
    assert_eq!(
        days,
        [("2026-04-02".into(), 1), ("2026-03-14".into(), 3)],
        "newest first"
    );

    // The song search: songs with a take in a session, alone and with another filter.
    let in_session = |id: SessionId| ListSongs {
        session_id: Some(id),
        ..ListSongs::all(band)
    };
    let titles = |songs: Vec<Song>| songs.into_iter().map(|s| s.title).collect::<Vec<_>>();
    let found = hub.run(&cy.caller, in_session(april.id)).await.expect("f");
    assert_eq!(titles(found), ["Yesterday"]);
    let found = hub.run(&cy.caller, in_session(march.id)).await.expect("f");
    assert_eq!(titles(found), ["Blackbird", "Yesterday"]);
    let both = ListSongs {
        q: Some(rehearsalhub_core::TitleQuery::parse("black").expect("q")),
        ..in_session(march.id)
    };
    assert_eq!(
        titles(hub.run(&cy.caller, both).await.expect("f")),
        ["Blackbird"]
    );
    let foreign = hub.run(&ada.caller, in_session(elsewhere.id)).await;
    assert_eq!(
        code(foreign),
        ErrorCode::InvalidInput,
        "another band's session"
    );

    // Edited by any member; the day stays unique; `null` clears the place.
    let edit = UpdateRehearsal {
        session_id: april.id,
        date: Some(SessionDate::parse("2026-04-03").expect("d")),
        place: Some(None),
        notes: Some(Some(Notes::parse("New amp.").expect("n"))),
    };
    let edited = hub.run(&ada.caller, edit).await.expect("edit");
    assert_eq!(
        (edited.date.as_str(), edited.place, edited.notes.as_str()),
        ("2026-04-03".into(), None, "New amp.")
    );
    let clash = UpdateRehearsal {
        session_id: april.id,
        date: Some(march.date),
        place: None,
        notes: None,
    };
    assert_eq!(code(hub.run(&bob.caller, clash).await), ErrorCode::Conflict);

    // Deleting a session keeps its takes, unsorted.
    hub.run(
        &cy.caller,
        DeleteRehearsal {
            session_id: march.id,
        },
    )
    .await
    .expect("delete");
    let gone = hub
        .run(
            &ada.caller,
            GetRehearsal {
                session_id: march.id,
            },
        )
        .await;
    assert_eq!(code(gone), ErrorCode::NotFound);
    let songs = hub
        .run(&ada.caller, ListSongs::all(band))
        .await
        .expect("songs");
    let versions: Vec<&Version> = songs.iter().flat_map(|s| &s.versions).collect();
    assert_eq!(versions.len(), 4, "every take kept");
    let sorted: Vec<Option<SessionId>> = versions.iter().map(|v| v.session_id).collect();
    assert_eq!(
        sorted.iter().filter(|s| **s == Some(april.id)).count(),
        1,
        "{sorted:?}"
    );
    assert_eq!(sorted.iter().filter(|s| s.is_none()).count(), 3);

    // Each change is in the log.
    let kinds: Vec<ActivityKind> = hub
        .run(&ada.caller, ListActivity { band_id: band })
        .await
        .expect("log")
        .into_iter()
        .map(|e| e.kind)
        .collect();
    for kind in [
        ActivityKind::SessionCreated,
        ActivityKind::SessionEdited,
        ActivityKind::SessionDeleted,
        ActivityKind::VersionMoved,
    ] {
        assert!(kinds.contains(&kind), "{kind:?} logged");
    }
}
