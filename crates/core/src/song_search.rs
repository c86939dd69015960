//! Finding a band's songs (SPEC §5b): the search's own input types, the [`SongFind`] the
//! store runs as one statement, and the filter that checks its answer in the core's words.
//! Titles are folded here (SQL would need an extension for Unicode decomposition) and
//! stored folded beside the title, so the database can match and order them.

use serde::{Deserialize, Serialize};
use unicode_normalization::UnicodeNormalization;
use unicode_normalization::char::is_combining_mark;

use crate::error::{Error, Result};
use crate::ids::{BandId, SessionId};
use crate::input::boundary::{Chars, TextRule, is_sneaky, text_schema, text_serde};
use crate::input::{Bpm, MusicalKey, SongStatus, Tag, Tags};
use crate::model::Song;

/// `text` lower-cased with its accents taken off, for matching as people read: `Café` and
/// `cafe` are the same.
pub fn fold(text: &str) -> String {
    text.nfd()
        .filter(|c| !is_combining_mark(*c))
        .flat_map(char::to_lowercase)
        .collect()
}

/// Text to find in song titles: 1–100 visible characters, matched as a substring, case
/// and accents aside.
#[derive(Debug, Clone, PartialEq, Eq)]
#[cfg_attr(feature = "ts", derive(ts_rs::TS), ts(type = "string"))]
pub struct TitleQuery {
    typed: String,
    folded: String,
}

impl TitleQuery {
    /// What it accepts.
    pub const RULE: TextRule = TextRule {
        min: 1,
        max: 100,
        chars: Chars::Visible,
    };

    /// Parses the `q` parameter.
    pub fn parse(raw: &str) -> Result<Self> {
        let s = raw.trim();
        if s.is_empty() {
            return Err(Error::invalid("q", "Type something to search for."));
        }
        if s.chars().count() > Self::RULE.max {
            return Err(Error::invalid(
                "q",
                "Search text can be at most 100 characters.",
            ));
        }
        if s.chars().any(is_sneaky) {
            return Err(Error::invalid(
                "q",
                "Search text contains invisible or control characters.",
            ));
        }
        Ok(TitleQuery {
            typed: s.to_owned(),
            folded: fold(s),
        })
    }

    /// The text as typed (trimmed).
    pub fn as_str(&self) -> &str {
        &self.typed
    }

    /// The text folded as titles are for matching ([`fold`]).
    pub fn folded(&self) -> &str {
        &self.folded
    }

    /// Whether `title` contains it, case and accents aside.
    pub fn matches(&self, title: &str) -> bool {
        fold(title).contains(&self.folded)
    }
}

text_serde!(TitleQuery);
text_schema!(
    TitleQuery,
    TitleQuery::RULE,
    "Text to find in song titles, case and accents aside."
);

/// The order of a song list.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Default, Serialize)]
#[cfg_attr(feature = "ts", derive(ts_rs::TS))]
#[cfg_attr(feature = "openapi", derive(utoipa::ToSchema))]
#[serde(rename_all = "lowercase")]
pub enum SongSort {
    /// By title (case and accents aside).
    #[default]
    Title,
    /// The song with the newest take first; songs without takes last.
    Latest,
    /// By status (idea, learning, ready, retired), then title.
    Status,
}

impl SongSort {
    /// Parses the `sort` parameter.
    pub fn parse(raw: &str) -> Result<Self> {
        match raw.trim() {
            "title" => Ok(SongSort::Title),
            "latest" => Ok(SongSort::Latest),
            "status" => Ok(SongSort::Status),
            other => Err(Error::invalid(
                "sort",
                format!(
                    "Sort by title, latest or status (not “{}”).",
                    other.chars().take(20).collect::<String>()
                ),
            )),
        }
    }
}

impl<'de> Deserialize<'de> for SongSort {
    fn deserialize<D: serde::Deserializer<'de>>(d: D) -> std::result::Result<Self, D::Error> {
        let raw = <std::borrow::Cow<'de, str>>::deserialize(d)?;
        SongSort::parse(&raw).map_err(|e| serde::de::Error::custom(e.message()))
    }
}

/// A parameter that may be given once or repeated (`tag=a&tag=b` arrives as a list, `tag=a`
/// as one value): always a list.
pub(crate) fn one_or_many<'de, D, T>(d: D) -> std::result::Result<Option<Vec<T>>, D::Error>
where
    D: serde::Deserializer<'de>,
    T: Deserialize<'de>,
{
    // Read as a JSON value first (an untagged enum would hide the item parser's message).
    let v = serde_json::Value::deserialize(d)?;
    let list = match v {
        serde_json::Value::Null => return Ok(None),
        serde_json::Value::Array(items) => items,
        one => vec![one],
    };
    list.into_iter()
        .map(|item| T::deserialize(item).map_err(serde::de::Error::custom))
        .collect::<std::result::Result<Vec<T>, _>>()
        .map(Some)
}

crate::input::boundary::bounded_int!(
    /// How many songs a search answers at most: 1–10,000, all of them when not given. The
    /// app asks for a screenful as its user types, and more when they scroll to the end.
    SongLimit, "limit", 1, Some(10_000), 10_000, "Limit"
);

/// A search as the store runs it: every filter of SPEC §5b, the order and how many.
#[derive(Debug, Clone)]
pub struct SongFind {
    /// The band.
    pub band: BandId,
    /// Folded text the folded title must contain.
    pub title: Option<String>,
    /// Tags the song must all have.
    pub tags: Vec<Tag>,
    /// Its key.
    pub key: Option<MusicalKey>,
    /// The slowest tempo.
    pub bpm_min: Option<i64>,
    /// The fastest tempo.
    pub bpm_max: Option<i64>,
    /// Statuses it may have (any; none given: any status).
    pub statuses: Vec<SongStatus>,
    /// A session it must have a take in.
    pub session: Option<SessionId>,
    /// The order.
    pub sort: SongSort,
    /// At most this many.
    pub limit: Option<i64>,
}

/// What a song list is filtered by and sorted on, checked as a whole.
pub(crate) struct Filter<'a> {
    pub q: Option<&'a TitleQuery>,
    pub tags: &'a [Tag],
    pub key: Option<&'a MusicalKey>,
    pub bpm_min: Option<Bpm>,
    pub bpm_max: Option<Bpm>,
    pub statuses: &'a [SongStatus],
}

impl Filter<'_> {
    /// Refuses a range that can hold nothing, and lists longer than any song could match
    /// (a repeated query parameter is otherwise bounded only by the request's size).
    pub fn check(&self) -> Result<()> {
        if self.tags.len() > Tags::MAX {
            return Err(Error::invalid(
                "tag",
                format!("Search for at most {} tags at once.", Tags::MAX),
            ));
        }
        if self.statuses.len() > SongStatus::ALL.len() {
            return Err(Error::invalid("status", "Name each status at most once."));
        }
        if let (Some(lo), Some(hi)) = (self.bpm_min, self.bpm_max)
            && lo.get() > hi.get()
        {
            return Err(Error::invalid(
                "bpm_min",
                format!(
                    "The slowest tempo ({}) is above the fastest ({}).",
                    lo.get(),
                    hi.get()
                ),
            ));
        }
        Ok(())
    }

    /// Whether `song` is one the filter keeps.
    pub fn keeps(&self, song: &Song) -> bool {
        self.q.is_none_or(|q| q.matches(&song.title))
            && self.tags.iter().all(|t| song.tags.as_slice().contains(t))
            && self.key.is_none_or(|k| song.key.as_ref() == Some(k))
            && self
                .bpm_min
                .is_none_or(|lo| song.bpm.is_some_and(|b| b.get() >= lo.get()))
            && self
                .bpm_max
                .is_none_or(|hi| song.bpm.is_some_and(|b| b.get() <= hi.get()))
            && (self.statuses.is_empty() || self.statuses.contains(&song.status))
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn titles_match_case_and_accents_aside() {
        let q = TitleQuery::parse(" cafe ").unwrap();
        assert!(q.matches("Café del Mar"));
        assert!(q.matches("THE CAFETERIA"));
        assert!(!q.matches("Caff"));
        assert!(TitleQuery::parse("Ñ").unwrap().matches("mañana"));
        for bad in ["", "  ", &"q".repeat(101), "a\u{200B}"] {
            assert_eq!(TitleQuery::parse(bad).unwrap_err().field(), Some("q"));
        }
    }

    #[test]
    fn a_parameter_once_or_repeated_is_a_list() {
        #[derive(Debug, Deserialize)]
        struct P {
            #[serde(default, deserialize_with = "one_or_many")]
            tag: Option<Vec<Tag>>,
        }
        let one: P = serde_json::from_value(serde_json::json!({"tag": "Live"})).unwrap();
        assert_eq!(one.tag.unwrap()[0].as_str(), "live");
        let two: P = serde_json::from_value(serde_json::json!({"tag": ["a", "b"]})).unwrap();
        assert_eq!(two.tag.unwrap().len(), 2);
        let none: P = serde_json::from_value(serde_json::json!({})).unwrap();
        assert!(none.tag.is_none());
        let bad = serde_json::from_value::<P>(serde_json::json!({"tag": ["a,b"]})).unwrap_err();
        assert!(bad.to_string().contains("comma"), "{bad}");
    }
}
