//! What the use cases return. These records are the wire shape too (SPEC §8 field names),
//! so the Tauri commands and the HTTP API serialize the same struct and never drift apart.

use serde::{Deserialize, Serialize};

use crate::clock::Timestamp;
use crate::ids::{BandId, InviteId, SongId, UserId, VersionId};
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

/// A song and its versions, newest version first.
#[cfg_attr(feature = "ts", derive(ts_rs::TS))]
#[cfg_attr(feature = "openapi", derive(utoipa::ToSchema))]
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct Song {
    /// Its id.
    pub id: SongId,
    /// The band.
    pub band_id: BandId,
    /// Its title.
    pub title: String,
    /// Creation time.
    pub created_at: Timestamp,
    /// Its recordings.
    pub versions: Vec<Version>,
}

/// An accepted audio container.
#[cfg_attr(feature = "ts", derive(ts_rs::TS))]
#[cfg_attr(feature = "openapi", derive(utoipa::ToSchema))]
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, Serialize, Deserialize)]
#[serde(rename_all = "lowercase")]
pub enum AudioFormat {
    /// RIFF/WAVE.
    Wav,
    /// MPEG-1/2 Layer III.
    Mp3,
    /// Free Lossless Audio Codec.
    Flac,
    /// Ogg Vorbis.
    Ogg,
}

impl AudioFormat {
    /// As stored and sent.
    pub fn as_str(self) -> &'static str {
        match self {
            AudioFormat::Wav => "wav",
            AudioFormat::Mp3 => "mp3",
            AudioFormat::Flac => "flac",
            AudioFormat::Ogg => "ogg",
        }
    }

    /// From the stored text.
    pub fn from_db(s: &str) -> Option<Self> {
        match s {
            "wav" => Some(AudioFormat::Wav),
            "mp3" => Some(AudioFormat::Mp3),
            "flac" => Some(AudioFormat::Flac),
            "ogg" => Some(AudioFormat::Ogg),
            _ => None,
        }
    }

    /// The MIME type for streaming.
    pub fn mime_type(self) -> &'static str {
        match self {
            AudioFormat::Wav => "audio/wav",
            AudioFormat::Mp3 => "audio/mpeg",
            AudioFormat::Flac => "audio/flac",
            AudioFormat::Ogg => "audio/ogg",
        }
    }
}

/// A recording of a song.
#[cfg_attr(feature = "ts", derive(ts_rs::TS))]
#[cfg_attr(feature = "openapi", derive(utoipa::ToSchema))]
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct Version {
    /// Its id.
    pub id: VersionId,
    /// The song.
    pub song_id: SongId,
    /// Its label (defaults to the file name).
    pub label: String,
    /// The container format, detected from the bytes.
    pub format: AudioFormat,
    /// Size of the audio file.
    #[cfg_attr(feature = "ts", ts(type = "number"))]
    pub size_bytes: i64,
    /// Duration, when known.
    #[cfg_attr(feature = "ts", ts(type = "number | null"))]
    pub duration_ms: Option<i64>,
    /// Sample rate in Hz, when known.
    #[cfg_attr(feature = "ts", ts(type = "number | null"))]
    pub sample_rate: Option<i64>,
    /// Channel count, when known.
    #[cfg_attr(feature = "ts", ts(type = "number | null"))]
    pub channels: Option<i64>,
    /// Who uploaded it.
    pub uploaded_by: User,
    /// Upload time.
    pub created_at: Timestamp,
    /// Its comments and replies, deleted ones not counted.
    #[cfg_attr(feature = "ts", ts(type = "number"))]
    pub comment_count: i64,
    /// Its comments tagged `issue` not yet resolved.
    #[cfg_attr(feature = "ts", ts(type = "number"))]
    pub open_issues: i64,
    /// Its comments tagged `keeper`: the band likes this take (or a part of it).
    #[cfg_attr(feature = "ts", ts(type = "number"))]
    pub keepers: i64,
}

/// A version plus what only the core needs: its band and its blob.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct VersionRecord {
    /// The version as users see it.
    pub version: Version,
    /// The band its song belongs to.
    pub band_id: BandId,
    /// The SHA-256 (hex) naming its audio blob.
    pub blob_sha256: String,
    /// Bumped by every write to its comments (a cache key for their list).
    pub comments_rev: i64,
}

/// What happened in a band (SPEC §6).
#[cfg_attr(feature = "ts", derive(ts_rs::TS))]
#[cfg_attr(feature = "openapi", derive(utoipa::ToSchema))]
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, Serialize, Deserialize)]
#[serde(rename_all = "snake_case")]
pub enum ActivityKind {
    /// An admin created an invite.
    InviteCreated,
    /// An admin revoked an invite.
    InviteRevoked,
    /// Someone redeemed or accepted an invite.
    InviteRedeemed,
    /// The invitee declined a direct invite.
    InviteDeclined,
    /// A user became a member.
    MemberJoined,
    /// A member left.
    MemberLeft,
    /// An admin removed a member.
    MemberRemoved,
    /// An admin changed a member's role.
    RoleChanged,
    /// A song was created.
    SongAdded,
    /// A song was deleted.
    SongDeleted,
    /// A version was added.
    VersionAdded,
    /// A version was deleted.
    VersionDeleted,
    /// The pending invites of someone who stopped being an admin were revoked with it
    /// (`subject_user` is them, `detail` the number of invites).
    CreatorInvitesRevoked,
    /// A comment or a reply was written on a version (`subject_id` is the comment).
    CommentAdded,
    /// A comment or a reply was deleted.
    CommentDeleted,
    /// An admin renamed the band (`detail`: old → new).
    BandRenamed,
    /// A version's label changed (`subject_id` is the version, `detail`: old → new).
    VersionRelabeled,
}

impl ActivityKind {
    /// Every kind, for exhaustive tests and UI filters.
    pub const ALL: [ActivityKind; 17] = [
        ActivityKind::InviteCreated,
        ActivityKind::InviteRevoked,
        ActivityKind::InviteRedeemed,
        ActivityKind::InviteDeclined,
        ActivityKind::MemberJoined,
        ActivityKind::MemberLeft,
        ActivityKind::MemberRemoved,
        ActivityKind::RoleChanged,
        ActivityKind::SongAdded,
        ActivityKind::SongDeleted,
        ActivityKind::VersionAdded,
        ActivityKind::VersionDeleted,
        ActivityKind::CreatorInvitesRevoked,
        ActivityKind::CommentAdded,
        ActivityKind::CommentDeleted,
        ActivityKind::BandRenamed,
        ActivityKind::VersionRelabeled,
    ];

    /// As stored.
    pub fn as_str(self) -> &'static str {
        match self {
            ActivityKind::InviteCreated => "invite_created",
            ActivityKind::InviteRevoked => "invite_revoked",
            ActivityKind::InviteRedeemed => "invite_redeemed",
            ActivityKind::InviteDeclined => "invite_declined",
            ActivityKind::MemberJoined => "member_joined",
            ActivityKind::MemberLeft => "member_left",
            ActivityKind::MemberRemoved => "member_removed",
            ActivityKind::RoleChanged => "role_changed",
            ActivityKind::SongAdded => "song_added",
            ActivityKind::SongDeleted => "song_deleted",
            ActivityKind::VersionAdded => "version_added",
            ActivityKind::VersionDeleted => "version_deleted",
            ActivityKind::CreatorInvitesRevoked => "creator_invites_revoked",
            ActivityKind::CommentAdded => "comment_added",
            ActivityKind::CommentDeleted => "comment_deleted",
            ActivityKind::BandRenamed => "band_renamed",
            ActivityKind::VersionRelabeled => "version_relabeled",
        }
    }

    /// From the stored text.
    pub fn from_db(s: &str) -> Option<Self> {
        Self::ALL.into_iter().find(|k| k.as_str() == s)
    }
}

/// One entry of the activity log.
#[cfg_attr(feature = "ts", derive(ts_rs::TS))]
#[cfg_attr(feature = "openapi", derive(utoipa::ToSchema))]
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct ActivityEntry {
    /// Its id (increasing).
    #[cfg_attr(feature = "ts", ts(type = "number"))]
    pub id: i64,
    /// The band.
    pub band_id: BandId,
    /// Who did it.
    pub actor: User,
    /// What happened.
    pub kind: ActivityKind,
    /// The user it happened to, if any (the member removed, the new member, the invitee).
    pub subject_user: Option<User>,
    /// The id of the invite, song or version it concerns, if any.
    #[cfg_attr(feature = "ts", ts(type = "number | null"))]
    pub subject_id: Option<i64>,
    /// A short human detail: a role, a song title, a version label. Never a token.
    pub detail: String,
    /// When.
    pub at: Timestamp,
}

/// A version's waveform overview: for each of a fixed number of equal slices of the
/// recording, the lowest and the highest sample over all channels, scaled to `-127..=127`.
/// Eight bits per value is finer than any screen draws it and keeps a version's overview
/// at 2 KB.
#[cfg_attr(feature = "ts", derive(ts_rs::TS))]
#[cfg_attr(feature = "openapi", derive(utoipa::ToSchema))]
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct Waveform {
    /// Per slice, the lowest sample.
    pub min: Vec<i8>,
    /// Per slice, the highest sample.
    pub max: Vec<i8>,
}

impl Waveform {
    /// The stored form: `min, max` pairs, each value as its two's-complement byte.
    pub fn to_bytes(&self) -> Vec<u8> {
        self.min
            .iter()
            .zip(&self.max)
            .flat_map(|(lo, hi)| [lo.to_le_bytes()[0], hi.to_le_bytes()[0]])
            .collect()
    }

    /// Reads the stored form; `None` when it is not whole pairs.
    pub fn from_bytes(bytes: &[u8]) -> Option<Self> {
        if !bytes.len().is_multiple_of(2) {
            return None;
        }
        let (min, max) = bytes
            .chunks_exact(2)
            .map(|p| (i8::from_le_bytes([p[0]]), i8::from_le_bytes([p[1]])))
            .unzip();
        Some(Waveform { min, max })
    }

    /// How many slices it has.
    pub fn len(&self) -> usize {
        self.min.len()
    }

    /// Whether it has no slices.
    pub fn is_empty(&self) -> bool {
        self.min.is_empty()
    }
}

#[cfg(test)]
mod waveform_tests {
    use super::Waveform;

    #[test]
    fn stored_form_round_trips_signed_values() {
        let w = Waveform {
            min: vec![-127, -1, 0],
            max: vec![127, 1, 0],
        };
        let bytes = w.to_bytes();
        assert_eq!(bytes, vec![0x81, 0x7F, 0xFF, 0x01, 0x00, 0x00]);
        assert_eq!(Waveform::from_bytes(&bytes), Some(w));
        assert_eq!(Waveform::from_bytes(&[1, 2, 3]), None);
    }
}
