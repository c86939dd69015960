//! Accounts: usernames and passwords.

use super::boundary::{Chars, TextRule, text_schema};
use crate::error::{Error, Result};

/// A username: 3–32 characters of `a-z 0-9 _ . -`, compared case-insensitively.
///
/// Upper-case ASCII letters are accepted and folded to lower case, so `Anna` and `anna` are
/// the same account; anything outside ASCII (look-alikes such as Cyrillic `а`) is refused.
#[derive(Debug, Clone, PartialEq, Eq, Hash)]
#[cfg_attr(feature = "ts", derive(ts_rs::TS), ts(type = "string"))]
pub struct Username(String);

impl Username {
    /// What it accepts (its canonical form; white space around it is trimmed).
    pub const RULE: TextRule = TextRule {
        min: 3,
        max: 32,
        chars: Chars::Pattern("^[A-Za-z0-9_.-]{3,32}$"),
    };

    /// Parses and folds to lower case.
    pub fn parse(raw: &str) -> Result<Self> {
        const FIELD: &str = "username";
        let s = raw.trim();
        let n = s.chars().count();
        if n < Self::RULE.min {
            return Err(Error::invalid(
                FIELD,
                "Username must be at least 3 characters.",
            ));
        }
        if n > Self::RULE.max {
            return Err(Error::invalid(
                FIELD,
                "Username can be at most 32 characters.",
            ));
        }
        if let Some(bad) = s
            .chars()
            .find(|c| !(c.is_ascii_alphanumeric() || matches!(c, '_' | '.' | '-')))
        {
            return Err(Error::invalid(
                FIELD,
                format!(
                    "Username can only use letters a–z, digits, “_”, “.” and “-” (not “{bad}”)."
                ),
            ));
        }
        Ok(Username(s.to_ascii_lowercase()))
    }

    /// The canonical (lower-case) username.
    pub fn as_str(&self) -> &str {
        &self.0
    }
}

impl std::fmt::Display for Username {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        f.write_str(&self.0)
    }
}

impl PartialEq<str> for Username {
    fn eq(&self, other: &str) -> bool {
        self.0 == other
    }
}

impl PartialEq<&str> for Username {
    fn eq(&self, other: &&str) -> bool {
        self.0 == *other
    }
}

impl serde::Serialize for Username {
    fn serialize<S: serde::Serializer>(&self, s: S) -> std::result::Result<S::Ok, S::Error> {
        s.serialize_str(&self.0)
    }
}

/// A username read from a server's answer (or any JSON) is parsed like one typed in: the
/// desktop app names folders after it, so a value that is not a username never gets in.
impl<'de> serde::Deserialize<'de> for Username {
    fn deserialize<D: serde::Deserializer<'de>>(d: D) -> std::result::Result<Self, D::Error> {
        let raw = String::deserialize(d)?;
        Username::parse(&raw).map_err(|e| serde::de::Error::custom(e.message()))
    }
}

/// A password: at least 8 characters, at most 1024 bytes. Never trimmed, never printed.
#[derive(Clone, PartialEq, Eq)]
#[cfg_attr(feature = "ts", derive(ts_rs::TS), ts(type = "string"))]
pub struct Password(String);

impl Password {
    /// What it accepts: at least 8 characters; at most 1024 bytes, which the schema states
    /// as 1024 characters (the parser counts bytes).
    pub const RULE: TextRule = TextRule {
        min: 8,
        max: 1024,
        chars: Chars::Pattern("^[\\s\\S]{8,1024}$"),
    };

    /// Checks the length rules.
    pub fn parse(raw: &str) -> Result<Self> {
        if raw.chars().count() < 8 {
            return Err(Error::invalid(
                "password",
                "Password must be at least 8 characters.",
            ));
        }
        if raw.len() > 1024 {
            return Err(Error::invalid(
                "password",
                "Password can be at most 1024 bytes.",
            ));
        }
        Ok(Password(raw.to_owned()))
    }

    /// The password itself, for hashing or for sending to a server over TLS.
    pub fn expose(&self) -> &str {
        &self.0
    }
}

impl std::fmt::Debug for Password {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        f.write_str("Password(..)")
    }
}

text_schema!(
    Username,
    Username::RULE,
    "3–32 characters of a-z 0-9 _ . - (upper-case letters are folded to lower case)."
);
text_schema!(
    Password,
    Password::RULE,
    "At least 8 characters, at most 1024 bytes."
);

impl serde::Serialize for Password {
    fn serialize<S: serde::Serializer>(&self, s: S) -> std::result::Result<S::Ok, S::Error> {
        s.serialize_str(&self.0)
    }
}

impl<'de> serde::Deserialize<'de> for Password {
    fn deserialize<D: serde::Deserializer<'de>>(d: D) -> std::result::Result<Self, D::Error> {
        let raw = <std::borrow::Cow<'de, str>>::deserialize(d)?;
        Password::parse(&raw).map_err(|e| serde::de::Error::custom(e.message()))
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn field_of(e: Error) -> String {
        e.field().expect("invalid_input with a field").to_owned()
    }

    #[test]
    fn username_rules() {
        assert_eq!(
            Username::parse("  Anna_B.x-1 ").unwrap().as_str(),
            "anna_b.x-1"
        );
        for bad in [
            "",
            "ab",
            &"a".repeat(33),
            "an na",
            "anna!",
            "аnna", /* Cyrillic а */
            "anna\u{200B}",
        ] {
            assert_eq!(
                field_of(Username::parse(bad).unwrap_err()),
                "username",
                "{bad:?}"
            );
        }
    }

    #[test]
    fn a_username_in_json_is_parsed_like_a_typed_one() {
        let ok: Username = serde_json::from_str("\"Ada\"").unwrap();
        assert_eq!(ok, "ada");
        assert_eq!(serde_json::to_string(&ok).unwrap(), "\"ada\"");
        for bad in [
            "\"/home/me/Pictures\"",
            "\"../../x\"",
            "\"a/b/c\"",
            "\"a\\\\b\"",
            "\"..\"",
            "\"\"",
        ] {
            assert!(serde_json::from_str::<Username>(bad).is_err(), "{bad}");
        }
    }

    #[test]
    fn password_rules() {
        assert!(Password::parse("12345678").is_ok());
        assert!(Password::parse(&"x".repeat(1024)).is_ok());
        for bad in ["", "1234567", &"x".repeat(1025)] {
            assert_eq!(field_of(Password::parse(bad).unwrap_err()), "password");
        }
        assert!(!format!("{:?}", Password::parse("hunter2hunter2").unwrap()).contains("hunter"));
    }
}
