//! Roles and invites: a member's role, an invite token as it is pasted, an invite's expiry,
//! and a page of a band's invite list.

use super::boundary::{Chars, TextRule, bounded_int, text_schema, text_serde, whole_number};
use crate::error::{Error, Result};
use crate::secret::{Secret, TokenHash};

/// A member's role in a band.
#[derive(Debug, Clone, Copy, PartialEq, Eq, PartialOrd, Ord, Hash, serde::Serialize)]
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

impl<'de> serde::Deserialize<'de> for Role {
    fn deserialize<D: serde::Deserializer<'de>>(d: D) -> std::result::Result<Self, D::Error> {
        let raw = <std::borrow::Cow<'de, str>>::deserialize(d)?;
        Role::parse(&raw).map_err(|e| serde::de::Error::custom(e.message()))
    }
}

/// An invite token as the admin shares it, or as a user pastes it back.
///
/// Accepted forms (surrounding white space ignored): the bare 43-character token, the link
/// `rehearsalhub://invite/<token>`, or an `http(s)://…/invites/<token>` URL. A single
/// trailing `/` is tolerated because some chat apps and OS link handlers add one.
#[derive(Clone, PartialEq, Eq)]
#[cfg_attr(feature = "ts", derive(ts_rs::TS), ts(type = "string"))]
pub struct InviteToken(Secret);

/// The deep-link prefix of an invite.
pub const INVITE_LINK_PREFIX: &str = "rehearsalhub://invite/";

impl InviteToken {
    /// What a token is on the wire (a path segment): the bare form. The parser also takes
    /// the link and URL forms people paste.
    pub const RULE: TextRule = TextRule {
        min: 43,
        max: 43,
        // 32 bytes in 43 characters: the last carries 4 bits, the 2 below them zero.
        chars: Chars::Pattern("^[A-Za-z0-9_-]{42}[AEIMQUYcgkosw048]$"),
    };

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

    /// The token's text (what it is written as on the wire).
    fn as_str(&self) -> String {
        self.expose()
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
#[cfg_attr(feature = "ts", derive(ts_rs::TS), ts(type = "number"))]
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

text_serde!(InviteToken);
text_schema!(
    InviteToken,
    InviteToken::RULE,
    "An invite token (43 characters of base64url), shown once to the admin who made it."
);

impl serde::Serialize for ExpiresIn {
    fn serialize<S: serde::Serializer>(&self, s: S) -> std::result::Result<S::Ok, S::Error> {
        s.serialize_u32(self.hours)
    }
}

impl<'de> serde::Deserialize<'de> for ExpiresIn {
    fn deserialize<D: serde::Deserializer<'de>>(d: D) -> std::result::Result<Self, D::Error> {
        ExpiresIn::hours(whole_number(d)?).map_err(|e| serde::de::Error::custom(e.message()))
    }
}

#[cfg(feature = "openapi")]
impl utoipa::PartialSchema for ExpiresIn {
    fn schema() -> utoipa::openapi::RefOr<utoipa::openapi::schema::Schema> {
        super::boundary::int_schema(
            i64::from(Self::MIN_HOURS),
            Some(i64::from(Self::MAX_HOURS)),
            Some(i64::from(Self::DEFAULT_HOURS)),
            "Hours until the invite expires: 1 hour to 30 days.",
        )
    }
}
#[cfg(feature = "openapi")]
impl utoipa::ToSchema for ExpiresIn {}

bounded_int!(
    /// How many invites one page of a band's list holds: 1–500, 100 when not given.
    PageLimit, "limit", 1, Some(500), 100, "Limit"
);
bounded_int!(
    /// How many of a band's newest invites a page skips: 0 or more.
    PageOffset, "offset", 0, None, 0, "Offset"
);

#[cfg(test)]
mod tests {
    use super::*;

    fn field_of(e: Error) -> String {
        e.field().expect("invalid_input with a field").to_owned()
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
    fn the_token_pattern_states_what_decodes() {
        let last_ok = "AEIMQUYcgkosw048";
        let body = "A".repeat(42);
        for c in "ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz0123456789-_".chars() {
            let token = format!("{body}{c}");
            assert_eq!(
                InviteToken::parse(&token).is_ok(),
                last_ok.contains(c),
                "{token}"
            );
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

#[cfg(test)]
mod page_tests {
    use super::*;

    #[test]
    fn pages_are_bounded_and_parsed_from_text() {
        assert_eq!(PageLimit::default().get(), 100);
        assert_eq!(PageLimit::new(500).unwrap().get(), 500);
        for bad in [0, 501] {
            assert_eq!(PageLimit::new(bad).unwrap_err().field(), Some("limit"));
        }
        assert_eq!(PageOffset::new(-1).unwrap_err().field(), Some("offset"));
        let l: PageLimit = serde_json::from_str("\"20\"").unwrap();
        assert_eq!(l.get(), 20);
        let e: ExpiresIn = serde_json::from_str("24").unwrap();
        assert_eq!(e.as_hours(), 24);
        assert!(serde_json::from_str::<ExpiresIn>("721").is_err());
    }
}
