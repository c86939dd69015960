//! How parsed values cross a boundary. A type that parses text implements `Deserialize`
//! through its parser (so a JSON field, a query value and a Tauri argument are parsed
//! alike, and an error names the field), `Serialize` as its text, and its OpenAPI schema
//! from the same [`TextRule`] its parser applies.

/// Characters that render invisibly or reorder text (zero-width, bidi controls, the byte
/// order mark), beside the control characters: refused in names and comments so two texts
/// that look the same on screen are the same string.
pub(crate) const SNEAKY: &[(char, char)] = &[
    ('\u{200B}', '\u{200F}'),
    ('\u{202A}', '\u{202E}'),
    ('\u{2060}', '\u{2069}'),
    ('\u{FEFF}', '\u{FEFF}'),
];

/// Whether `c` is a control character or one of [`SNEAKY`].
pub(crate) fn is_sneaky(c: char) -> bool {
    c.is_control() || SNEAKY.iter().any(|&(a, b)| (a..=b).contains(&c))
}

/// What a text field accepts, stated once for its parser and its schema.
#[derive(Debug, Clone, Copy)]
pub struct TextRule {
    /// Fewest characters, after trimming.
    pub min: usize,
    /// Most characters, after trimming.
    pub max: usize,
    /// The characters it may hold.
    pub chars: Chars,
}

/// The characters a [`TextRule`] allows.
#[derive(Debug, Clone, Copy)]
pub enum Chars {
    /// Visible text: no control or invisible character, not only white space.
    Visible,
    /// Visible text that may also hold line breaks.
    VisibleLines,
    /// Visible text without these characters either (a tag's comma); they must need no
    /// escaping inside a regular expression's character class.
    VisibleWithout(&'static str),
    /// Exactly this regular expression (the parser's own check agrees with it).
    Pattern(&'static str),
}

impl TextRule {
    /// The regular expression of its characters, in the dialect both JSON Schema (ECMA 262)
    /// and Python's `re` read, so schema-driven fuzzers generate what the parser accepts.
    pub fn pattern(&self) -> String {
        let class = |lines: bool| {
            let mut class = String::from(if lines {
                r"\x00-\x09\x0b-\x1f\x7f-\x9f"
            } else {
                r"\x00-\x1f\x7f-\x9f"
            });
            for &(a, b) in SNEAKY {
                class.push_str(&format!(r"\u{:04x}-\u{:04x}", u32::from(a), u32::from(b)));
            }
            class
        };
        match self.chars {
            Chars::Pattern(p) => p.to_owned(),
            Chars::Visible | Chars::VisibleLines | Chars::VisibleWithout(_) => {
                let mut c = class(matches!(self.chars, Chars::VisibleLines));
                if let Chars::VisibleWithout(also) = self.chars {
                    c.push_str(also);
                }
                // Text that may be empty (notes) needs no visible character.
                if self.min == 0 {
                    format!("^[^{c}]*$")
                } else {
                    format!(r"^[^{c}]*[^\s{c}][^{c}]*$")
                }
            }
        }
    }

    /// Its OpenAPI schema.
    #[cfg(feature = "openapi")]
    pub fn schema(
        &self,
        description: &str,
    ) -> utoipa::openapi::RefOr<utoipa::openapi::schema::Schema> {
        use utoipa::openapi::schema::{ObjectBuilder, Type};
        ObjectBuilder::new()
            .schema_type(Type::String)
            .min_length(Some(self.min))
            .max_length(Some(self.max))
            .pattern(Some(self.pattern()))
            .description(Some(description))
            .into()
    }
}

/// The OpenAPI schema of a whole number in `min..=max`.
#[cfg(feature = "openapi")]
pub fn int_schema(
    min: i64,
    max: Option<i64>,
    default: Option<i64>,
    description: &str,
) -> utoipa::openapi::RefOr<utoipa::openapi::schema::Schema> {
    use utoipa::openapi::schema::{KnownFormat, ObjectBuilder, SchemaFormat, Type};
    ObjectBuilder::new()
        .schema_type(Type::Integer)
        .format(Some(SchemaFormat::KnownFormat(KnownFormat::Int64)))
        .minimum(Some(min))
        .maximum(max)
        .default(default.map(Into::into))
        .description(Some(description))
        .into()
}

/// A whole number given as a JSON number or as its decimal text (path and query values are
/// text); `None` for anything else.
pub(crate) fn whole_number<'de, D: serde::Deserializer<'de>>(d: D) -> Result<i64, D::Error> {
    struct Whole;
    impl serde::de::Visitor<'_> for Whole {
        type Value = i64;
        fn expecting(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
            f.write_str("a whole number")
        }
        fn visit_i64<E: serde::de::Error>(self, v: i64) -> Result<i64, E> {
            Ok(v)
        }
        fn visit_u64<E: serde::de::Error>(self, v: u64) -> Result<i64, E> {
            i64::try_from(v).map_err(|_| E::custom("This number is too large."))
        }
        fn visit_f64<E: serde::de::Error>(self, v: f64) -> Result<i64, E> {
            // JavaScript has one number type; a whole one may arrive as 3.0.
            if v.fract() == 0.0 && v.abs() < 9.0e15 {
                #[allow(clippy::cast_possible_truncation)]
                Ok(v as i64)
            } else {
                Err(E::custom("This must be a whole number."))
            }
        }
        fn visit_str<E: serde::de::Error>(self, v: &str) -> Result<i64, E> {
            v.trim().parse().map_err(|_| {
                E::custom(format!(
                    "“{}” is not a whole number.",
                    v.chars().take(40).collect::<String>()
                ))
            })
        }
    }
    d.deserialize_any(Whole)
}

/// `Serialize` as its text and `Deserialize` through `parse`, for a type with
/// `fn parse(&str) -> Result<Self>` and `fn as_str(&self) -> &str`.
macro_rules! text_serde {
    ($ty:ty) => {
        impl serde::Serialize for $ty {
            fn serialize<S: serde::Serializer>(
                &self,
                s: S,
            ) -> std::result::Result<S::Ok, S::Error> {
                s.serialize_str(&*self.as_str())
            }
        }

        impl<'de> serde::Deserialize<'de> for $ty {
            fn deserialize<D: serde::Deserializer<'de>>(
                d: D,
            ) -> std::result::Result<Self, D::Error> {
                let raw = <std::borrow::Cow<'de, str>>::deserialize(d)?;
                <$ty>::parse(&raw).map_err(|e| serde::de::Error::custom(e.message()))
            }
        }
    };
}
pub(crate) use text_serde;

/// The OpenAPI schema of a text type from its [`TextRule`].
macro_rules! text_schema {
    ($ty:ty, $rule:expr, $doc:expr) => {
        #[cfg(feature = "openapi")]
        impl utoipa::PartialSchema for $ty {
            fn schema() -> utoipa::openapi::RefOr<utoipa::openapi::schema::Schema> {
                $rule.schema($doc)
            }
        }
        #[cfg(feature = "openapi")]
        impl utoipa::ToSchema for $ty {}
    };
}
pub(crate) use text_schema;

/// A whole number in `$min..=$max`, parsed from a number or its text, named `$field` in
/// errors; `Serialize` as the number, its schema from the same bounds.
macro_rules! bounded_int {
    ($(#[$doc:meta])* $name:ident, $field:literal, $min:expr, $max:expr, $default:expr, $what:literal) => {
        $(#[$doc])*
        #[derive(Debug, Clone, Copy, PartialEq, Eq, Hash)]
        #[cfg_attr(feature = "ts", derive(ts_rs::TS), ts(type = "number"))]
        pub struct $name(i64);

        impl $name {
            /// The smallest value.
            pub const MIN: i64 = $min;
            /// The largest value, if any.
            pub const MAX: Option<i64> = $max;
            /// The value when none is given.
            pub const DEFAULT: i64 = $default;

            /// Checks the bounds.
            pub fn new(value: i64) -> crate::error::Result<Self> {
                if value < Self::MIN || Self::MAX.is_some_and(|max| value > max) {
                    let range = match Self::MAX {
                        Some(max) => format!("between {} and {max}", Self::MIN),
                        None => format!("at least {}", Self::MIN),
                    };
                    return Err(crate::error::Error::invalid(
                        $field,
                        format!("{} must be {range}.", $what),
                    ));
                }
                Ok($name(value))
            }

            /// The number.
            pub fn get(self) -> i64 {
                self.0
            }
        }

        impl Default for $name {
            fn default() -> Self {
                $name(Self::DEFAULT)
            }
        }

        impl serde::Serialize for $name {
            fn serialize<S: serde::Serializer>(&self, s: S) -> std::result::Result<S::Ok, S::Error> {
                s.serialize_i64(self.0)
            }
        }

        impl<'de> serde::Deserialize<'de> for $name {
            fn deserialize<D: serde::Deserializer<'de>>(d: D) -> std::result::Result<Self, D::Error> {
                $name::new($crate::input::boundary::whole_number(d)?)
                    .map_err(|e| serde::de::Error::custom(e.message()))
            }
        }

        #[cfg(feature = "openapi")]
        impl utoipa::PartialSchema for $name {
            fn schema() -> utoipa::openapi::RefOr<utoipa::openapi::schema::Schema> {
                $crate::input::boundary::int_schema(Self::MIN, Self::MAX, Some(Self::DEFAULT), $what)
            }
        }
        #[cfg(feature = "openapi")]
        impl utoipa::ToSchema for $name {}
    };
}
pub(crate) use bounded_int;

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn the_visible_pattern_refuses_what_the_parser_refuses() {
        let rule = TextRule {
            min: 1,
            max: 10,
            chars: Chars::Visible,
        };
        let p = rule.pattern();
        assert!(p.starts_with("^[^") && p.contains(r"\u200b-\u200f"), "{p}");
        assert!(
            !TextRule {
                chars: Chars::VisibleLines,
                ..rule
            }
            .pattern()
            .contains(r"\x00-\x1f")
        );
        for (a, b) in SNEAKY {
            assert!(is_sneaky(*a) && is_sneaky(*b));
        }
        assert!(is_sneaky('\u{7}') && !is_sneaky('é'));
    }

    #[test]
    fn whole_numbers_come_as_numbers_or_text() {
        let n = |v: serde_json::Value| whole_number(v).ok();
        assert_eq!(n(serde_json::json!(7)), Some(7));
        assert_eq!(n(serde_json::json!(" 7 ")), Some(7));
        assert_eq!(n(serde_json::json!(7.0)), Some(7));
        assert_eq!(n(serde_json::json!(7.5)), None);
        assert_eq!(n(serde_json::json!("x")), None);
        assert_eq!(n(serde_json::json!(null)), None);
    }
}
