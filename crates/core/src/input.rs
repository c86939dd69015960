//! Types that parse what comes from outside. Once built, a value is valid: the use cases
//! never see a raw string for a username, a role or an invite token.
//!
//! Every parser names its field in the `invalid_input` error it returns.

use crate::error::{Error, Result};
use crate::secret::{Secret, TokenHash};

/// Characters that render invisibly or reorder text; refused in names so two names that look
/// the same on screen are the same string.
pub(crate) fn is_sneaky(c: char) -> bool {
    c.is_control()
        || matches!(c, '\u{200B}'..='\u{200F}' | '\u{202A}'..='\u{202E}' | '\u{2060}'..='\u{2069}' | '\u{FEFF}')
}

/// Trims `raw` and checks it is `min..=max` characters of visible text.
fn visible_text(field: &'static str, what: &str, raw: &str, max: usize) -> Result<String> {
    let s = raw.trim();
    if s.is_empty() {
        return Err(Error::invalid(field, format!("{what} cannot be empty.")));
    }
    let n = s.chars().count();
    if n > max {
        return Err(Error::invalid(
            field,
            format!("{what} can be at most {max} characters (this one has {n})."),
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
        pub struct $name(String);

        impl $name {
            /// Parses (trimming surrounding white space).
            pub fn parse(raw: &str) -> Result<Self> {
                visible_text($field, $what, raw, $max).map($name)
            }

            /// The text.
            pub fn as_str(&self) -> &str {
                &self.0
            }
        }
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

/// A username: 3–32 characters of `a-z 0-9 _ . -`, compared case-insensitively.
///
/// Upper-case ASCII letters are accepted and folded to lower case, so `Anna` and `anna` are
/// the same account; anything outside ASCII (look-alikes such as Cyrillic `а`) is refused.
#[derive(Debug, Clone, PartialEq, Eq, Hash)]
pub struct Username(String);

impl Username {
    /// Parses and folds to lower case.
    pub fn parse(raw: &str) -> Result<Self> {
        const FIELD: &str = "username";
        let s = raw.trim();
        let n = s.chars().count();
        if n < 3 {
            return Err(Error::invalid(
                FIELD,
                "Username must be at least 3 characters.",
            ));
        }
        if n > 32 {
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
pub struct Password(String);

impl Password {
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

/// A member's role in a band.
#[derive(
    Debug, Clone, Copy, PartialEq, Eq, PartialOrd, Ord, Hash, serde::Serialize, serde::Deserialize,
)]
#[cfg_attr(feature = "ts", derive(ts_rs::TS))]
#[cfg_attr(feature = "openapi", derive(utoipa::ToSchema))]
#[serde(rename_all = "lowercase")]
pub enum Role {
    /// Manages members, invites and songs.
    Admin,
    /// Plays and adds recordings.
    Member,
}

impl Role {
    /// Parses `admin` or `member` (the `role` field).
    pub fn parse(raw: &str) -> Result<Self> {
        match raw.trim() {
            "admin" => Ok(Role::Admin),
            "member" => Ok(Role::Member),
            other => Err(Error::invalid(
                "role",
                format!(
                    "Role must be “admin” or “member” (not “{}”).",
                    other.chars().take(20).collect::<String>()
                ),
            )),
        }
    }

    /// The role as stored and sent.
    pub fn as_str(self) -> &'static str {
        match self {
            Role::Admin => "admin",
            Role::Member => "member",
        }
    }
}

/// An invite token as the admin shares it, or as a user pastes it back.
///
/// Accepted forms (surrounding white space ignored): the bare 43-character token, the link
/// `rehearsalhub://invite/<token>`, or an `http(s)://…/invites/<token>` URL. A single
/// trailing `/` is tolerated because some chat apps and OS link handlers add one.
#[derive(Clone, PartialEq, Eq)]
pub struct InviteToken(Secret);

/// The deep-link prefix of an invite.
pub const INVITE_LINK_PREFIX: &str = "rehearsalhub://invite/";

impl InviteToken {
    pub(crate) fn generate() -> Result<Self> {
        Secret::generate().map(InviteToken)
    }

    /// Parses any of the pasted forms; anything else is `invalid_input` on `token`.
    pub fn parse(raw: &str) -> Result<Self> {
        let s = raw.trim();
        let s = s.strip_suffix('/').unwrap_or(s);
        let candidate = if let Some(rest) = s.strip_prefix(INVITE_LINK_PREFIX) {
            rest
        } else if s.starts_with("https://") || s.starts_with("http://") {
            match s.rsplit_once("/invites/") {
                Some((_, token)) => token,
                None => return Err(Self::invalid()),
            }
        } else {
            s
        };
        Secret::decode(candidate)
            .map(InviteToken)
            .ok_or_else(Self::invalid)
    }

    fn invalid() -> Error {
        Error::invalid(
            "token",
            "This is not an invite token or link. Paste the whole token or the rehearsalhub://invite/… link you were sent.",
        )
    }

    /// The token's text: shown once, to the admin who created it.
    pub fn expose(&self) -> String {
        self.0.encode()
    }

    /// The link form, `rehearsalhub://invite/<token>`.
    pub fn link(&self) -> String {
        format!("{INVITE_LINK_PREFIX}{}", self.expose())
    }

    /// Its SHA-256, the only form the database sees.
    pub fn hash(&self) -> TokenHash {
        self.0.hash()
    }
}

impl std::fmt::Debug for InviteToken {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        f.write_str("InviteToken(..)")
    }
}

/// How long an invite stays valid: 1 hour to 30 days, 72 hours by default.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct ExpiresIn {
    hours: u32,
}

impl ExpiresIn {
    /// The shortest allowed expiry, in hours.
    pub const MIN_HOURS: u32 = 1;
    /// The longest allowed expiry, in hours (30 days).
    pub const MAX_HOURS: u32 = 30 * 24;
    /// The default, in hours.
    pub const DEFAULT_HOURS: u32 = 72;

    /// Checks the range (field `expires_in_hours`).
    pub fn hours(hours: i64) -> Result<Self> {
        match u32::try_from(hours) {
            Ok(h) if (Self::MIN_HOURS..=Self::MAX_HOURS).contains(&h) => Ok(ExpiresIn { hours: h }),
            _ => Err(Error::invalid(
                "expires_in_hours",
                format!(
                    "Expiry must be between {} hour and {} days.",
                    Self::MIN_HOURS,
                    Self::MAX_HOURS / 24
                ),
            )),
        }
    }

    /// The length in seconds.
    pub fn as_secs(self) -> i64 {
        i64::from(self.hours) * 3600
    }

    /// The length in hours.
    pub fn as_hours(self) -> u32 {
        self.hours
    }
}

impl Default for ExpiresIn {
    fn default() -> Self {
        ExpiresIn {
            hours: Self::DEFAULT_HOURS,
        }
    }
}

/// The text typed into the non-member search: 2–64 characters, matched case-insensitively
/// as a prefix of a username or display name.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct SearchQuery(String);

impl SearchQuery {
    /// Parses the `q` field.
    pub fn parse(raw: &str) -> Result<Self> {
        let s = raw.trim();
        let n = s.chars().count();
        if n < 2 {
            return Err(Error::invalid("q", "Type at least 2 characters to search."));
        }
        if n > 64 {
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

#[cfg(test)]
mod tests {
    use super::*;

    fn field_of(e: Error) -> &'static str {
        e.field().expect("invalid_input with a field")
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
    fn role_rules() {
        assert_eq!(Role::parse("admin").unwrap(), Role::Admin);
        assert_eq!(Role::parse(" member ").unwrap(), Role::Member);
        for bad in ["", "Admin", "owner", "ａdmin"] {
            assert_eq!(field_of(Role::parse(bad).unwrap_err()), "role");
        }
    }

    #[test]
    fn expiry_rules() {
        assert_eq!(ExpiresIn::default().as_hours(), 72);
        assert_eq!(ExpiresIn::hours(1).unwrap().as_secs(), 3600);
        assert_eq!(ExpiresIn::hours(720).unwrap().as_hours(), 720);
        for bad in [0, -1, 721, i64::MAX] {
            assert_eq!(
                field_of(ExpiresIn::hours(bad).unwrap_err()),
                "expires_in_hours"
            );
        }
    }

    #[test]
    fn invite_token_accepts_the_three_pasted_forms() {
        let t = InviteToken::generate().unwrap();
        let bare = t.expose();
        for form in [
            bare.clone(),
            format!("  {bare}\n"),
            t.link(),
            format!("{}/", t.link()),
            format!("https://band.example/api/v1/invites/{bare}"),
            format!("http://127.0.0.1:8080/invites/{bare}"),
        ] {
            assert_eq!(InviteToken::parse(&form).unwrap(), t, "{form}");
        }
    }

    #[test]
    fn invite_token_refuses_everything_else() {
        let t = InviteToken::generate().unwrap();
        let bare = t.expose();
        let lookalike = bare.replacen(|c: char| c.is_ascii_alphabetic(), "а", 1); // Cyrillic
        for bad in [
            String::new(),
            "   ".into(),
            bare[..42].to_string(),
            format!("{bare}x"),
            format!("join: {}", t.link()),
            format!("{} thanks!", t.link()),
            format!("https://x.example/other/{bare}"),
            format!("ftp://x.example/invites/{bare}"),
            format!("rehearsalhub://band/{bare}"),
            lookalike,
            format!("{bare}=="),
            bare.replace(['-', '_'], "+"),
        ] {
            if bad == bare {
                continue;
            }
            let e = InviteToken::parse(&bad).unwrap_err();
            assert_eq!(e.field(), Some("token"), "{bad:?}");
        }
    }
}
