//! Songs and their versions (recordings), their audio format and waveform overview.

use serde::{Deserialize, Serialize};

use super::User;
use crate::clock::Timestamp;
use crate::ids::{BandId, SessionId, SongId, VersionId};
use crate::input::{Bpm, MusicalKey, Notes, SongStatus, Tags};
use crate::recorded::RecordedAt;

/// A song and its versions, newest version first.
#[cfg_attr(feature = "ts", derive(ts_rs::TS))]
#[cfg_attr(feature = "openapi", derive(utoipa::ToSchema))]
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct Song {
    /// Its id.
    pub id: SongId,
    /// The band.
    pub band_id: BandId,
    /// Its title.
    pub title: String,
    /// Creation time.
    pub created_at: Timestamp,
    /// Its tags, in the order given.
    pub tags: Tags,
    /// Its key, if set.
    pub key: Option<MusicalKey>,
    /// Its tempo, if set.
    pub bpm: Option<Bpm>,
    /// Where it stands with the band.
    pub status: SongStatus,
    /// Notes (empty when there are none).
    pub notes: Notes,
    /// Its recordings.
    pub versions: Vec<Version>,
}

impl Song {
    /// Its details beside the title, as stored.
    pub fn details(&self) -> SongDetails {
        SongDetails {
            tags: self.tags.clone(),
            key: self.key.clone(),
            bpm: self.bpm,
            status: self.status,
            notes: self.notes.clone(),
        }
    }
}

/// A song's details beside its title (SPEC §5b), as the store writes them.
#[derive(Debug, Clone, PartialEq, Eq, Default)]
pub struct SongDetails {
    /// Tags.
    pub tags: Tags,
    /// Key.
    pub key: Option<MusicalKey>,
    /// Tempo.
    pub bpm: Option<Bpm>,
    /// Status.
    pub status: SongStatus,
    /// Notes.
    pub notes: Notes,
}

/// An accepted audio container.
#[cfg_attr(feature = "ts", derive(ts_rs::TS))]
#[cfg_attr(feature = "openapi", derive(utoipa::ToSchema))]
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, Serialize, Deserialize)]
#[serde(rename_all = "lowercase")]
pub enum AudioFormat {
    /// RIFF/WAVE.
    Wav,
    /// MPEG-1/2 Layer III.
    Mp3,
    /// Free Lossless Audio Codec.
    Flac,
    /// Ogg Vorbis.
    Ogg,
}

impl AudioFormat {
    /// As stored and sent.
    pub fn as_str(self) -> &'static str {
        match self {
            AudioFormat::Wav => "wav",
            AudioFormat::Mp3 => "mp3",
            AudioFormat::Flac => "flac",
            AudioFormat::Ogg => "ogg",
        }
    }

    /// From the stored text.
    pub fn from_db(s: &str) -> Option<Self> {
        match s {
            "wav" => Some(AudioFormat::Wav),
            "mp3" => Some(AudioFormat::Mp3),
            "flac" => Some(AudioFormat::Flac),
            "ogg" => Some(AudioFormat::Ogg),
            _ => None,
        }
    }

    /// The MIME type for streaming.
    pub fn mime_type(self) -> &'static str {
        match self {
            AudioFormat::Wav => "audio/wav",
            AudioFormat::Mp3 => "audio/mpeg",
            AudioFormat::Flac => "audio/flac",
            AudioFormat::Ogg => "audio/ogg",
        }
    }
}

/// A recording of a song.
#[cfg_attr(feature = "ts", derive(ts_rs::TS))]
#[cfg_attr(feature = "openapi", derive(utoipa::ToSchema))]
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct Version {
    /// Its id.
    pub id: VersionId,
    /// The song.
    pub song_id: SongId,
    /// Its label (defaults to the file name).
    pub label: String,
    /// The container format, detected from the bytes.
    pub format: AudioFormat,
    /// Size of the audio file.
    #[cfg_attr(feature = "ts", ts(type = "number"))]
    pub size_bytes: i64,
    /// Duration, when known.
    #[cfg_attr(feature = "ts", ts(type = "number | null"))]
    pub duration_ms: Option<i64>,
    /// Sample rate in Hz, when known.
    #[cfg_attr(feature = "ts", ts(type = "number | null"))]
    pub sample_rate: Option<i64>,
    /// Channel count, when known.
    #[cfg_attr(feature = "ts", ts(type = "number | null"))]
    pub channels: Option<i64>,
    /// Who uploaded it.
    pub uploaded_by: User,
    /// Upload time.
    pub created_at: Timestamp,
    /// When it was recorded, as the recorder's clock showed it: from the file (Broadcast
    /// WAV `bext`, or a tag's date) when it says so plausibly, else as its uploader said.
    pub recorded_at: Option<RecordedAt>,
    /// The rehearsal session it was played in, if sorted into one.
    pub session_id: Option<SessionId>,
    /// Its comments and replies, deleted ones not counted.
    #[cfg_attr(feature = "ts", ts(type = "number"))]
    pub comment_count: i64,
    /// Its comments tagged `issue` not yet resolved.
    #[cfg_attr(feature = "ts", ts(type = "number"))]
    pub open_issues: i64,
    /// Its comments tagged `keeper`: the band likes this take (or a part of it).
    #[cfg_attr(feature = "ts", ts(type = "number"))]
    pub keepers: i64,
}

/// A version plus what only the core needs: its band and its blob.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct VersionRecord {
    /// The version as users see it.
    pub version: Version,
    /// The band its song belongs to.
    pub band_id: BandId,
    /// The SHA-256 (hex) naming its audio blob.
    pub blob_sha256: String,
    /// Bumped by every write to its comments (a cache key for their list).
    pub comments_rev: i64,
}

/// A version's waveform overview: for each of a fixed number of equal slices of the
/// recording, the lowest and the highest sample over all channels, scaled to `-127..=127`.
/// Eight bits per value is finer than any screen draws it and keeps a version's overview
/// at 2 KB.
#[cfg_attr(feature = "ts", derive(ts_rs::TS))]
#[cfg_attr(feature = "openapi", derive(utoipa::ToSchema))]
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct Waveform {
    /// Per slice, the lowest sample.
    pub min: Vec<i8>,
    /// Per slice, the highest sample.
    pub max: Vec<i8>,
}

impl Waveform {
    /// The stored form: `min, max` pairs, each value as its two's-complement byte.
    pub fn to_bytes(&self) -> Vec<u8> {
        self.min
            .iter()
            .zip(&self.max)
            .flat_map(|(lo, hi)| [lo.to_le_bytes()[0], hi.to_le_bytes()[0]])
            .collect()
    }

    /// Reads the stored form; `None` when it is not whole pairs.
    pub fn from_bytes(bytes: &[u8]) -> Option<Self> {
        if !bytes.len().is_multiple_of(2) {
            return None;
        }
        let (min, max) = bytes
            .chunks_exact(2)
            .map(|p| (i8::from_le_bytes([p[0]]), i8::from_le_bytes([p[1]])))
            .unzip();
        Some(Waveform { min, max })
    }

    /// How many slices it has.
    pub fn len(&self) -> usize {
        self.min.len()
    }

    /// Whether it has no slices.
    pub fn is_empty(&self) -> bool {
        self.min.is_empty()
    }
}

#[cfg(test)]
mod waveform_tests {
    use super::Waveform;

    #[test]
    fn stored_form_round_trips_signed_values() {
        let w = Waveform {
            min: vec![-127, -1, 0],
            max: vec![127, 1, 0],
        };
        let bytes = w.to_bytes();
        assert_eq!(bytes, vec![0x81, 0x7F, 0xFF, 0x01, 0x00, 0x00]);
        assert_eq!(Waveform::from_bytes(&bytes), Some(w));
        assert_eq!(Waveform::from_bytes(&[1, 2, 3]), None);
    }
}
