//! People: accounts, bands as their members see them, memberships, and users found by
//! an admin's search.

use serde::{Deserialize, Serialize};

use crate::clock::Timestamp;
use crate::ids::{BandId, UserId};
use crate::input::{Role, Username};

/// A registered account as others see it.
#[cfg_attr(feature = "ts", derive(ts_rs::TS))]
#[cfg_attr(feature = "openapi", derive(utoipa::ToSchema))]
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct User {
    /// Its id.
    pub id: UserId,
    /// Canonical (lower-case) username.
    #[cfg_attr(feature = "ts", ts(type = "string"))]
    #[cfg_attr(feature = "openapi", schema(value_type = String))]
    pub username: Username,
    /// The name shown to band mates.
    pub display_name: String,
}

/// The result of registering or signing in: the user and a session token, shown once.
#[cfg_attr(feature = "ts", derive(ts_rs::TS))]
#[cfg_attr(feature = "openapi", derive(utoipa::ToSchema))]
#[derive(Debug, Clone, Serialize, Deserialize)]
pub struct SignedIn {
    /// Who signed in.
    pub user: User,
    /// The opaque session token, for the keychain or an `Authorization: Bearer` header.
    pub token: String,
}

/// A band as seen by one of its members.
#[cfg_attr(feature = "ts", derive(ts_rs::TS))]
#[cfg_attr(feature = "openapi", derive(utoipa::ToSchema))]
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct Band {
    /// Its id.
    pub id: BandId,
    /// Its name.
    pub name: String,
    /// A URL-friendly, unique form of the name.
    pub slug: String,
    /// When it was created.
    pub created_at: Timestamp,
    /// The caller's role in it.
    pub my_role: Role,
}

/// A band's own fields, as the store holds them.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct BandRecord {
    /// Its id.
    pub id: BandId,
    /// Its name.
    pub name: String,
    /// Its slug.
    pub slug: String,
    /// When it was created.
    pub created_at: Timestamp,
}

/// One membership.
#[cfg_attr(feature = "ts", derive(ts_rs::TS))]
#[cfg_attr(feature = "openapi", derive(utoipa::ToSchema))]
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct Member {
    /// The band.
    pub band_id: BandId,
    /// The member's user id.
    pub member_id: UserId,
    /// Their username.
    #[cfg_attr(feature = "ts", ts(type = "string"))]
    #[cfg_attr(feature = "openapi", schema(value_type = String))]
    pub username: Username,
    /// Their display name.
    pub display_name: String,
    /// Their role.
    pub role: Role,
    /// When they joined.
    pub joined_at: Timestamp,
}

/// A registered user who is not in the band, found by the admin's search.
#[cfg_attr(feature = "ts", derive(ts_rs::TS))]
#[cfg_attr(feature = "openapi", derive(utoipa::ToSchema))]
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct NonMember {
    /// Their id (pass it as `invitee_id`).
    pub id: UserId,
    /// Username.
    #[cfg_attr(feature = "ts", ts(type = "string"))]
    #[cfg_attr(feature = "openapi", schema(value_type = String))]
    pub username: Username,
    /// Display name.
    pub display_name: String,
    /// Whether a direct invite to this band is already pending for them.
    pub invited: bool,
}
