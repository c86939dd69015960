//! Names and search text: visible text of a bounded length, trimmed.

use super::boundary::{Chars, TextRule, is_sneaky, text_schema, text_serde};
use crate::error::{Error, Result};

/// Trims `raw` and checks it against `rule` (visible characters only).
fn visible_text(field: &'static str, what: &str, raw: &str, rule: TextRule) -> Result<String> {
    let s = raw.trim();
    if s.is_empty() {
        return Err(Error::invalid(field, format!("{what} cannot be empty.")));
    }
    let n = s.chars().count();
    if n > rule.max {
        return Err(Error::invalid(
            field,
            format!(
                "{what} can be at most {} characters (this one has {n}).",
                rule.max
            ),
        ));
    }
    if s.chars().any(is_sneaky) {
        return Err(Error::invalid(
            field,
            format!("{what} contains invisible or control characters."),
        ));
    }
    Ok(s.to_owned())
}

macro_rules! text_type {
    ($(#[$doc:meta])* $name:ident, $field:literal, $what:literal, $max:literal) => {
        $(#[$doc])*
        #[derive(Debug, Clone, PartialEq, Eq, Hash)]
        #[cfg_attr(feature = "ts", derive(ts_rs::TS), ts(type = "string"))]
        pub struct $name(String);

        impl $name {
            /// What it accepts.
            pub const RULE: TextRule = TextRule { min: 1, max: $max, chars: Chars::Visible };

            /// Parses (trimming surrounding white space).
            pub fn parse(raw: &str) -> Result<Self> {
                visible_text($field, $what, raw, Self::RULE).map($name)
            }

            /// The text.
            pub fn as_str(&self) -> &str {
                &self.0
            }
        }

        text_serde!($name);
        text_schema!($name, $name::RULE, concat!($what, ": visible text, trimmed."));
    };
}

text_type!(
    /// A display name: 1–64 visible characters, trimmed.
    DisplayName, "display_name", "Display name", 64
);
text_type!(
    /// A band's name: 1–100 visible characters, trimmed.
    BandName, "name", "Band name", 100
);
text_type!(
    /// A song's title: 1–200 visible characters, trimmed.
    SongTitle, "title", "Song title", 200
);
text_type!(
    /// A version's label: 1–200 visible characters, trimmed (defaults to the file name).
    VersionLabel, "label", "Label", 200
);

text_type!(
    /// Where a band rehearsed: 1–100 visible characters, trimmed.
    PlaceName, "place", "Place", 100
);

/// The text typed into the non-member search: 2–64 characters, matched case-insensitively
/// as a prefix of a username or display name.
#[derive(Debug, Clone, PartialEq, Eq)]
#[cfg_attr(feature = "ts", derive(ts_rs::TS), ts(type = "string"))]
pub struct SearchQuery(String);

impl SearchQuery {
    /// What it accepts.
    pub const RULE: TextRule = TextRule {
        min: 2,
        max: 64,
        chars: Chars::Visible,
    };

    /// Parses the `q` field.
    pub fn parse(raw: &str) -> Result<Self> {
        let s = raw.trim();
        let n = s.chars().count();
        if n < Self::RULE.min {
            return Err(Error::invalid("q", "Type at least 2 characters to search."));
        }
        if n > Self::RULE.max {
            return Err(Error::invalid(
                "q",
                "Search text can be at most 64 characters.",
            ));
        }
        if s.chars().any(is_sneaky) {
            return Err(Error::invalid(
                "q",
                "Search text contains invisible or control characters.",
            ));
        }
        Ok(SearchQuery(s.to_lowercase()))
    }

    /// The lower-cased text.
    pub fn as_str(&self) -> &str {
        &self.0
    }
}

text_serde!(SearchQuery);
text_schema!(
    SearchQuery,
    SearchQuery::RULE,
    "The start of a username or display name, matched case-insensitively."
);

#[cfg(test)]
mod tests {
    use super::*;

    fn field_of(e: Error) -> String {
        e.field().expect("invalid_input with a field").to_owned()
    }

    #[test]
    fn display_name_rules() {
        assert_eq!(
            DisplayName::parse("  Anna Bé  ").unwrap().as_str(),
            "Anna Bé"
        );
        for bad in ["", "   ", &"x".repeat(65), "An\u{202E}na", "a\nb"] {
            assert_eq!(
                field_of(DisplayName::parse(bad).unwrap_err()),
                "display_name"
            );
        }
        assert!(DisplayName::parse(&"é".repeat(64)).is_ok());
    }

    #[test]
    fn other_text_types_name_their_field() {
        assert_eq!(field_of(BandName::parse(" ").unwrap_err()), "name");
        assert_eq!(
            field_of(BandName::parse(&"b".repeat(101)).unwrap_err()),
            "name"
        );
        assert_eq!(field_of(SongTitle::parse("").unwrap_err()), "title");
        assert_eq!(
            field_of(SongTitle::parse(&"s".repeat(201)).unwrap_err()),
            "title"
        );
        assert_eq!(
            field_of(VersionLabel::parse("\u{0007}").unwrap_err()),
            "label"
        );
        assert_eq!(field_of(SearchQuery::parse("a").unwrap_err()), "q");
        assert_eq!(
            field_of(SearchQuery::parse(&"q".repeat(65)).unwrap_err()),
            "q"
        );
        assert_eq!(SearchQuery::parse(" AnN ").unwrap().as_str(), "ann");
    }

    #[test]
    fn a_name_in_json_is_parsed_and_written_as_its_text() {
        let name: BandName = serde_json::from_str("\"  The Band \"").unwrap();
        assert_eq!(serde_json::to_string(&name).unwrap(), "\"The Band\"");
        let e = serde_json::from_str::<BandName>("\"\\u200b\"").unwrap_err();
        assert!(e.to_string().contains("invisible"), "{e}");
    }
}
