//! Editing a song (SPEC §5b): its title and its details, each field that changes logged
//! once; absent fields stay, `null` clears the key, the tempo or the notes.

use serde::{Deserialize, Serialize};

use crate::case::{Done, Route, UseCase, Who};
use crate::error::Result;
use crate::hub::{Caller, Hub};
use crate::ids::SongId;
use crate::input::{Bpm, MusicalKey, Notes, SongStatus, SongTitle, Tag, Tags};
use crate::model::{ActivityKind, Song, SongDetails};
use crate::songs::{SONGS, songs_changed, title_taken};
use crate::store::{NewActivity, StoreError};

/// Edits a song (members): its title (its versions stay; a title the band already uses is
/// a `conflict`) and its details (SPEC §5b). Absent fields stay as they are; `null` clears
/// the key, the tempo or the notes. Each field that changes is one entry in the log.
#[derive(Debug, Clone, Serialize, Deserialize)]
#[cfg_attr(feature = "ts", derive(ts_rs::TS), ts(optional_fields = nullable))]
#[cfg_attr(feature = "openapi", derive(utoipa::ToSchema))]
pub struct UpdateSong {
    /// The song.
    pub song_id: SongId,
    /// A new title.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub title: Option<SongTitle>,
    /// Its tags, all of them (replacing the ones it had).
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub tags: Option<Tags>,
    /// Its key; `null` clears it.
    #[serde(
        default,
        deserialize_with = "nullable",
        skip_serializing_if = "Option::is_none"
    )]
    #[cfg_attr(feature = "ts", ts(type = "string | null"))]
    #[cfg_attr(feature = "openapi", schema(value_type = Option<MusicalKey>))]
    pub key: Option<Option<MusicalKey>>,
    /// Its tempo in BPM; `null` clears it.
    #[serde(
        default,
        deserialize_with = "nullable",
        skip_serializing_if = "Option::is_none"
    )]
    #[cfg_attr(feature = "ts", ts(type = "number | null"))]
    #[cfg_attr(feature = "openapi", schema(value_type = Option<Bpm>))]
    pub bpm: Option<Option<Bpm>>,
    /// Where it stands.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub status: Option<SongStatus>,
    /// Its notes; `null` or empty clears them.
    #[serde(
        default,
        deserialize_with = "nullable",
        skip_serializing_if = "Option::is_none"
    )]
    #[cfg_attr(feature = "ts", ts(type = "string | null"))]
    #[cfg_attr(feature = "openapi", schema(value_type = Option<Notes>))]
    pub notes: Option<Option<Notes>>,
}

/// A field where absent keeps the value and `null` clears it: `null` is `Some(None)`.
pub(crate) fn nullable<'de, D, T>(d: D) -> std::result::Result<Option<Option<T>>, D::Error>
where
    D: serde::Deserializer<'de>,
    T: Deserialize<'de>,
{
    Option::<T>::deserialize(d).map(Some)
}

/// How a detail reads in the log: its value, or a dash when unset.
fn shown<T>(v: Option<T>, f: impl Fn(T) -> String) -> String {
    v.map_or_else(|| "–".to_owned(), f)
}

impl UpdateSong {
    /// An edit of `song` that changes nothing yet.
    pub fn of(song_id: SongId) -> Self {
        UpdateSong {
            song_id,
            title: None,
            tags: None,
            key: None,
            bpm: None,
            status: None,
            notes: None,
        }
    }

    /// The song's details once this edit applies, and a line for the log per field changed.
    fn apply(&self, old: &SongDetails) -> (SongDetails, Vec<String>) {
        let mut new = old.clone();
        let mut said = Vec::new();
        if let Some(tags) = &self.tags
            && tags != &old.tags
        {
            let list = |t: &Tags| {
                let v: Vec<&str> = t.as_slice().iter().map(Tag::as_str).collect();
                if v.is_empty() {
                    "–".to_owned()
                } else {
                    v.join(", ")
                }
            };
            said.push(format!("tags: {} → {}", list(&old.tags), list(tags)));
            new.tags = tags.clone();
        }
        if let Some(key) = &self.key
            && key != &old.key
        {
            let k = |k: Option<&MusicalKey>| shown(k, |k| k.as_str().to_owned());
            said.push(format!(
                "key: {} → {}",
                k(old.key.as_ref()),
                k(key.as_ref())
            ));
            new.key = key.clone();
        }
        if let Some(bpm) = self.bpm
            && bpm != old.bpm
        {
            let b = |b: Option<Bpm>| shown(b, |b| format!("{} BPM", b.get()));
            said.push(format!("tempo: {} → {}", b(old.bpm), b(bpm)));
            new.bpm = bpm;
        }
        if let Some(status) = self.status
            && status != old.status
        {
            said.push(format!(
                "status: {} → {}",
                old.status.as_str(),
                status.as_str()
            ));
            new.status = status;
        }
        if let Some(notes) = &self.notes {
            let notes = notes.clone().unwrap_or_default();
            if notes != old.notes {
                said.push(if notes.is_empty() {
                    "notes cleared".into()
                } else {
                    "notes edited".into()
                });
                new.notes = notes;
            }
        }
        (new, said)
    }
}

impl UseCase for UpdateSong {
    const NAME: &'static str = "update_song";
    const ROUTE: Route = Route::patch("/songs/{song_id}");
    const WHO: Who = Who::Member;
    const ANNOUNCES: &'static [&'static str] = SONGS;
    type Output = Song;

    async fn run(self, hub: &Hub, caller: &Caller) -> Result<Done<Song>> {
        let mut tx = hub.store.write().await?;
        let (me, song, _) = hub.song_for(&mut *tx, caller, self.song_id).await?;
        let band = song.band_id;
        // Edits of one song are serialized and the song read again under the lock: the
        // details are written whole, and two members setting different fields at once must
        // both keep theirs (PostgreSQL reads committed rows, not locked ones).
        tx.lock_band(band).await?;
        let song = tx.song(song.id).await?.ok_or_else(crate::songs::no_song)?;
        let mut log = Vec::new();
        let mut title = song.title.clone();
        if let Some(new) = &self.title
            && new.as_str() != song.title
        {
            match tx
                .rename_song(song.id, new.as_str(), &new.as_str().to_lowercase())
                .await
            {
                Ok(()) => {}
                Err(StoreError::UniqueViolation) => return Err(title_taken(new)),
                Err(e) => return Err(e.into()),
            }
            log.push((
                ActivityKind::SongRenamed,
                format!("{} → {}", song.title, new.as_str()),
            ));
            title = new.as_str().to_owned();
        }
        let (details, said) = self.apply(&song.details());
        if !said.is_empty() {
            tx.set_song_details(song.id, &details).await?;
            log.extend(
                said.into_iter()
                    .map(|s| (ActivityKind::SongDetailsChanged, s)),
            );
        }
        if log.is_empty() {
            return Ok(Done::read(song));
        }
        for (kind, detail) in log {
            tx.insert_activity(&NewActivity {
                subject_id: Some(song.id.0),
                detail,
                ..hub.entry(band, me.id, kind)
            })
            .await?;
        }
        tx.commit().await?;
        let updated = Song {
            title,
            tags: details.tags,
            key: details.key,
            bpm: details.bpm,
            status: details.status,
            notes: details.notes,
            ..song
        };
        Ok(Done::changed(updated, songs_changed(band)))
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn an_edit_tells_absent_from_null_and_names_a_bad_field() {
        let e: UpdateSong =
            serde_json::from_value(serde_json::json!({"song_id": 1, "key": null, "bpm": 90}))
                .unwrap();
        assert_eq!(e.key, Some(None), "null clears");
        assert_eq!(e.bpm, Some(Bpm::new(90).ok()));
        assert!(e.notes.is_none() && e.tags.is_none(), "absent keeps");
        let wire = serde_json::to_value(&e).unwrap();
        assert_eq!(
            wire,
            serde_json::json!({"song_id": 1, "key": null, "bpm": 90})
        );
        let bad =
            serde_json::from_value::<UpdateSong>(serde_json::json!({"song_id": 1, "key": "H"}))
                .unwrap_err();
        assert!(bad.to_string().contains("is not a key"), "{bad}");
    }

    #[test]
    fn only_changed_fields_are_logged() {
        let old = SongDetails::default();
        let mut e = UpdateSong::of(SongId(1));
        e.status = Some(SongStatus::Idea);
        e.notes = Some(None);
        e.key = Some(None);
        assert!(e.apply(&old).1.is_empty(), "nothing differs");
        e.bpm = Some(Bpm::new(120).ok());
        let (new, said) = e.apply(&old);
        assert_eq!(said, ["tempo: – → 120 BPM"]);
        assert_eq!(new.bpm.map(Bpm::get), Some(120));
    }
}
