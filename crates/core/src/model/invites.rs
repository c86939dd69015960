//! Invites as the use cases return them: their kind, status and why one was revoked,
//! the list a band's members see, a created invite, a preview, the inbox.

use serde::{Deserialize, Serialize};

use super::User;
use crate::clock::Timestamp;
use crate::ids::{BandId, InviteId, UserId};
use crate::input::Role;

/// Token invites are passed around as text; direct invites are bound to one registered user.
#[cfg_attr(feature = "ts", derive(ts_rs::TS))]
#[cfg_attr(feature = "openapi", derive(utoipa::ToSchema))]
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, Serialize, Deserialize)]
#[serde(rename_all = "lowercase")]
pub enum InviteKind {
    /// Shared as a token or link; first redeemer joins.
    Token,
    /// Bound to one user, answered in their inbox.
    Direct,
}

impl InviteKind {
    /// As stored.
    pub fn as_str(self) -> &'static str {
        match self {
            InviteKind::Token => "token",
            InviteKind::Direct => "direct",
        }
    }

    /// From the stored text.
    pub fn from_db(s: &str) -> Option<Self> {
        match s {
            "token" => Some(InviteKind::Token),
            "direct" => Some(InviteKind::Direct),
            _ => None,
        }
    }
}

/// An invite's status, derived in this order: revoked, used, expired, pending (SPEC §3).
#[cfg_attr(feature = "ts", derive(ts_rs::TS))]
#[cfg_attr(feature = "openapi", derive(utoipa::ToSchema))]
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, Serialize, Deserialize)]
#[serde(rename_all = "lowercase")]
pub enum InviteStatus {
    /// Can still be redeemed.
    Pending,
    /// Redeemed (or accepted) by someone.
    Used,
    /// Past its expiry.
    Expired,
    /// Revoked by an admin, or declined by its invitee.
    Revoked,
}

/// Why a revoked invite stopped working.
#[cfg_attr(feature = "ts", derive(ts_rs::TS))]
#[cfg_attr(feature = "openapi", derive(utoipa::ToSchema))]
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, Serialize, Deserialize)]
#[serde(rename_all = "snake_case")]
pub enum RevokeReason {
    /// An admin revoked it.
    Admin,
    /// Its invitee declined it (direct invites).
    Declined,
    /// Its creator stopped being an admin of the band (removed, demoted or left), and an
    /// invite lives only as long as its creator's right to make it (SPEC §3).
    CreatorNotAdmin,
}

impl RevokeReason {
    /// As stored (only the reason that is not derivable from other columns is stored).
    pub const CREATOR_NOT_ADMIN: &'static str = "creator_not_admin";

    /// The reason of an invite revoked at `revoked_at`, from the stored reason and the
    /// decline time.
    pub fn derive(
        revoked_at: Option<Timestamp>,
        stored: Option<&str>,
        declined_at: Option<Timestamp>,
    ) -> Option<Self> {
        revoked_at?;
        Some(if stored == Some(Self::CREATOR_NOT_ADMIN) {
            RevokeReason::CreatorNotAdmin
        } else if declined_at.is_some() {
            RevokeReason::Declined
        } else {
            RevokeReason::Admin
        })
    }
}

/// An invite's stored facts, from which its status is derived.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct InviteRecord {
    /// Its id.
    pub id: InviteId,
    /// The band it admits to.
    pub band_id: BandId,
    /// Token or direct.
    pub kind: InviteKind,
    /// The role the new member gets.
    pub role: Role,
    /// The admin who created it.
    pub created_by: UserId,
    /// Creation time.
    pub created_at: Timestamp,
    /// The first instant at which it no longer works.
    pub expires_at: Timestamp,
    /// The invited user, for direct invites.
    pub invitee_id: Option<UserId>,
    /// When it was redeemed.
    pub used_at: Option<Timestamp>,
    /// Who redeemed it.
    pub used_by: Option<UserId>,
    /// When it was revoked (or declined).
    pub revoked_at: Option<Timestamp>,
    /// When its invitee declined it (a decline also sets `revoked_at`).
    pub declined_at: Option<Timestamp>,
}

impl InviteRecord {
    /// The status at `now`.
    pub fn status(&self, now: Timestamp) -> InviteStatus {
        derive_status(self.revoked_at, self.used_at, self.expires_at, now)
    }
}

/// The status rule, shared by every view of an invite.
pub fn derive_status(
    revoked_at: Option<Timestamp>,
    used_at: Option<Timestamp>,
    expires_at: Timestamp,
    now: Timestamp,
) -> InviteStatus {
    if revoked_at.is_some() {
        InviteStatus::Revoked
    } else if used_at.is_some() {
        InviteStatus::Used
    } else if now >= expires_at {
        InviteStatus::Expired
    } else {
        InviteStatus::Pending
    }
}

/// One row of a band's invite list. It never carries a token or a token's hash.
#[cfg_attr(feature = "ts", derive(ts_rs::TS))]
#[cfg_attr(feature = "openapi", derive(utoipa::ToSchema))]
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct Invite {
    /// Its id.
    pub id: InviteId,
    /// The band.
    pub band_id: BandId,
    /// Token or direct.
    pub kind: InviteKind,
    /// The role it grants.
    pub role: Role,
    /// Derived status.
    pub status: InviteStatus,
    /// Whether someone redeemed it.
    pub is_used: bool,
    /// Creation time.
    pub created_at: Timestamp,
    /// The admin who created it.
    pub created_by: User,
    /// Expiry.
    pub expires_at: Timestamp,
    /// Redemption time.
    pub used_at: Option<Timestamp>,
    /// Who redeemed it.
    pub used_by: Option<User>,
    /// Revocation time.
    pub revoked_at: Option<Timestamp>,
    /// When the invitee declined it (direct invites).
    pub declined_at: Option<Timestamp>,
    /// Why it was revoked, when it was.
    pub revoked_reason: Option<RevokeReason>,
    /// The invited user (direct invites).
    pub invitee: Option<User>,
}

/// A band's invites, newest first, with counts.
#[cfg_attr(feature = "ts", derive(ts_rs::TS))]
#[cfg_attr(feature = "openapi", derive(utoipa::ToSchema))]
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct InviteList {
    /// The invites.
    pub invites: Vec<Invite>,
    /// How many invites the band has in all.
    #[cfg_attr(feature = "ts", ts(type = "number"))]
    pub total: i64,
    /// How many are pending now.
    #[cfg_attr(feature = "ts", ts(type = "number"))]
    pub pending: i64,
}

/// A freshly created invite. `token` and `link` are present only for token invites, and only
/// in this response: the database cannot give them back.
#[cfg_attr(feature = "ts", derive(ts_rs::TS))]
#[cfg_attr(feature = "openapi", derive(utoipa::ToSchema))]
#[derive(Debug, Clone, Serialize, Deserialize)]
pub struct CreatedInvite {
    /// The invite as the list shows it.
    pub invite: Invite,
    /// The token, shown once.
    pub token: Option<String>,
    /// `rehearsalhub://invite/<token>`, shown once.
    pub link: Option<String>,
}

/// What anyone holding a token may learn before joining (SPEC §3).
#[cfg_attr(feature = "ts", derive(ts_rs::TS))]
#[cfg_attr(feature = "openapi", derive(utoipa::ToSchema))]
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct InvitePreview {
    /// The invite's id.
    pub id: InviteId,
    /// The band's id.
    pub band_id: BandId,
    /// The band's name.
    pub band_name: String,
    /// The band's slug.
    pub band_slug: String,
    /// The role on joining.
    pub role: Role,
    /// Creation time.
    pub created_at: Timestamp,
    /// Expiry.
    pub expires_at: Timestamp,
    /// Derived status.
    pub status: InviteStatus,
    /// Whether it was redeemed.
    pub is_used: bool,
    /// The inviting admin's display name.
    pub invited_by: String,
    /// Why it cannot be redeemed now (used, expired, revoked), in the words redeeming it
    /// would fail with; `None` while pending.
    pub problem: Option<String>,
}

/// One of my pending direct invites, as the inbox shows it.
#[cfg_attr(feature = "ts", derive(ts_rs::TS))]
#[cfg_attr(feature = "openapi", derive(utoipa::ToSchema))]
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct MyInvite {
    /// The invite's id (accept or decline by it).
    pub id: InviteId,
    /// The band's id.
    pub band_id: BandId,
    /// The band's name.
    pub band_name: String,
    /// The role on joining.
    pub role: Role,
    /// The inviting admin's display name.
    pub invited_by: String,
    /// Creation time.
    pub created_at: Timestamp,
    /// Expiry.
    pub expires_at: Timestamp,
}
