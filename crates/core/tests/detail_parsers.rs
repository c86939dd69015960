//! Property tests of the song-detail parsers (SPEC §5b): whatever text arrives, a key, a tag
//! and a tag list parse without panicking, and what they accept is already in its normal
//! form (parsing it again gives it back unchanged).

#![allow(clippy::unwrap_used, clippy::expect_used)]

use proptest::prelude::*;
use rehearsalhub_core::{MusicalKey, RecordedAt, SessionDate, Tag, Tags};

fn config() -> ProptestConfig {
    ProptestConfig {
        cases: 10_000,
        ..ProptestConfig::default()
    }
}

/// A key as people write it: a tonic, maybe an accidental, some spelling of the mode, in any
/// case, with stray spaces.
fn written_key() -> impl Strategy<Value = String> {
    (
        "[A-Ga-g]",
        prop::sample::select(vec!["", "#", "b", "♯", "♭"]),
        prop::sample::select(vec![
            "", "m", " minor", "minor", " min", " major", "maj", " MAJOR", " Minor",
        ]),
        " {0,3}",
        " {0,3}",
    )
        .prop_map(|(t, acc, mode, pre, post)| format!("{pre}{t}{acc}{mode}{post}"))
}

proptest! {
    #![proptest_config(config())]

    #[test]
    fn any_text_as_a_key_parses_or_is_refused_and_accepted_keys_are_normal(raw in "\\PC{0,24}") {
        if let Ok(key) = MusicalKey::parse(&raw) {
            prop_assert_eq!(MusicalKey::parse(key.as_str()).expect("again"), key);
        }
    }

    #[test]
    fn keys_as_people_write_them_are_read_in_one_form(raw in written_key()) {
        let key = MusicalKey::parse(&raw).expect("a key");
        let normal = key.as_str().to_owned();
        let normal = normal.as_str();
        prop_assert!(normal.ends_with(" major") || normal.ends_with(" minor"), "{}", normal);
        prop_assert!(normal.starts_with(|c: char| ('A'..='G').contains(&c)), "{}", normal);
        prop_assert_eq!(MusicalKey::parse(normal).expect("again"), key.clone());
        // A lower-case `m` alone, or any `min`, is minor; no mode at all is major.
        let minor = raw.trim_end().ends_with('m') || raw.to_lowercase().contains("min");
        prop_assert_eq!(normal.ends_with(" minor"), minor, "{} → {}", raw, normal);
    }

    #[test]
    fn any_text_as_a_tag_parses_or_is_refused_and_accepted_tags_are_normal(raw in "\\PC{0,40}") {
        if let Ok(tag) = Tag::parse(&raw) {
            let t = tag.as_str();
            prop_assert_eq!(t, t.trim());
            prop_assert_eq!(t.to_lowercase(), t);
            prop_assert!((1..=30).contains(&t.chars().count()), "{:?}", t);
            prop_assert_eq!(Tag::parse(t).expect("again"), tag);
        }
    }

    #[test]
    fn any_list_of_tags_is_at_most_twenty_distinct_normal_tags(raw in prop::collection::vec("\\PC{0,12}", 0..40)) {
        let json = serde_json::to_string(&raw).expect("json");
        if let Ok(tags) = serde_json::from_str::<Tags>(&json) {
            let list = tags.as_slice();
            prop_assert!(list.len() <= 20);
            let mut seen = std::collections::HashSet::new();
            for t in list {
                prop_assert!(seen.insert(t.as_str().to_owned()), "duplicate {:?}", t.as_str());
            }
            let again: Tags = serde_json::from_str(&serde_json::to_string(&tags).expect("j")).expect("again");
            prop_assert_eq!(again, tags);
        }
    }

    #[test]
    fn any_text_as_a_date_or_a_tag_date_never_panics(raw in "\\PC{0,30}") {
        if let Ok(d) = SessionDate::parse(&raw) {
            prop_assert_eq!(SessionDate::parse(&d.as_str()).expect("again"), d);
        }
        if let Some(at) = RecordedAt::from_tag(&raw) {
            prop_assert_eq!(RecordedAt::parse_form(&at.as_string()).expect("again"), at);
        }
    }
}
