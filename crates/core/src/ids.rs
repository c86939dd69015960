//! Typed ids, so a band id can never be passed where a user id is expected.

use crate::error::{Error, Result};

macro_rules! id_type {
    ($doc:literal, $name:ident) => {
        #[doc = $doc]
        #[derive(Debug, Clone, Copy, PartialEq, Eq, PartialOrd, Ord, Hash, serde::Serialize)]
        #[serde(transparent)]
        #[cfg_attr(feature = "ts", derive(ts_rs::TS), ts(type = "number"))]
        pub struct $name(pub i64);

        /// A number, or its text (in a path or a query string): positive.
        impl<'de> serde::Deserialize<'de> for $name {
            fn deserialize<D: serde::Deserializer<'de>>(
                d: D,
            ) -> std::result::Result<Self, D::Error> {
                match crate::input::boundary::whole_number(d)? {
                    n if n > 0 => Ok($name(n)),
                    n => Err(serde::de::Error::custom(format!(
                        "“{n}” is not a valid id."
                    ))),
                }
            }
        }

        #[cfg(feature = "openapi")]
        impl utoipa::PartialSchema for $name {
            fn schema() -> utoipa::openapi::RefOr<utoipa::openapi::schema::Schema> {
                crate::input::boundary::int_schema(1, None, None, $doc)
            }
        }
        #[cfg(feature = "openapi")]
        impl utoipa::ToSchema for $name {}

        impl $name {
            /// Parses an id from text (a path segment), naming `field` when it is not one.
            pub fn parse(field: &'static str, s: &str) -> Result<Self> {
                match s.trim().parse::<i64>() {
                    Ok(n) if n > 0 => Ok($name(n)),
                    _ => Err(Error::invalid(
                        field,
                        format!(
                            "“{}” is not a valid id.",
                            s.chars().take(40).collect::<String>()
                        ),
                    )),
                }
            }
        }

        impl std::fmt::Display for $name {
            fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
                self.0.fmt(f)
            }
        }
    };
}

id_type!("A registered account.", UserId);
id_type!("A band.", BandId);
id_type!("An invite (token or direct).", InviteId);
id_type!("A song of a band.", SongId);
id_type!("A version (recording) of a song.", VersionId);
id_type!("A comment on a version, or a reply to one.", CommentId);
id_type!("A rehearsal session of a band.", SessionId);

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn parses_positive_integers_only() {
        assert_eq!(BandId::parse("band_id", " 7 ").unwrap(), BandId(7));
        for bad in ["", "0", "-3", "x", "1.5", "99999999999999999999"] {
            let e = BandId::parse("band_id", bad).unwrap_err();
            assert_eq!(e.field(), Some("band_id"), "{bad}");
        }
    }

    #[test]
    fn ids_come_as_numbers_or_their_text_and_are_positive() {
        assert_eq!(serde_json::from_str::<BandId>("7").unwrap(), BandId(7));
        assert_eq!(serde_json::from_str::<BandId>("\"7\"").unwrap(), BandId(7));
        for bad in ["0", "-1", "\"x\"", "1.5", "null"] {
            assert!(serde_json::from_str::<BandId>(bad).is_err(), "{bad}");
        }
    }
}
