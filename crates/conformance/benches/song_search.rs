//! The song search (SPEC §5b) on a band with 10,000 songs, 50,000 versions and 500
//! rehearsal sessions, on SQLite (on disk, as the app runs it) and on PostgreSQL when
//! `DATABASE_URL` names one: each filter alone, all of them together, and the first page the
//! app asks for as its user types. Prints the median and the 90th percentile of each.
//!
//! Run with `scripts/bench-search.sh`. The rows are written through the store in one
//! transaction (50,000 uploads through the hub would take an hour), with the song details
//! the core's types parse, so the search reads what the use cases would have written.

#![allow(clippy::unwrap_used, clippy::expect_used)] // a benchmark aborts on any failure

use std::sync::Arc;
use std::time::{Duration, Instant};

use rehearsalhub_conformance::backend::PgBackend;
use rehearsalhub_conformance::fixture::{band_with, person};
use rehearsalhub_core::prelude::*;
use rehearsalhub_core::{
    AudioFormat, BlobStore, Bpm, Clock, Hub, MusicalKey, NewVersion, Notes, RecordedAt,
    RehearsalFields, SessionDate, SongDetails, SongLimit, SongSort, SongStatus, Store, SystemClock,
    Tag, Tags, TitleQuery,
};
use rehearsalhub_store_sqlite::SqliteStore;

const SONGS: usize = 10_000;
const TAKES_PER_SONG: usize = 5;
const SESSIONS: usize = 500;
const RUNS: usize = 21;

const WORDS: [&str; 12] = [
    "Blackbird",
    "Café",
    "Night",
    "Rivière",
    "Song",
    "Blue",
    "Highway",
    "Beyoncé",
    "Dream",
    "Fire",
    "Rain",
    "Zürich",
];
const TAG_POOL: [&str; 30] = [
    "ballad",
    "live",
    "cover",
    "original",
    "slow",
    "fast",
    "acoustic",
    "electric",
    "opener",
    "closer",
    "encore",
    "duet",
    "a cappella",
    "jazz",
    "rock",
    "funk",
    "latin",
    "waltz",
    "new",
    "old",
    "setlist",
    "wedding",
    "pub",
    "festival",
    "studio",
    "demo",
    "instrumental",
    "vocal",
    "drums",
    "bass",
];
const KEYS: [&str; 8] = [
    "A minor",
    "C major",
    "G major",
    "E minor",
    "D major",
    "F major",
    "B♭ major",
    "F# minor",
];

struct World {
    hub: Hub,
    who: Caller,
    band: BandId,
    session: SessionId,
}

async fn seed(hub: Hub) -> World {
    let ada = person(&hub, "search_ada").await;
    let band = band_with(&hub, &ada, "Big band", &[]).await;
    let store: Arc<dyn Store> = hub.store().clone();
    let now = SystemClock.now();
    let mut tx = store.write().await.unwrap();
    let mut sessions = Vec::new();
    for i in 0..SESSIONS {
        let date =
            time::Date::from_ordinal_date(2020 + (i / 300) as i32, 1 + (i % 300) as u16).unwrap();
        let fields = RehearsalFields {
            date: SessionDate::from(date),
            place: Some(rehearsalhub_core::PlaceName::parse("The garage").unwrap()),
            notes: Notes::default(),
        };
        sessions.push(
            tx.insert_rehearsal(band, &fields, ada.user.id, now)
                .await
                .unwrap(),
        );
    }
    for i in 0..SONGS {
        let title = format!(
            "{} {} {i}",
            WORDS[i % WORDS.len()],
            WORDS[(i / 12) % WORDS.len()]
        );
        let song = tx
            .insert_song(band, &title, ada.user.id, now)
            .await
            .unwrap();
        let tags: Vec<Tag> = (0..i % 4)
            .map(|k| Tag::parse(TAG_POOL[(i * 7 + k * 11) % TAG_POOL.len()]).unwrap())
            .collect();
        let details = SongDetails {
            tags: Tags::new(tags).unwrap(),
            key: (i % 5 != 0).then(|| MusicalKey::parse(KEYS[i % KEYS.len()]).unwrap()),
            bpm: (i % 6 != 0).then(|| Bpm::new(60 + (i as i64 * 13) % 121).unwrap()),
            status: SongStatus::ALL[i % 4],
            notes: Notes::default(),
        };
        tx.set_song_details(song.id, &details).await.unwrap();
        for t in 0..TAKES_PER_SONG {
            let n = i * TAKES_PER_SONG + t;
            tx.insert_version(&NewVersion {
                song_id: song.id,
                label: format!("take {t}"),
                format: AudioFormat::Wav,
                size_bytes: 1_000_000,
                duration_ms: Some(180_000),
                sample_rate: Some(44_100),
                channels: Some(2),
                peaks: None,
                blob_sha256: format!("{n:064x}"),
                uploaded_by: ada.user.id,
                created_at: rehearsalhub_core::Timestamp::from_unix(now.unix() - (n as i64) * 60),
                recorded_at: Some(RecordedAt::parse_form("2024-03-14T20:00:00").unwrap()),
                session_id: (n % 5 != 4).then(|| sessions[n % SESSIONS]),
                comments_rev: n as i64,
            })
            .await
            .unwrap();
        }
    }
    tx.commit().await.unwrap();
    World {
        hub,
        who: ada.caller,
        band,
        session: sessions[7],
    }
}

fn searches(w: &World) -> Vec<(String, ListSongs)> {
    let all = || ListSongs::all(w.band);
    let page = |l: ListSongs| ListSongs {
        limit: Some(SongLimit::new(50).unwrap()),
        ..l
    };
    let q = |s: &str| Some(TitleQuery::parse(s).unwrap());
    let every = ListSongs {
        q: q("blue"),
        tag: Some(vec![Tag::parse("live").unwrap()]),
        key: Some(MusicalKey::parse("Am").unwrap()),
        bpm_min: Some(Bpm::new(80).unwrap()),
        bpm_max: Some(Bpm::new(160).unwrap()),
        status: Some(vec![SongStatus::Ready, SongStatus::Learning]),
        session_id: Some(w.session),
        ..all()
    };
    let alone = vec![
        (
            "title, one letter (most songs)",
            ListSongs { q: q("e"), ..all() },
        ),
        (
            "title, a word",
            ListSongs {
                q: q("beyonce"),
                ..all()
            },
        ),
        (
            "tag",
            ListSongs {
                tag: Some(vec![Tag::parse("ballad").unwrap()]),
                ..all()
            },
        ),
        (
            "key",
            ListSongs {
                key: Some(MusicalKey::parse("C").unwrap()),
                ..all()
            },
        ),
        (
            "tempo range",
            ListSongs {
                bpm_min: Some(Bpm::new(100).unwrap()),
                bpm_max: Some(Bpm::new(110).unwrap()),
                ..all()
            },
        ),
        (
            "status",
            ListSongs {
                status: Some(vec![SongStatus::Ready]),
                ..all()
            },
        ),
        (
            "session",
            ListSongs {
                session_id: Some(w.session),
                ..all()
            },
        ),
        ("no filter", all()),
        ("all filters together", every.clone()),
        (
            "all together, by latest take",
            ListSongs {
                sort: Some(SongSort::Latest),
                ..every
            },
        ),
        (
            "status, by latest take",
            ListSongs {
                status: Some(vec![SongStatus::Ready]),
                sort: Some(SongSort::Latest),
                ..all()
            },
        ),
    ];
    // What the app asks as its user types (a screenful), then every match at once.
    let mut out: Vec<(String, ListSongs)> = alone
        .iter()
        .map(|(l, s)| (format!("{l}, first 50"), page(s.clone())))
        .collect();
    out.extend(
        alone
            .into_iter()
            .map(|(l, s)| (format!("{l}, all matches"), s)),
    );
    out
}

async fn measure(name: &str, w: &World) {
    println!(
        "\n{name}: {SONGS} songs, {} versions, {SESSIONS} sessions",
        SONGS * TAKES_PER_SONG
    );
    println!(
        "{:<46} {:>7} {:>10} {:>10}",
        "search", "songs", "median", "p90"
    );
    for (label, search) in searches(w) {
        // Whole lists of thousands take most of a second each: fewer runs of those.
        let runs = if label.ends_with("first 50") { RUNS } else { 7 };
        let mut times = Vec::with_capacity(runs);
        let mut found = 0;
        for _ in 0..runs {
            let t = Instant::now();
            found = w.hub.run(&w.who, search.clone()).await.unwrap().len();
            times.push(t.elapsed());
        }
        times.sort();
        let ms = |d: Duration| d.as_secs_f64() * 1000.0;
        println!(
            "{label:<46} {found:>7} {:>7.2} ms {:>7.2} ms",
            ms(times[runs / 2]),
            ms(times[runs * 9 / 10])
        );
    }
}

#[tokio::main]
async fn main() {
    let dir = tempfile::tempdir().unwrap();
    let store = SqliteStore::open(dir.path().join("search.db"))
        .await
        .unwrap();
    let blobs = BlobStore::open(dir.path().join("blobs")).unwrap();
    let t = Instant::now();
    let w = seed(Hub::new(Arc::new(store), blobs.clone())).await;
    eprintln!("SQLite seeded in {:.1} s", t.elapsed().as_secs_f64());
    if std::env::var_os("RH_BENCH_ONLY_POSTGRES").is_none() {
        measure("SQLite", &w).await;
    }
    drop(w);
    if let Some(pg) = PgBackend::from_env() {
        let schema = pg.new_schema().await;
        let store = pg.pool_on(&schema, 10).await;
        let pool = store.pool().clone();
        let t = Instant::now();
        let w = seed(Hub::new(Arc::new(store), blobs)).await;
        // What autovacuum does within a minute of a bulk load: without statistics the
        // planner reads a band's 10,000 songs to find 50 (70 ms instead of 8).
        sqlx::query("ANALYZE").execute(&pool).await.unwrap();
        eprintln!("PostgreSQL seeded in {:.1} s", t.elapsed().as_secs_f64());
        measure("PostgreSQL", &w).await;
    }
}
