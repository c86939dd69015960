//! The JSON bodies and query strings of the HTTP API's requests (SPEC §8), shared by the
//! server that reads them and the client that writes them. Fields are plain text and
//! numbers on purpose: the server parses each into its core type ([`crate::Username`],
//! [`crate::Role`], …), so a bad value is an `invalid_input` naming that field rather than a
//! generic "bad JSON".
//!
//! Responses need no types here: they are the core's records ([`crate::model`]).

use serde::{Deserialize, Serialize};

/// `POST /auth/register`.
#[cfg_attr(feature = "openapi", derive(utoipa::ToSchema))]
#[derive(Debug, Clone, Serialize, Deserialize)]
pub struct RegisterRequest {
    /// 3–32 characters of `a-z 0-9 _ . -`.
    pub username: String,
    /// At least 8 characters, at most 1024 bytes.
    pub password: String,
    /// 1–64 characters; defaults to the username.
    #[serde(default)]
    pub display_name: Option<String>,
}

/// `POST /auth/login`.
#[cfg_attr(feature = "openapi", derive(utoipa::ToSchema))]
#[derive(Debug, Clone, Serialize, Deserialize)]
pub struct LoginRequest {
    /// The username.
    pub username: String,
    /// The password.
    pub password: String,
}

/// `POST /bands`.
#[cfg_attr(feature = "openapi", derive(utoipa::ToSchema))]
#[derive(Debug, Clone, Serialize, Deserialize)]
pub struct CreateBandRequest {
    /// The band's name.
    pub name: String,
}

/// `PATCH /bands/{band_id}/members/{member_id}`.
#[cfg_attr(feature = "openapi", derive(utoipa::ToSchema))]
#[derive(Debug, Clone, Serialize, Deserialize)]
pub struct ChangeRoleRequest {
    /// `admin` or `member`.
    pub role: String,
}

/// `POST /bands/{band_id}/invites`: a token invite, or a direct one when `invitee_id` is
/// given.
#[cfg_attr(feature = "openapi", derive(utoipa::ToSchema))]
#[derive(Debug, Clone, Default, Serialize, Deserialize)]
pub struct CreateInviteRequest {
    /// `member` (default) or `admin`.
    #[serde(default)]
    pub role: Option<String>,
    /// 1–720 hours; default 72.
    #[serde(default)]
    pub expires_in_hours: Option<i64>,
    /// The registered user to invite directly.
    #[serde(default)]
    pub invitee_id: Option<i64>,
}

/// `POST /bands/{band_id}/songs`.
#[cfg_attr(feature = "openapi", derive(utoipa::ToSchema))]
#[derive(Debug, Clone, Serialize, Deserialize)]
pub struct CreateSongRequest {
    /// 1–200 characters.
    pub title: String,
}

/// The query of `GET /bands/{band_id}/non-members`.
#[cfg_attr(
    feature = "openapi",
    derive(utoipa::IntoParams),
    into_params(parameter_in = Query)
)]
#[derive(Debug, Clone, Default, Serialize, Deserialize)]
pub struct NonMemberQuery {
    /// At least 2 characters of a username or display name.
    #[serde(default)]
    pub q: Option<String>,
}

/// The query of `GET /bands/{band_id}/invites`.
#[cfg_attr(
    feature = "openapi",
    derive(utoipa::IntoParams),
    into_params(parameter_in = Query)
)]
#[derive(Debug, Clone, Default, Serialize, Deserialize)]
pub struct InviteListQuery {
    /// 1–500, default 100.
    #[serde(default)]
    pub limit: Option<String>,
    /// ≥ 0, default 0.
    #[serde(default)]
    pub offset: Option<String>,
}

/// `POST /versions/{version_id}/comments`.
#[cfg_attr(feature = "openapi", derive(utoipa::ToSchema))]
#[derive(Debug, Clone, Serialize, Deserialize)]
pub struct CreateCommentRequest {
    /// The moment, or the start of the range, in ms from the start (within the recording).
    pub at_ms: i64,
    /// The end of the range, in ms (after `at_ms`, within the recording).
    #[serde(default)]
    pub until_ms: Option<i64>,
    /// 1–2,000 characters.
    pub body: String,
    /// `note` (default), `suggestion`, `issue` or `keeper`.
    #[serde(default)]
    pub tag: Option<String>,
}

/// `POST /comments/{comment_id}/replies`.
#[cfg_attr(feature = "openapi", derive(utoipa::ToSchema))]
#[derive(Debug, Clone, Serialize, Deserialize)]
pub struct ReplyRequest {
    /// 1–2,000 characters.
    pub body: String,
}

/// `PATCH /comments/{comment_id}`: what to change; absent fields stay.
#[cfg_attr(feature = "openapi", derive(utoipa::ToSchema))]
#[derive(Debug, Clone, Default, Serialize, Deserialize)]
pub struct UpdateCommentRequest {
    /// New text (its author only).
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub body: Option<String>,
    /// New tag (its author only).
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub tag: Option<String>,
    /// Resolve (`true`) or reopen (`false`) an issue (any member).
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub resolved: Option<bool>,
}
