//! A song's details beside its title (SPEC §5b): tags, musical key, tempo, status and notes,
//! each parsed into one normal form so two spellings of the same key or tag are one value.

use super::boundary::{Chars, TextRule, bounded_int, is_sneaky, text_schema, text_serde};
use crate::error::{Error, Result};

/// The longest note on a song or a rehearsal session, in characters.
pub const MAX_NOTES_CHARS: usize = 4000;

/// A tag on a song: 1–30 visible characters, trimmed and lower-cased; no comma, which is
/// how tags are typed in a list.
#[derive(Debug, Clone, PartialEq, Eq, Hash, PartialOrd, Ord)]
#[cfg_attr(feature = "ts", derive(ts_rs::TS), ts(type = "string"))]
pub struct Tag(String);

impl Tag {
    /// What it accepts.
    pub const RULE: TextRule = TextRule {
        min: 1,
        max: 30,
        chars: Chars::VisibleWithout(","),
    };

    /// Parses one tag (the `tags` field).
    pub fn parse(raw: &str) -> Result<Self> {
        // `İ` is the one letter whose lower case is two characters (`i` and a combining
        // dot): as `i`, a tag keeps its length, and the 30 the schema promises hold.
        let s = raw.trim().replace('İ', "i").to_lowercase();
        if s.is_empty() {
            return Err(Error::invalid("tags", "A tag cannot be empty."));
        }
        let n = s.chars().count();
        if n > Self::RULE.max {
            return Err(Error::invalid(
                "tags",
                format!("A tag can be at most 30 characters (“{s}” has {n})."),
            ));
        }
        if s.contains(',') {
            return Err(Error::invalid("tags", "A tag cannot contain a comma."));
        }
        if s.chars().any(is_sneaky) {
            return Err(Error::invalid(
                "tags",
                "A tag contains invisible or control characters.",
            ));
        }
        Ok(Tag(s))
    }

    /// The tag.
    pub fn as_str(&self) -> &str {
        &self.0
    }
}

text_serde!(Tag);
text_schema!(
    Tag,
    Tag::RULE,
    "A tag: 1–30 visible characters, trimmed and lower-cased, no comma."
);

/// A song's tags: at most 20, each a [`Tag`], duplicates (after lower-casing) kept once, in
/// the order given.
#[derive(Debug, Clone, PartialEq, Eq, Default, serde::Serialize)]
#[cfg_attr(feature = "ts", derive(ts_rs::TS), ts(type = "Array<string>"))]
pub struct Tags(Vec<Tag>);

impl Tags {
    /// The most tags a song has.
    pub const MAX: usize = 20;

    /// Checks the count and drops repeats.
    pub fn new(tags: Vec<Tag>) -> Result<Self> {
        let mut kept: Vec<Tag> = Vec::with_capacity(Self::MAX + 1);
        for t in tags {
            if !kept.contains(&t) {
                kept.push(t);
            }
            // Stop at the first tag too many: a list of thousands costs no more than 21.
            if kept.len() > Self::MAX {
                return Err(Error::invalid(
                    "tags",
                    format!("A song can have at most {} tags.", Self::MAX),
                ));
            }
        }
        Ok(Tags(kept))
    }

    /// The tags.
    pub fn as_slice(&self) -> &[Tag] {
        &self.0
    }
}

impl<'de> serde::Deserialize<'de> for Tags {
    fn deserialize<D: serde::Deserializer<'de>>(d: D) -> std::result::Result<Self, D::Error> {
        let tags = Vec::<Tag>::deserialize(d)?;
        Tags::new(tags).map_err(|e| serde::de::Error::custom(e.message()))
    }
}

#[cfg(feature = "openapi")]
impl utoipa::PartialSchema for Tags {
    fn schema() -> utoipa::openapi::RefOr<utoipa::openapi::schema::Schema> {
        use utoipa::openapi::schema::ArrayBuilder;
        ArrayBuilder::new()
            .items(<Tag as utoipa::PartialSchema>::schema())
            .max_items(Some(Tags::MAX))
            .description(Some("A song's tags: at most 20; repeats are kept once."))
            .into()
    }
}
#[cfg(feature = "openapi")]
impl utoipa::ToSchema for Tags {}

/// A musical key: a tonic `A`–`G` with an optional sharp or flat, major or minor. `Am`,
/// `a minor`, `A min` are all `A minor`; `Bb`, `B♭ maj` are `B♭ major`; written in that one
/// form (the accidental as `♯`/`♭`).
#[derive(Debug, Clone, PartialEq, Eq, Hash)]
#[cfg_attr(feature = "ts", derive(ts_rs::TS), ts(type = "string"))]
pub struct MusicalKey(String);

impl MusicalKey {
    /// What it accepts (the written forms the parser reads).
    pub const RULE: TextRule = TextRule {
        min: 1,
        max: 20,
        // Plain spaces only: `\s` means more in Python's `re` (what schema fuzzers use) than
        // what `trim` takes off.
        chars: Chars::Pattern(
            r"^ *[A-Ga-g][#♯b♭]? *(m|M|[Mm][Aa][Jj]([Oo][Rr])?|[Mm][Ii][Nn]([Oo][Rr])?)? *$",
        ),
    };

    /// Parses the `key` field.
    pub fn parse(raw: &str) -> Result<Self> {
        let bad = || {
            Error::invalid(
                "key",
                format!(
                    "“{}” is not a key: write a note A–G, maybe ♯ or ♭, then major or minor (e.g. “A minor”, “Bb”, “F#m”).",
                    raw.trim().chars().take(20).collect::<String>()
                ),
            )
        };
        let s = raw.trim();
        let mut chars = s.chars();
        let tonic = chars
            .next()
            .filter(|c| matches!(c.to_ascii_uppercase(), 'A'..='G'))
            .ok_or_else(bad)?
            .to_ascii_uppercase();
        let rest = chars.as_str();
        let (accidental, rest) = match rest.chars().next() {
            Some('#' | '♯') => ("♯", &rest[rest.chars().next().map_or(0, char::len_utf8)..]),
            // No mode word starts with `b`: a `b` after the tonic is always the flat.
            Some('b' | '♭') => ("♭", &rest[rest.chars().next().map_or(0, char::len_utf8)..]),
            _ => ("", rest),
        };
        let mode = rest.trim();
        let minor = match mode {
            "" | "M" => false,
            "m" => true,
            _ => match mode.to_lowercase().as_str() {
                "maj" | "major" => false,
                "min" | "minor" => true,
                _ => return Err(bad()),
            },
        };
        let mode = if minor { "minor" } else { "major" };
        Ok(MusicalKey(format!("{tonic}{accidental} {mode}")))
    }

    /// The key in its normal form, e.g. `B♭ major`.
    pub fn as_str(&self) -> &str {
        &self.0
    }
}

text_serde!(MusicalKey);
text_schema!(
    MusicalKey,
    MusicalKey::RULE,
    "A musical key, e.g. “A minor”, “Bb”, “F#m”; answered in one form such as “B♭ major”."
);

bounded_int!(
    /// A tempo in beats per minute, 20–400.
    Bpm, "bpm", 20, Some(400), 120, "Tempo (BPM)"
);

/// Where a song stands with the band.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, Default, serde::Serialize)]
#[cfg_attr(feature = "ts", derive(ts_rs::TS))]
#[cfg_attr(feature = "openapi", derive(utoipa::ToSchema))]
#[serde(rename_all = "lowercase")]
pub enum SongStatus {
    /// Just an idea (every new song).
    #[default]
    Idea,
    /// Being learnt.
    Learning,
    /// Ready to play live.
    Ready,
    /// No longer played.
    Retired,
}

impl SongStatus {
    /// Every status, in the order a song goes through them.
    pub const ALL: [SongStatus; 4] = [
        SongStatus::Idea,
        SongStatus::Learning,
        SongStatus::Ready,
        SongStatus::Retired,
    ];

    /// Parses the `status` field.
    pub fn parse(raw: &str) -> Result<Self> {
        let s = raw.trim();
        Self::ALL
            .into_iter()
            .find(|st| st.as_str() == s)
            .ok_or_else(|| {
                Error::invalid(
                    "status",
                    format!(
                        "Status must be idea, learning, ready or retired (not “{}”).",
                        s.chars().take(20).collect::<String>()
                    ),
                )
            })
    }

    /// As stored and sent.
    pub fn as_str(self) -> &'static str {
        match self {
            SongStatus::Idea => "idea",
            SongStatus::Learning => "learning",
            SongStatus::Ready => "ready",
            SongStatus::Retired => "retired",
        }
    }
}

impl<'de> serde::Deserialize<'de> for SongStatus {
    fn deserialize<D: serde::Deserializer<'de>>(d: D) -> std::result::Result<Self, D::Error> {
        let raw = <std::borrow::Cow<'de, str>>::deserialize(d)?;
        SongStatus::parse(&raw).map_err(|e| serde::de::Error::custom(e.message()))
    }
}

/// Notes on a song or a rehearsal session: 0–4,000 characters of plain text, trimmed, line
/// breaks kept (written `\n`), no other control or invisible character.
#[derive(Debug, Clone, PartialEq, Eq, Hash, Default)]
#[cfg_attr(feature = "ts", derive(ts_rs::TS), ts(type = "string"))]
pub struct Notes(String);

impl Notes {
    /// What it accepts.
    pub const RULE: TextRule = TextRule {
        min: 0,
        max: MAX_NOTES_CHARS,
        chars: Chars::VisibleLines,
    };

    /// Parses the `notes` field.
    pub fn parse(raw: &str) -> Result<Self> {
        let text = raw.replace("\r\n", "\n");
        let text = text.trim();
        let n = text.chars().count();
        if n > MAX_NOTES_CHARS {
            return Err(Error::invalid(
                "notes",
                format!("Notes can be at most {MAX_NOTES_CHARS} characters (these have {n})."),
            ));
        }
        if text.chars().any(|c| c != '\n' && is_sneaky(c)) {
            return Err(Error::invalid(
                "notes",
                "The notes contain invisible or control characters.",
            ));
        }
        Ok(Notes(text.to_owned()))
    }

    /// The text (empty when there are none).
    pub fn as_str(&self) -> &str {
        &self.0
    }

    /// Whether there are none.
    pub fn is_empty(&self) -> bool {
        self.0.is_empty()
    }
}

text_serde!(Notes);
text_schema!(
    Notes,
    Notes::RULE,
    "Notes: 0–4,000 characters, trimmed; line breaks kept, no other control or invisible character."
);

#[cfg(test)]
mod tests {
    use super::*;

    fn field(e: Error) -> String {
        e.field().expect("invalid_input with a field").to_owned()
    }

    #[test]
    fn keys_are_read_in_their_usual_spellings_and_written_in_one() {
        for (raw, want) in [
            ("A minor", "A minor"),
            ("Am", "A minor"),
            ("a minor", "A minor"),
            ("A min", "A minor"),
            ("  am ", "A minor"),
            ("F# major", "F♯ major"),
            ("F#m", "F♯ minor"),
            ("f♯ MINOR", "F♯ minor"),
            ("Bb", "B♭ major"),
            ("bb", "B♭ major"),
            ("B♭ maj", "B♭ major"),
            ("Bbm", "B♭ minor"),
            ("Ebmin", "E♭ minor"),
            ("C", "C major"),
            ("CM", "C major"),
            ("G Major", "G major"),
        ] {
            assert_eq!(MusicalKey::parse(raw).unwrap().as_str(), want, "{raw}");
        }
        for bad in [
            "", "H", "A minorr", "A#b", "Am7", "dorian", "A mi", "1", "A ♯",
        ] {
            assert_eq!(field(MusicalKey::parse(bad).unwrap_err()), "key", "{bad}");
        }
    }

    #[test]
    fn tags_are_trimmed_lower_cased_bounded_and_kept_once() {
        assert_eq!(Tag::parse("  Ballad ").unwrap().as_str(), "ballad");
        for bad in ["", "  ", &"t".repeat(31), "a,b", "x\u{200B}y", "a\nb"] {
            assert_eq!(field(Tag::parse(bad).unwrap_err()), "tags", "{bad:?}");
        }
        assert!(Tag::parse(&"é".repeat(30)).is_ok());
        assert_eq!(
            Tag::parse(&"İ".repeat(30)).unwrap().as_str(),
            "i".repeat(30)
        );
        let tags: Tags = serde_json::from_str(r#"["Rock", "rock ", "Live"]"#).unwrap();
        assert_eq!(serde_json::to_string(&tags).unwrap(), r#"["rock","live"]"#);
        let many: Vec<String> = (0..21).map(|i| format!("t{i}")).collect();
        let e = serde_json::from_value::<Tags>(serde_json::json!(many)).unwrap_err();
        assert!(e.to_string().contains("at most 20"), "{e}");
        let repeated: Vec<String> = (0..5000).map(|i| format!("t{}", i % 20)).collect();
        let kept = serde_json::from_value::<Tags>(serde_json::json!(repeated)).unwrap();
        assert_eq!(kept.as_slice().len(), 20, "repeats kept once");
        let twenty: Vec<String> = (0..20).map(|i| format!("t{i}")).collect();
        assert!(serde_json::from_value::<Tags>(serde_json::json!(twenty)).is_ok());
    }

    #[test]
    fn tempo_status_and_notes_have_their_bounds() {
        assert!(Bpm::new(19).is_err() && Bpm::new(401).is_err());
        assert_eq!(Bpm::new(20).unwrap().get(), 20);
        assert_eq!(field(Bpm::new(0).unwrap_err()), "bpm");
        assert_eq!(SongStatus::parse("ready").unwrap(), SongStatus::Ready);
        assert_eq!(SongStatus::default(), SongStatus::Idea);
        assert_eq!(field(SongStatus::parse("done").unwrap_err()), "status");
        assert_eq!(
            Notes::parse("  two\r\nlines ").unwrap().as_str(),
            "two\nlines"
        );
        assert!(Notes::parse("   ").unwrap().is_empty());
        assert!(Notes::parse(&"n".repeat(4000)).is_ok());
        assert_eq!(field(Notes::parse(&"n".repeat(4001)).unwrap_err()), "notes");
        assert_eq!(field(Notes::parse("a\u{202E}b").unwrap_err()), "notes");
        // The schemas' patterns come from the one list of refused characters.
        assert_eq!(
            Notes::RULE.pattern(),
            r"^[^\x00-\x09\x0b-\x1f\x7f-\x9f\u200b-\u200f\u202a-\u202e\u2060-\u2069\ufeff-\ufeff]*$"
        );
        assert!(Tag::RULE.pattern().contains(r"\ufeff-\ufeff,]"));
    }
}
