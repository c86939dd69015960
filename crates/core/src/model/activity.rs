//! The activity log (SPEC §6): what happened in a band, by whom, to whom.

use serde::{Deserialize, Serialize};

use super::User;
use crate::clock::Timestamp;
use crate::ids::BandId;

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
    /// A song's title changed (`subject_id` is the song, `detail`: old → new).
    SongRenamed,
    /// One of a song's details changed (`subject_id` is the song, `detail`: which, old → new).
    SongDetailsChanged,
    /// A member created a rehearsal session (`subject_id` is the session, `detail` its date).
    SessionCreated,
    /// A member changed a session's date, place or notes (`detail`: what changed).
    SessionEdited,
    /// A member deleted a session; its takes stayed, unsorted (`detail` its date).
    SessionDeleted,
    /// A version moved into, out of or between sessions (`subject_id` is the version).
    VersionMoved,
}

impl ActivityKind {
    /// Every kind, for exhaustive tests and UI filters.
    pub const ALL: [ActivityKind; 23] = [
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
        ActivityKind::SongRenamed,
        ActivityKind::SongDetailsChanged,
        ActivityKind::SessionCreated,
        ActivityKind::SessionEdited,
        ActivityKind::SessionDeleted,
        ActivityKind::VersionMoved,
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
            ActivityKind::SongRenamed => "song_renamed",
            ActivityKind::SongDetailsChanged => "song_details_changed",
            ActivityKind::SessionCreated => "session_created",
            ActivityKind::SessionEdited => "session_edited",
            ActivityKind::SessionDeleted => "session_deleted",
            ActivityKind::VersionMoved => "version_moved",
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
