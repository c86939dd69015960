//! When a take was recorded (SPEC §5b): the wall-clock time of the room it was played in,
//! as recorders write it (no time zone), read from a Broadcast WAV file's `bext` chunk here
//! and from the tags of other formats by the audio crate, or given by the caller; and
//! sanity-checked, because many recorders' clocks were never set.
//!
//! Only this module parses `bext`: neither symphonia nor lofty reads it. It reads at most
//! [`MAX_CHUNKS`] chunk headers and one 338-byte prefix, whatever the file claims.

use std::io::{Read, Seek, SeekFrom};

use time::{Date, Month, PrimitiveDateTime, Time};

use crate::clock::Timestamp;
use crate::error::{Error, Result};

/// How many RIFF chunks are looked at before giving up on finding `bext`.
pub const MAX_CHUNKS: usize = 64;

/// The earliest recording time believed: a recorder whose clock was never set writes
/// 2000-01-01, 1980-01-01 (the FAT epoch) or 1970-01-01, all before this.
const EARLIEST: (i32, u8, u8) = (2001, 1, 2);

/// A recording's date and time as the recorder's clock showed it (no time zone), to the
/// second. Written `YYYY-MM-DDTHH:MM:SS`.
#[derive(Debug, Clone, Copy, PartialEq, Eq, PartialOrd, Ord, Hash)]
#[cfg_attr(feature = "ts", derive(ts_rs::TS), ts(type = "string"))]
pub struct RecordedAt(PrimitiveDateTime);

impl RecordedAt {
    /// Parses `YYYY-MM-DDTHH:MM:SS`, `YYYY-MM-DD HH:MM[:SS]` or a date alone (midnight),
    /// then checks it is plausible: not before 2001-01-02, not more than a day after `now`.
    /// A bad one is `invalid_input` naming `recorded_at`.
    pub fn parse(raw: &str, now: Timestamp) -> Result<Self> {
        let at = Self::parse_form(raw)?;
        if !at.plausible(now) {
            return Err(Error::invalid(
                "recorded_at",
                "That recording date cannot be right (before 2001 or in the future): the recorder's clock was probably not set.",
            ));
        }
        Ok(at)
    }

    /// Parses the written forms [`RecordedAt::parse`] reads, without asking whether the
    /// date is plausible (what the store wrote, what a server answers).
    pub fn parse_form(raw: &str) -> Result<Self> {
        let bad = |why: &str| Error::invalid("recorded_at", why.to_owned());
        let s = raw.trim();
        let (date, time) = match s.split_once(['T', ' ']) {
            Some((d, t)) => (d, Some(t)),
            None => (s, None),
        };
        let date = parse_date(date.as_bytes()).ok_or_else(|| {
            bad("Write the recording date as YYYY-MM-DD, with HH:MM:SS if known.")
        })?;
        let time = match time {
            Some(t) => parse_time(t.as_bytes())
                .ok_or_else(|| bad("Write the recording time as HH:MM or HH:MM:SS."))?,
            None => Time::MIDNIGHT,
        };
        Ok(RecordedAt(PrimitiveDateTime::new(date, time)))
    }

    /// Reads a tag's date (ID3v2 `TDRC`, a Vorbis comment's `DATE`): ISO 8601 as far as it
    /// goes, `YYYY-MM-DD` at least (a year alone dates no rehearsal), any fraction of a
    /// second or time zone after the seconds dropped. `None` for anything else.
    pub fn from_tag(raw: &str) -> Option<Self> {
        let s = raw.trim();
        // The longest form first: seconds, then minutes, then the day alone.
        [19, 16, 10].into_iter().find_map(|n| {
            let head = s.get(..n)?;
            let rest = &s[n..];
            let ends_cleanly = rest.is_empty()
                || (n == 19 && rest.starts_with(['.', 'Z', '+', '-']))
                || (n < 19 && rest.starts_with([':', 'T', ' ', 'Z', '+']));
            if !ends_cleanly {
                return None;
            }
            Self::parse_form(head).ok()
        })
    }

    /// Whether a recorder's clock could have shown this: after the never-set defaults, and
    /// not more than a day ahead of `now` (time zones aside).
    pub fn plausible(self, now: Timestamp) -> bool {
        let (y, m, d) = EARLIEST;
        let earliest = Month::try_from(m)
            .ok()
            .and_then(|m| Date::from_calendar_date(y, m, d).ok());
        let latest = time::OffsetDateTime::from_unix_timestamp(now.unix().saturating_add(86_400))
            .ok()
            .map(|t| PrimitiveDateTime::new(t.date(), t.time()));
        earliest.is_some_and(|e| self.0.date() >= e) && latest.is_some_and(|l| self.0 <= l)
    }

    /// Written `YYYY-MM-DDTHH:MM:SS`.
    pub fn as_string(self) -> String {
        let (d, t) = (self.0.date(), self.0.time());
        format!(
            "{:04}-{:02}-{:02}T{:02}:{:02}:{:02}",
            d.year(),
            u8::from(d.month()),
            d.day(),
            t.hour(),
            t.minute(),
            t.second()
        )
    }

    /// The date alone.
    pub fn date(self) -> Date {
        self.0.date()
    }
}

impl serde::Serialize for RecordedAt {
    fn serialize<S: serde::Serializer>(&self, s: S) -> std::result::Result<S::Ok, S::Error> {
        s.serialize_str(&self.as_string())
    }
}

impl<'de> serde::Deserialize<'de> for RecordedAt {
    /// The form only: whether it is plausible is for the use case, which knows the time.
    fn deserialize<D: serde::Deserializer<'de>>(d: D) -> std::result::Result<Self, D::Error> {
        let raw = <std::borrow::Cow<'de, str>>::deserialize(d)?;
        RecordedAt::parse_form(&raw).map_err(|e| serde::de::Error::custom(e.message()))
    }
}

#[cfg(feature = "openapi")]
impl utoipa::PartialSchema for RecordedAt {
    fn schema() -> utoipa::openapi::RefOr<utoipa::openapi::schema::Schema> {
        use utoipa::openapi::schema::{ObjectBuilder, Type};
        ObjectBuilder::new()
            .schema_type(Type::String)
            .pattern(Some(
                r"^[0-9]{4}-[0-9]{2}-[0-9]{2}([T ][0-9]{2}:[0-9]{2}(:[0-9]{2})?)?$",
            ))
            .description(Some(
                "When the take was recorded, as the recorder's clock showed it (no time zone).",
            ))
            .into()
    }
}
#[cfg(feature = "openapi")]
impl utoipa::ToSchema for RecordedAt {}

/// Two ASCII digits as a number.
fn digits(b: &[u8]) -> Option<u32> {
    b.iter().try_fold(0u32, |n, &c| {
        c.is_ascii_digit().then(|| n * 10 + u32::from(c - b'0'))
    })
}

/// `YYYY?MM?DD`, where `?` is any one of the separators EBU Tech 3285 allows.
pub(crate) fn parse_date(b: &[u8]) -> Option<Date> {
    if b.len() != 10 || !is_sep(b[4]) || !is_sep(b[7]) {
        return None;
    }
    let year = i32::try_from(digits(&b[0..4])?).ok()?;
    let month = Month::try_from(u8::try_from(digits(&b[5..7])?).ok()?).ok()?;
    let day = u8::try_from(digits(&b[8..10])?).ok()?;
    Date::from_calendar_date(year, month, day).ok()
}

/// `HH?MM` or `HH?MM?SS`.
fn parse_time(b: &[u8]) -> Option<Time> {
    let (h, m, s) = match b.len() {
        5 if is_sep(b[2]) => (digits(&b[0..2])?, digits(&b[3..5])?, 0),
        8 if is_sep(b[2]) && is_sep(b[5]) => {
            (digits(&b[0..2])?, digits(&b[3..5])?, digits(&b[6..8])?)
        }
        _ => return None,
    };
    Time::from_hms(
        u8::try_from(h).ok()?,
        u8::try_from(m).ok()?,
        u8::try_from(s).ok()?,
    )
    .ok()
}

fn is_sep(c: u8) -> bool {
    matches!(c, b'-' | b'_' | b':' | b' ' | b'.' | b'/')
}

/// Where in a `bext` chunk the origination date (10 bytes) and time (8 bytes) are: after
/// the description (256), originator (32) and its reference (32).
const BEXT_DATE_AT: usize = 256 + 32 + 32;

/// The origination date and time of a Broadcast WAV (RIFF or RF64) file's `bext` chunk, if
/// it has one with a well-formed date; the time is midnight when it is missing or malformed.
/// Not checked for plausibility ([`RecordedAt::plausible`]).
pub fn bext_origination(r: &mut (impl Read + Seek)) -> Option<RecordedAt> {
    let mut head = [0u8; 12];
    r.read_exact(&mut head).ok()?;
    if !(head.starts_with(b"RIFF") || head.starts_with(b"RF64") || head.starts_with(b"BW64"))
        || &head[8..12] != b"WAVE"
    {
        return None;
    }
    let mut at: u64 = 12;
    for _ in 0..MAX_CHUNKS {
        let mut ch = [0u8; 8];
        r.seek(SeekFrom::Start(at)).ok()?;
        r.read_exact(&mut ch).ok()?;
        let size = u32::from_le_bytes([ch[4], ch[5], ch[6], ch[7]]);
        if &ch[0..4] == b"bext" {
            let mut body = [0u8; BEXT_DATE_AT + 18];
            if (size as usize) < body.len() {
                return None;
            }
            r.read_exact(&mut body).ok()?;
            let date = parse_date(&body[BEXT_DATE_AT..BEXT_DATE_AT + 10])?;
            let time = parse_time(&body[BEXT_DATE_AT + 10..]).unwrap_or(Time::MIDNIGHT);
            return Some(RecordedAt(PrimitiveDateTime::new(date, time)));
        }
        // An RF64 size of 0xFFFFFFFF lives in `ds64`; `bext` comes before such a chunk.
        if size == u32::MAX {
            return None;
        }
        at = at.checked_add(8 + u64::from(size) + u64::from(size & 1))?;
    }
    None
}

#[cfg(test)]
mod tests {
    use super::*;
    use std::io::Cursor;

    const NOW: Timestamp = Timestamp::from_unix(1_796_000_000); // 2026-12

    /// A Broadcast WAV file: `fmt `, maybe a `junk` chunk of odd size, `bext` with this
    /// date and time, then a little data.
    fn bwf(date: &[u8; 10], time: &[u8; 8], odd_junk: bool) -> Vec<u8> {
        let mut chunks = Vec::new();
        let mut chunk = |id: &[u8], body: &[u8]| {
            chunks.extend_from_slice(id);
            chunks.extend_from_slice(&(body.len() as u32).to_le_bytes());
            chunks.extend_from_slice(body);
            if body.len() % 2 == 1 {
                chunks.push(0);
            }
        };
        chunk(
            b"fmt ",
            &[1, 0, 1, 0, 0x44, 0xAC, 0, 0, 0x88, 0x58, 1, 0, 2, 0, 16, 0],
        );
        if odd_junk {
            chunk(b"junk", &[0; 7]);
        }
        let mut bext = vec![b' '; BEXT_DATE_AT];
        bext.extend_from_slice(date);
        bext.extend_from_slice(time);
        bext.extend_from_slice(&[0; 602 - 18]);
        chunk(b"bext", &bext);
        chunk(b"data", &[0; 8]);
        let mut f = b"RIFF".to_vec();
        f.extend_from_slice(&(4 + chunks.len() as u32).to_le_bytes());
        f.extend_from_slice(b"WAVE");
        f.extend_from_slice(&chunks);
        f
    }

    #[test]
    fn a_field_recorders_bext_date_is_read() {
        let f = bwf(b"2026-03-14", b"19:42:07", true);
        let at = bext_origination(&mut Cursor::new(f)).expect("a date");
        assert_eq!(at.as_string(), "2026-03-14T19:42:07");
        assert!(at.plausible(NOW));
        let f = bwf(b"2026:03:14", b"--------", false);
        let at = bext_origination(&mut Cursor::new(f)).expect("a date");
        assert_eq!(
            at.as_string(),
            "2026-03-14T00:00:00",
            "a bad time is midnight"
        );
    }

    #[test]
    fn no_bext_or_a_broken_one_is_no_date() {
        for f in [
            bwf(b"2026-13-14", b"19:42:07", false),
            bwf(b"          ", b"19:42:07", false),
            crate::probe::wav_bytes(44_100, 1, &[0; 16]),
            b"RIFF\xff\xff\xff\xffWAVEbext\x10\x00\x00\x00short".to_vec(),
            b"ID3\x04".to_vec(),
            Vec::new(),
        ] {
            assert_eq!(bext_origination(&mut Cursor::new(f)), None);
        }
    }

    #[test]
    fn never_set_clocks_and_future_dates_are_not_believed() {
        for bad in [
            "2000-01-01",
            "1980-01-01 00:00:00",
            "1970-01-01",
            "2027-01-05",
        ] {
            let e = RecordedAt::parse(bad, NOW).unwrap_err();
            assert_eq!(e.field(), Some("recorded_at"), "{bad}");
        }
        for bad in ["2026-02-30", "26-03-14", "2026-03-14T25:00", "yesterday"] {
            assert!(RecordedAt::parse(bad, NOW).is_err(), "{bad}");
        }
        assert_eq!(
            RecordedAt::parse("2026-03-14 19:42", NOW)
                .unwrap()
                .as_string(),
            "2026-03-14T19:42:00"
        );
        assert_eq!(
            RecordedAt::parse("2001-01-02", NOW).unwrap().as_string(),
            "2001-01-02T00:00:00"
        );
    }

    /// Fuzzing by hand (no fuzzer in the test command): every truncation and many byte
    /// flips of a real-shaped file return without panicking, and never read past it.
    #[test]
    fn any_damage_to_the_file_is_survived() {
        let f = bwf(b"2026-03-14", b"19:42:07", true);
        for n in 0..f.len() {
            let _ = bext_origination(&mut Cursor::new(&f[..n]));
        }
        let mut seed: u32 = 0x9E37_79B9;
        for _ in 0..20_000 {
            let mut g = f.clone();
            for _ in 0..4 {
                seed ^= seed << 13;
                seed ^= seed >> 17;
                seed ^= seed << 5;
                let i = seed as usize % g.len();
                g[i] = (seed >> 24) as u8;
            }
            let _ = bext_origination(&mut Cursor::new(g));
        }
    }
}
