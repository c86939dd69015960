//! What a comment on a recording is made of (SPEC §5), parsed: its text, its tag and the
//! moment or range of the recording it is pinned to. The comment use cases (issue 12) take
//! these types, so a comment that reaches the store is already valid.

use serde::{Deserialize, Serialize};

use crate::error::{Error, Result};
use crate::input::boundary::{Chars, TextRule, text_schema, text_serde};
use crate::input::is_sneaky;

/// The longest comment or reply, in characters.
pub const MAX_COMMENT_CHARS: usize = 2000;

/// The longest recording a comment can point into (the decoder's own cap, 12 hours), for
/// versions whose duration is not known.
pub const LONGEST_MS: i64 = 12 * 3600 * 1000;

/// A comment's or a reply's text: 1–2,000 characters, trimmed, line breaks kept (written
/// `\n`), no other control or invisible character.
#[derive(Debug, Clone, PartialEq, Eq, Hash)]
#[cfg_attr(feature = "ts", derive(ts_rs::TS), ts(type = "string"))]
pub struct CommentBody(String);

impl CommentBody {
    /// What it accepts.
    pub const RULE: TextRule = TextRule {
        min: 1,
        max: MAX_COMMENT_CHARS,
        chars: Chars::VisibleLines,
    };

    /// Parses the `body` field.
    pub fn parse(raw: &str) -> Result<Self> {
        let text = raw.replace("\r\n", "\n");
        let text = text.trim();
        if text.is_empty() {
            return Err(Error::invalid("body", "Write something first."));
        }
        let n = text.chars().count();
        if n > MAX_COMMENT_CHARS {
            return Err(Error::invalid(
                "body",
                format!(
                    "A comment can be at most {MAX_COMMENT_CHARS} characters (this one has {n})."
                ),
            ));
        }
        if text.chars().any(|c| c != '\n' && is_sneaky(c)) {
            return Err(Error::invalid(
                "body",
                "The comment contains invisible or control characters.",
            ));
        }
        Ok(CommentBody(text.to_owned()))
    }

    /// The text.
    pub fn as_str(&self) -> &str {
        &self.0
    }
}

text_serde!(CommentBody);
text_schema!(
    CommentBody,
    CommentBody::RULE,
    "A comment's text: 1–2,000 characters, trimmed; line breaks kept, no other control or invisible character."
);

/// A time in a recording in milliseconds, as a JSON number (JavaScript's are not always
/// whole: rounded) or its text; finite and not absurdly large. Whether it lies inside the
/// recording is the use case's to check.
pub(crate) fn millis<'de, D: serde::Deserializer<'de>>(d: D) -> Result<i64, D::Error> {
    let ms = f64::deserialize(d)?;
    if !ms.is_finite() || ms.abs() > 1e15 {
        return Err(serde::de::Error::custom(
            "That is not a time in the recording.",
        ));
    }
    // In range after the check above, so the conversion is exact enough.
    #[allow(clippy::cast_possible_truncation)]
    Ok(ms.round() as i64)
}

/// [`millis`], or nothing.
pub(crate) fn some_millis<'de, D: serde::Deserializer<'de>>(d: D) -> Result<Option<i64>, D::Error> {
    #[derive(Deserialize)]
    struct Ms(#[serde(deserialize_with = "millis")] i64);
    Ok(Option::<Ms>::deserialize(d)?.map(|m| m.0))
}

/// What a comment is: a plain note (the default), a suggestion, an issue to resolve, or a
/// keeper (this take, or this part of it, is the one).
#[derive(Debug, Clone, Copy, Default, PartialEq, Eq, Hash, Serialize)]
#[cfg_attr(feature = "ts", derive(ts_rs::TS))]
#[cfg_attr(feature = "openapi", derive(utoipa::ToSchema))]
#[serde(rename_all = "lowercase")]
pub enum CommentTag {
    /// A remark.
    #[default]
    Note,
    /// Something to try.
    Suggestion,
    /// Something wrong; can be resolved and reopened.
    Issue,
    /// The one to keep.
    Keeper,
}

impl CommentTag {
    /// Every tag, for filters.
    pub const ALL: [CommentTag; 4] = [
        CommentTag::Note,
        CommentTag::Suggestion,
        CommentTag::Issue,
        CommentTag::Keeper,
    ];

    /// Parses the `tag` field.
    pub fn parse(raw: &str) -> Result<Self> {
        match raw.trim() {
            "note" => Ok(CommentTag::Note),
            "suggestion" => Ok(CommentTag::Suggestion),
            "issue" => Ok(CommentTag::Issue),
            "keeper" => Ok(CommentTag::Keeper),
            other => Err(Error::invalid(
                "tag",
                format!(
                    "A tag is note, suggestion, issue or keeper (not “{}”).",
                    other.chars().take(20).collect::<String>()
                ),
            )),
        }
    }

    /// The tag as stored and sent.
    pub fn as_str(self) -> &'static str {
        match self {
            CommentTag::Note => "note",
            CommentTag::Suggestion => "suggestion",
            CommentTag::Issue => "issue",
            CommentTag::Keeper => "keeper",
        }
    }
}

impl<'de> Deserialize<'de> for CommentTag {
    fn deserialize<D: serde::Deserializer<'de>>(d: D) -> std::result::Result<Self, D::Error> {
        let raw = <std::borrow::Cow<'de, str>>::deserialize(d)?;
        CommentTag::parse(&raw).map_err(|e| serde::de::Error::custom(e.message()))
    }
}

/// Where in a recording a comment is pinned: a moment, or a range from `at_ms` to
/// `until_ms`, both inside the recording.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash)]
pub struct Moment {
    at_ms: i64,
    until_ms: Option<i64>,
}

impl Moment {
    /// Checks `at_ms` (and `until_ms`, when given) against a recording of `duration_ms`
    /// (unknown: up to 12 hours). Each field is named in the error.
    pub fn parse(at_ms: i64, until_ms: Option<i64>, duration_ms: Option<i64>) -> Result<Self> {
        let end = duration_ms.filter(|d| *d > 0).unwrap_or(LONGEST_MS);
        let clock = |ms: i64| {
            let s = ms.max(0) / 1000;
            format!("{}:{:02}", s / 60, s % 60)
        };
        if !(0..=end).contains(&at_ms) {
            return Err(Error::invalid(
                "at_ms",
                format!(
                    "The moment must lie within the recording (0:00–{}).",
                    clock(end)
                ),
            ));
        }
        if let Some(until) = until_ms {
            if until <= at_ms {
                return Err(Error::invalid(
                    "until_ms",
                    "A range must end after it starts.",
                ));
            }
            if until > end {
                return Err(Error::invalid(
                    "until_ms",
                    format!(
                        "The range must end within the recording (by {}).",
                        clock(end)
                    ),
                ));
            }
        }
        Ok(Moment { at_ms, until_ms })
    }

    /// Where it starts (or the moment), in milliseconds.
    pub fn at_ms(self) -> i64 {
        self.at_ms
    }

    /// Where a range ends, in milliseconds.
    pub fn until_ms(self) -> Option<i64> {
        self.until_ms
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn field(e: Error) -> String {
        match e {
            Error::InvalidInput { field, .. } => field.into_owned(),
            other => panic!("expected invalid_input, got {other:?}"),
        }
    }

    #[test]
    fn a_body_is_trimmed_keeps_its_lines_and_refuses_hidden_characters() {
        assert_eq!(
            CommentBody::parse("  the bridge drags\r\nat 2:14 \n")
                .unwrap()
                .as_str(),
            "the bridge drags\nat 2:14"
        );
        assert_eq!(
            CommentBody::parse(&"a".repeat(2000))
                .unwrap()
                .as_str()
                .len(),
            2000
        );
        for bad in [
            String::new(),
            " \n\t ".to_owned(),
            "a".repeat(2001),
            "keeper\u{200B}".to_owned(),
            "bell\u{0007}".to_owned(),
            "tab\there".to_owned(),
            "\u{202E}reversed".to_owned(),
        ] {
            assert_eq!(
                field(CommentBody::parse(&bad).unwrap_err()),
                "body",
                "{bad:?}"
            );
        }
    }

    #[test]
    fn tags_parse_and_default_to_note() {
        for t in CommentTag::ALL {
            assert_eq!(CommentTag::parse(t.as_str()).unwrap(), t);
            assert_eq!(
                serde_json::to_string(&t).unwrap(),
                format!("\"{}\"", t.as_str())
            );
        }
        assert_eq!(CommentTag::default(), CommentTag::Note);
        assert_eq!(field(CommentTag::parse("Issue!").unwrap_err()), "tag");
        assert!(serde_json::from_str::<CommentTag>("\"bug\"").is_err());
        assert_eq!(
            serde_json::from_str::<CommentTag>("\" issue \"").unwrap(),
            CommentTag::Issue
        );
    }

    #[test]
    fn a_moment_or_range_lies_inside_the_recording() {
        let three_min = Some(180_000);
        assert_eq!(Moment::parse(0, None, three_min).unwrap().at_ms(), 0);
        assert_eq!(
            Moment::parse(180_000, None, three_min).unwrap().at_ms(),
            180_000
        );
        let r = Moment::parse(182, Some(2_100), three_min).unwrap();
        assert_eq!((r.at_ms(), r.until_ms()), (182, Some(2100)));
        assert_eq!(
            field(Moment::parse(-1, None, three_min).unwrap_err()),
            "at_ms"
        );
        assert_eq!(
            field(Moment::parse(180_001, None, three_min).unwrap_err()),
            "at_ms"
        );
        assert_eq!(
            field(Moment::parse(5_000, Some(5_000), three_min).unwrap_err()),
            "until_ms"
        );
        assert_eq!(
            field(Moment::parse(5_000, Some(4_000), three_min).unwrap_err()),
            "until_ms"
        );
        assert_eq!(
            field(Moment::parse(5_000, Some(180_001), three_min).unwrap_err()),
            "until_ms"
        );
        // Unknown duration: anything up to 12 hours.
        assert!(Moment::parse(11 * 3600 * 1000, None, None).is_ok());
        assert_eq!(
            field(Moment::parse(i64::MAX, None, None).unwrap_err()),
            "at_ms"
        );
    }
}
