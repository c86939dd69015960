//! Songs: create, list (and find) and delete; editing one is [`crate::song_updates`]. A song's recordings are [`crate::versions`].

use std::collections::HashMap;

use serde::{Deserialize, Serialize};

use crate::case::{Done, Route, UseCase, Who};
use crate::error::{Error, Result};
use crate::events::{Change, Changes, QueryTag};
use crate::hub::{Caller, Hub};
use crate::ids::{BandId, SessionId, SongId};
use crate::input::{Bpm, MusicalKey, Role, SongStatus, SongTitle, Tag};
use crate::model::{ActivityKind, Song, User};
use crate::song_search::{Filter, SongFind, SongLimit, SongSort, TitleQuery, one_or_many};
use crate::store::{NewActivity, StoreError, Tx};

/// What a change to a band's songs or versions announces.
pub(crate) const SONGS: &[&str] = &["songs", "activity"];

pub(crate) fn no_song() -> Error {
    Error::NotFound("There is no such song.".into())
}

/// A band's songs (or versions) changed, and its log says so.
pub(crate) fn songs_changed(band: BandId) -> Changes {
    let mut c = Changes::new();
    c.add(Change::Songs { band_id: band })
        .add(Change::Activity { band_id: band });
    c
}

pub(crate) fn title_taken(title: &SongTitle) -> Error {
    Error::Conflict(format!(
        "This band already has a song called “{}”.",
        title.as_str()
    ))
}

impl Hub {
    /// The song, the caller, and the caller's role in its band.
    pub(crate) async fn song_for(
        &self,
        tx: &mut dyn Tx,
        caller: &Caller,
        song: SongId,
    ) -> Result<(User, Song, Role)> {
        let me = self.signed_in(tx, caller).await?;
        let s = tx.song(song).await?.ok_or_else(no_song)?;
        let role = self.role_in(tx, s.band_id, me.id).await?;
        Ok((me, s, role))
    }
}

/// Creates a song (members). A title the band already uses is a `conflict`.
#[derive(Debug, Clone, Serialize, Deserialize)]
#[cfg_attr(feature = "ts", derive(ts_rs::TS))]
#[cfg_attr(feature = "openapi", derive(utoipa::ToSchema))]
pub struct CreateSong {
    /// The band.
    pub band_id: BandId,
    /// Its title.
    pub title: SongTitle,
}

impl UseCase for CreateSong {
    const NAME: &'static str = "create_song";
    const ROUTE: Route = Route::post("/bands/{band_id}/songs").created();
    const WHO: Who = Who::Member;
    const ANNOUNCES: &'static [&'static str] = SONGS;
    type Output = Song;

    async fn run(self, hub: &Hub, caller: &Caller) -> Result<Done<Song>> {
        let band = self.band_id;
        let mut tx = hub.store.write().await?;
        let me = hub.signed_in(&mut *tx, caller).await?;
        hub.role_in(&mut *tx, band, me.id).await?;
        let song = match tx
            .insert_song(band, self.title.as_str(), me.id, hub.now())
            .await
        {
            Ok(s) => s,
            Err(StoreError::UniqueViolation) => return Err(title_taken(&self.title)),
            Err(e) => return Err(e.into()),
        };
        tx.insert_activity(&NewActivity {
            subject_id: Some(song.id.0),
            detail: song.title.clone(),
            ..hub.entry(band, me.id, ActivityKind::SongAdded)
        })
        .await?;
        tx.commit().await?;
        Ok(Done::changed(song, songs_changed(band)))
    }
}

/// The band's songs, each with its versions newest first (members), found and sorted as
/// SPEC §5b says: every filter given must hold (every tag given, any status given).
#[derive(Debug, Clone, Serialize, Deserialize)]
#[cfg_attr(feature = "ts", derive(ts_rs::TS), ts(optional_fields = nullable))]
#[cfg_attr(feature = "openapi", derive(utoipa::ToSchema))]
pub struct ListSongs {
    /// The band.
    pub band_id: BandId,
    /// Text in the title, case and accents aside.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub q: Option<TitleQuery>,
    /// Tags the song must all have (repeatable).
    #[serde(
        default,
        deserialize_with = "one_or_many",
        skip_serializing_if = "Option::is_none"
    )]
    pub tag: Option<Vec<Tag>>,
    /// Its key.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub key: Option<MusicalKey>,
    /// The slowest tempo.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub bpm_min: Option<Bpm>,
    /// The fastest tempo.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub bpm_max: Option<Bpm>,
    /// Statuses, any of which the song may have (repeatable).
    #[serde(
        default,
        deserialize_with = "one_or_many",
        skip_serializing_if = "Option::is_none"
    )]
    pub status: Option<Vec<SongStatus>>,
    /// Only songs with a take in this rehearsal session of the band.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub session_id: Option<SessionId>,
    /// The order: `title` (the default), `latest` or `status`.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub sort: Option<SongSort>,
    /// At most this many songs, the first in that order (all when not given).
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub limit: Option<SongLimit>,
}

impl ListSongs {
    /// Every song of `band`, by title.
    pub fn all(band_id: BandId) -> Self {
        ListSongs {
            band_id,
            q: None,
            tag: None,
            key: None,
            bpm_min: None,
            bpm_max: None,
            status: None,
            session_id: None,
            sort: None,
            limit: None,
        }
    }

    fn filter(&self) -> Filter<'_> {
        Filter {
            q: self.q.as_ref(),
            tags: self.tag.as_deref().unwrap_or_default(),
            key: self.key.as_ref(),
            bpm_min: self.bpm_min,
            bpm_max: self.bpm_max,
            statuses: self.status.as_deref().unwrap_or_default(),
        }
    }
}

impl UseCase for ListSongs {
    const NAME: &'static str = "list_songs";
    const ROUTE: Route = Route::get("/bands/{band_id}/songs");
    const WHO: Who = Who::Member;
    const CACHED_AS: Option<QueryTag> = Some(QueryTag::Songs);
    type Output = Vec<Song>;

    async fn run(self, hub: &Hub, caller: &Caller) -> Result<Done<Vec<Song>>> {
        let band = self.band_id;
        let mut tx = hub.store.read().await?;
        let me = hub.signed_in(&mut *tx, caller).await?;
        hub.role_in(&mut *tx, band, me.id).await?;
        let filter = self.filter();
        filter.check()?;
        if let Some(id) = self.session_id {
            crate::rehearsals::session_of_band(&mut *tx, id, band).await?;
        }
        // The database finds, orders and counts (10,000 songs read and parsed to keep 50
        // took 70 ms); the filter checks again what it answered, in the same words.
        let find = SongFind {
            band,
            title: self.q.as_ref().map(|q| q.folded().to_owned()),
            tags: self.tag.clone().unwrap_or_default(),
            key: self.key.clone(),
            bpm_min: self.bpm_min.map(Bpm::get),
            bpm_max: self.bpm_max.map(Bpm::get),
            statuses: self.status.clone().unwrap_or_default(),
            session: self.session_id,
            sort: self.sort.unwrap_or_default(),
            limit: self.limit.map(SongLimit::get),
        };
        let mut songs = tx.find_songs(&find).await?;
        songs.retain(|s| filter.keeps(s));
        let in_band = if songs.len() > 200 {
            tx.song_count(band).await?
        } else {
            i64::MAX
        };
        // Only the versions of the songs answered: most searches keep few of a band's songs.
        let versions = if i64::try_from(songs.len()).unwrap_or(i64::MAX) * 2 > in_band {
            tx.band_versions(band).await?
        } else {
            let ids: Vec<SongId> = songs.iter().map(|s| s.id).collect();
            tx.song_versions(&ids).await?
        };
        let at: HashMap<SongId, usize> = songs.iter().enumerate().map(|(i, s)| (s.id, i)).collect();
        for v in versions {
            if let Some(&i) = at.get(&v.song_id) {
                songs[i].versions.push(v);
            }
        }
        Ok(Done::read(songs))
    }
}

/// Deletes a song and all its versions (admins).
#[derive(Debug, Clone, Serialize, Deserialize)]
#[cfg_attr(feature = "ts", derive(ts_rs::TS))]
#[cfg_attr(feature = "openapi", derive(utoipa::ToSchema))]
pub struct DeleteSong {
    /// The song.
    pub song_id: SongId,
}

impl UseCase for DeleteSong {
    const NAME: &'static str = "delete_song";
    const ROUTE: Route = Route::delete("/songs/{song_id}");
    const WHO: Who = Who::Admin;
    const ANNOUNCES: &'static [&'static str] = SONGS;
    type Output = ();

    async fn run(self, hub: &Hub, caller: &Caller) -> Result<Done<()>> {
        let song = self.song_id;
        let mut tx = hub.store.write().await?;
        let (me, s, role) = hub.song_for(&mut *tx, caller, song).await?;
        if role != Role::Admin {
            return Err(Error::Forbidden(
                "Only the band's admins can delete a song.".into(),
            ));
        }
        let blobs = tx.delete_song(song).await?;
        tx.insert_activity(&NewActivity {
            subject_id: Some(song.0),
            detail: s.title.clone(),
            ..hub.entry(s.band_id, me.id, ActivityKind::SongDeleted)
        })
        .await?;
        tx.commit().await?;
        hub.release_blobs(blobs).await;
        Ok(Done::changed((), songs_changed(s.band_id)))
    }
}
