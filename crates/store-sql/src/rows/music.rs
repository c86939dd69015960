//! Songs and versions as both databases return them, parsed again by the core's types.

use rehearsalhub_core::{
    AudioFormat, BandId, Bpm, MusicalKey, Notes, RecordedAt, Rehearsal, SessionDate, SessionId,
    Song, SongId, SongStatus, StoreError, Tags, Take, Version, VersionId, VersionRecord,
};

use super::{corrupt, ts, user};

/// A song's tags as the `tags` column holds them: a JSON array.
pub fn tags_json(tags: &Tags) -> Result<String, StoreError> {
    serde_json::to_string(tags).map_err(|e| StoreError::Backend(e.to_string()))
}

/// `songs`, with its details.
#[derive(sqlx::FromRow)]
pub struct SongRow {
    id: i64,
    band_id: i64,
    title: String,
    created_at: i64,
    tags: String,
    musical_key: Option<String>,
    bpm: Option<i64>,
    status: String,
    notes: String,
}

impl TryFrom<SongRow> for Song {
    type Error = StoreError;
    fn try_from(r: SongRow) -> Result<Self, StoreError> {
        // Written by the core's own types; read back through them all the same.
        let tags: Tags = serde_json::from_str(&r.tags).map_err(|_| corrupt("tags", &r.tags))?;
        let key = r
            .musical_key
            .map(|k| MusicalKey::parse(&k).map_err(|_| corrupt("key", &k)))
            .transpose()?;
        let bpm = r
            .bpm
            .map(|b| Bpm::new(b).map_err(|_| corrupt("bpm", &b.to_string())))
            .transpose()?;
        let status = SongStatus::parse(&r.status).map_err(|_| corrupt("status", &r.status))?;
        let notes = Notes::parse(&r.notes).map_err(|_| corrupt("notes", "(text)"))?;
        Ok(Song {
            id: SongId(r.id),
            band_id: BandId(r.band_id),
            title: r.title,
            created_at: ts(r.created_at),
            tags,
            key,
            bpm,
            status,
            notes,
            versions: Vec::new(),
        })
    }
}

/// A version with its band, blob and uploader.
#[derive(sqlx::FromRow)]
pub struct VersionRow {
    id: i64,
    song_id: i64,
    band_id: i64,
    label: String,
    format: String,
    size_bytes: i64,
    duration_ms: Option<i64>,
    sample_rate: Option<i64>,
    channels: Option<i64>,
    blob_sha256: String,
    created_at: i64,
    recorded_at: Option<String>,
    session_id: Option<i64>,
    comments_rev: i64,
    comment_count: i64,
    open_issues: i64,
    keepers: i64,
    up_id: i64,
    up_username: String,
    up_display_name: String,
}

impl TryFrom<VersionRow> for VersionRecord {
    type Error = StoreError;
    fn try_from(r: VersionRow) -> Result<Self, StoreError> {
        Ok(VersionRecord {
            version: Version {
                id: VersionId(r.id),
                song_id: SongId(r.song_id),
                label: r.label,
                format: AudioFormat::from_db(&r.format)
                    .ok_or_else(|| corrupt("format", &r.format))?,
                size_bytes: r.size_bytes,
                duration_ms: r.duration_ms,
                sample_rate: r.sample_rate,
                channels: r.channels,
                uploaded_by: user(r.up_id, r.up_username, r.up_display_name)?,
                created_at: ts(r.created_at),
                recorded_at: r
                    .recorded_at
                    .map(|t| RecordedAt::parse_form(&t).map_err(|_| corrupt("recorded_at", &t)))
                    .transpose()?,
                session_id: r.session_id.map(SessionId),
                comment_count: r.comment_count,
                open_issues: r.open_issues,
                keepers: r.keepers,
            },
            band_id: BandId(r.band_id),
            blob_sha256: r.blob_sha256,
            comments_rev: r.comments_rev,
        })
    }
}

/// A version of a session with its song's title.
#[derive(sqlx::FromRow)]
pub struct TakeRow {
    #[sqlx(flatten)]
    version: VersionRow,
    song_title: String,
}

impl TryFrom<TakeRow> for Take {
    type Error = StoreError;
    fn try_from(r: TakeRow) -> Result<Self, StoreError> {
        Ok(Take {
            song_title: r.song_title,
            version: VersionRecord::try_from(r.version)?.version,
        })
    }
}

/// `rehearsal_sessions`, with its creator and take count.
#[derive(sqlx::FromRow)]
pub struct RehearsalRow {
    id: i64,
    band_id: i64,
    date: String,
    place: Option<String>,
    notes: String,
    created_at: i64,
    by_id: i64,
    by_username: String,
    by_display_name: String,
    take_count: i64,
}

impl TryFrom<RehearsalRow> for Rehearsal {
    type Error = StoreError;
    fn try_from(r: RehearsalRow) -> Result<Self, StoreError> {
        let place = r
            .place
            .map(|p| rehearsalhub_core::PlaceName::parse(&p).map_err(|_| corrupt("place", &p)))
            .transpose()?;
        Ok(Rehearsal {
            id: SessionId(r.id),
            band_id: BandId(r.band_id),
            date: SessionDate::parse(&r.date).map_err(|_| corrupt("date", &r.date))?,
            place,
            notes: Notes::parse(&r.notes).map_err(|_| corrupt("notes", "(text)"))?,
            created_by: user(r.by_id, r.by_username, r.by_display_name)?,
            created_at: ts(r.created_at),
            take_count: r.take_count,
        })
    }
}
