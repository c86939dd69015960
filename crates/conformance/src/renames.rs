//! Renaming a band, a song, a version's label: what changes, what stays, who hears of it
//! and what the log says. Who may do each is the permission matrix's.

use rehearsalhub_core::prelude::*;
use rehearsalhub_core::{ActivityKind, BandName, ErrorCode, Role, SongTitle, Upload, VersionLabel};

use crate::backend::{Backend, Env};
use crate::fixture::{band_with, person, wav};

/// The kinds of the band's latest activity entries, newest first, with their detail.
async fn log(hub: &dyn Api, admin: &Caller, band: BandId) -> Vec<(ActivityKind, String)> {
    hub.run(admin, ListActivity { band_id: band })
        .await
        .expect("activity")
        .into_iter()
        .map(|e| (e.kind, e.detail))
        .collect()
}

/// A band keeps its id and slug under a new name, a version its audio and comments under a
/// new label; each rename is logged old → new, and renaming to the same name changes
/// nothing (no log entry).
pub async fn renames_keep_what_they_rename(b: &dyn Backend) {
    let env = Env::new(b).await;
    let hub = &*env.api;
    let ada = person(hub, "ada").await;
    let bob = person(hub, "bob").await;
    let band = band_with(hub, &ada, "Old Name", &[(&bob, Role::Member)]).await;
    let before = hub
        .run(&ada.caller, ViewBand { band_id: band })
        .await
        .expect("band");

    let name = BandName::parse("  New Name ").expect("name");
    let renamed = hub
        .run(
            &ada.caller,
            RenameBand {
                band_id: band,
                name: name.clone(),
            },
        )
        .await
        .expect("rename");
    assert_eq!((renamed.id, renamed.name.as_str()), (band, "New Name"));
    assert_eq!(
        renamed.slug, before.slug,
        "the slug stays: links keep working"
    );
    let seen = hub.run(&bob.caller, ListMyBands {}).await.expect("bands");
    assert_eq!(seen[0].name, "New Name", "every member sees it");
    hub.run(
        &ada.caller,
        RenameBand {
            band_id: band,
            name,
        },
    )
    .await
    .expect("same name");
    let entries = log(hub, &ada.caller, band).await;
    let renames: Vec<_> = entries
        .iter()
        .filter(|(k, _)| *k == ActivityKind::BandRenamed)
        .collect();
    assert_eq!(
        renames.len(),
        1,
        "the same name again is not a change: {entries:?}"
    );
    assert_eq!(renames[0].1, "Old Name → New Name");

    let title = |t: &str| SongTitle::parse(t).expect("title");
    let song = hub
        .run(
            &bob.caller,
            CreateSong {
                band_id: band,
                title: title("Tune"),
            },
        )
        .await
        .expect("song");
    let other = hub
        .run(
            &bob.caller,
            CreateSong {
                band_id: band,
                title: title("Other"),
            },
        )
        .await
        .expect("song");
    // A member renames a song; its title stays unique in the band, case aside.
    let renamed = hub
        .run(
            &bob.caller,
            UpdateSong {
                title: Some(title("New Tune")),
                ..UpdateSong::of(song.id)
            },
        )
        .await
        .expect("rename song");
    assert_eq!((renamed.id, renamed.title.as_str()), (song.id, "New Tune"));
    let taken = hub
        .run(
            &bob.caller,
            UpdateSong {
                title: Some(title("new tune")),
                ..UpdateSong::of(other.id)
            },
        )
        .await
        .expect_err("taken");
    assert_eq!(taken.code(), ErrorCode::Conflict);
    assert_eq!(
        log(hub, &ada.caller, band).await[0],
        (ActivityKind::SongRenamed, "Tune → New Tune".to_owned())
    );
    let v = hub
        .add_version(
            &bob.caller,
            song.id,
            Upload::Bytes(wav(500, 1)),
            None,
            Some("take1.wav"),
            None,
        )
        .await
        .expect("version");
    let label = VersionLabel::parse("The keeper").expect("label");
    let relabeled = hub
        .run(
            &bob.caller,
            UpdateVersion {
                label: Some(label),
                ..UpdateVersion::of(v.id)
            },
        )
        .await
        .expect("relabel");
    assert_eq!(relabeled.label, "The keeper");
    assert_eq!(
        (relabeled.size_bytes, relabeled.duration_ms),
        (v.size_bytes, v.duration_ms),
        "the recording is the same"
    );
    let listed = hub
        .run(&bob.caller, ListSongs::all(band))
        .await
        .expect("songs");
    let tune = listed
        .iter()
        .find(|s| s.id == song.id)
        .expect("the renamed song");
    assert_eq!(
        tune.versions[0].label, "The keeper",
        "its versions stay with it"
    );
    let entries = log(hub, &ada.caller, band).await;
    assert_eq!(
        entries[0],
        (
            ActivityKind::VersionRelabeled,
            "take1.wav → The keeper".to_owned()
        )
    );
    // A bad label is refused on its field, and nothing changes.
    let empty = VersionLabel::parse(" ").expect_err("empty");
    assert_eq!(empty.field(), Some("label"));
    assert_eq!(
        hub.run(
            &bob.caller,
            RenameBand {
                band_id: band,
                name: BandName::parse("Mine now").expect("name"),
            },
        )
        .await
        .expect_err("a member cannot rename the band")
        .code(),
        ErrorCode::Forbidden
    );
}
