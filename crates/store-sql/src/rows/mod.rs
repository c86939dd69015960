//! Row types decoded by both databases, and their conversion to core records; a
//! version's comments, read as one JSON array, are in [`comments`].

pub mod comments;
pub mod music;
pub use comments::*;
pub use music::*;

use rehearsalhub_core::{
    ActivityEntry, ActivityKind, Band, BandId, BandRecord, Invite, InviteId, InviteKind,
    InviteRecord, Member, MyInvite, NonMember, RevokeReason, Role, StoreError, Timestamp, User,
    UserId, Username, derive_status,
};

pub(crate) fn corrupt(what: &str, value: &str) -> StoreError {
    StoreError::Backend(format!("corrupt row: unknown {what} {value:?}"))
}

fn role(s: &str) -> Result<Role, StoreError> {
    Role::parse(s).map_err(|_| corrupt("role", s))
}

pub(crate) fn ts(secs: i64) -> Timestamp {
    Timestamp::from_unix(secs)
}

fn username(s: &str) -> Result<Username, StoreError> {
    Username::parse(s).map_err(|_| corrupt("username", s))
}

pub(crate) fn user(id: i64, name: String, display_name: String) -> Result<User, StoreError> {
    Ok(User {
        id: UserId(id),
        username: username(&name)?,
        display_name,
    })
}

pub(crate) fn opt_user(
    id: Option<i64>,
    name: Option<String>,
    display_name: Option<String>,
) -> Result<Option<User>, StoreError> {
    match (id, name, display_name) {
        (Some(id), Some(name), Some(display_name)) => user(id, name, display_name).map(Some),
        _ => Ok(None),
    }
}

/// `users` (id, username, display_name).
#[derive(sqlx::FromRow)]
pub struct UserRow {
    id: i64,
    username: String,
    display_name: String,
}

impl TryFrom<UserRow> for User {
    type Error = StoreError;
    fn try_from(r: UserRow) -> Result<Self, StoreError> {
        user(r.id, r.username, r.display_name)
    }
}

/// A user and their password hash.
#[derive(sqlx::FromRow)]
pub struct UserPasswordRow {
    id: i64,
    username: String,
    display_name: String,
    password_hash: String,
}

impl UserPasswordRow {
    /// Splits into the user and the hash.
    pub fn split(self) -> Result<(User, String), StoreError> {
        Ok((
            user(self.id, self.username, self.display_name)?,
            self.password_hash,
        ))
    }
}

/// `bands`.
#[derive(sqlx::FromRow)]
pub struct BandRow {
    id: i64,
    name: String,
    slug: String,
    created_at: i64,
}

impl From<BandRow> for BandRecord {
    fn from(r: BandRow) -> Self {
        BandRecord {
            id: BandId(r.id),
            name: r.name,
            slug: r.slug,
            created_at: ts(r.created_at),
        }
    }
}

/// A band with the reader's role.
#[derive(sqlx::FromRow)]
pub struct MyBandRow {
    id: i64,
    name: String,
    slug: String,
    created_at: i64,
    my_role: String,
}

impl TryFrom<MyBandRow> for Band {
    type Error = StoreError;
    fn try_from(r: MyBandRow) -> Result<Self, StoreError> {
        Ok(Band {
            id: BandId(r.id),
            name: r.name,
            slug: r.slug,
            created_at: ts(r.created_at),
            my_role: role(&r.my_role)?,
        })
    }
}

/// A membership with the member's names.
#[derive(sqlx::FromRow)]
pub struct MemberRow {
    band_id: i64,
    member_id: i64,
    username: String,
    display_name: String,
    role: String,
    joined_at: i64,
}

impl TryFrom<MemberRow> for Member {
    type Error = StoreError;
    fn try_from(r: MemberRow) -> Result<Self, StoreError> {
        Ok(Member {
            band_id: BandId(r.band_id),
            member_id: UserId(r.member_id),
            username: username(&r.username)?,
            display_name: r.display_name,
            role: role(&r.role)?,
            joined_at: ts(r.joined_at),
        })
    }
}

/// A non-member search hit.
#[derive(sqlx::FromRow)]
pub struct NonMemberRow {
    id: i64,
    username: String,
    display_name: String,
    invited: i64,
}

impl TryFrom<NonMemberRow> for NonMember {
    type Error = StoreError;
    fn try_from(r: NonMemberRow) -> Result<Self, StoreError> {
        Ok(NonMember {
            id: UserId(r.id),
            username: username(&r.username)?,
            display_name: r.display_name,
            invited: r.invited > 0,
        })
    }
}

/// `invites`, without the token hash.
#[derive(sqlx::FromRow)]
pub struct InviteRow {
    id: i64,
    band_id: i64,
    kind: String,
    role: String,
    created_by: i64,
    created_at: i64,
    expires_at: i64,
    invitee_id: Option<i64>,
    used_at: Option<i64>,
    used_by: Option<i64>,
    revoked_at: Option<i64>,
    declined_at: Option<i64>,
}

impl TryFrom<InviteRow> for InviteRecord {
    type Error = StoreError;
    fn try_from(r: InviteRow) -> Result<Self, StoreError> {
        Ok(InviteRecord {
            id: InviteId(r.id),
            band_id: BandId(r.band_id),
            kind: InviteKind::from_db(&r.kind).ok_or_else(|| corrupt("invite kind", &r.kind))?,
            role: role(&r.role)?,
            created_by: UserId(r.created_by),
            created_at: ts(r.created_at),
            expires_at: ts(r.expires_at),
            invitee_id: r.invitee_id.map(UserId),
            used_at: r.used_at.map(ts),
            used_by: r.used_by.map(UserId),
            revoked_at: r.revoked_at.map(ts),
            declined_at: r.declined_at.map(ts),
        })
    }
}

/// An invite as listed, with the people it names.
#[derive(sqlx::FromRow)]
pub struct InviteListRow {
    id: i64,
    band_id: i64,
    kind: String,
    role: String,
    created_at: i64,
    expires_at: i64,
    used_at: Option<i64>,
    revoked_at: Option<i64>,
    declined_at: Option<i64>,
    revoked_reason: Option<String>,
    cb_id: i64,
    cb_username: String,
    cb_display_name: String,
    ub_id: Option<i64>,
    ub_username: Option<String>,
    ub_display_name: Option<String>,
    iv_id: Option<i64>,
    iv_username: Option<String>,
    iv_display_name: Option<String>,
}

impl InviteListRow {
    /// The list item, its status derived at `now`.
    pub fn into_invite(self, now: Timestamp) -> Result<Invite, StoreError> {
        let used_at = self.used_at.map(ts);
        let revoked_at = self.revoked_at.map(ts);
        let expires_at = ts(self.expires_at);
        Ok(Invite {
            id: InviteId(self.id),
            band_id: BandId(self.band_id),
            kind: InviteKind::from_db(&self.kind)
                .ok_or_else(|| corrupt("invite kind", &self.kind))?,
            role: role(&self.role)?,
            status: derive_status(revoked_at, used_at, expires_at, now),
            is_used: used_at.is_some(),
            created_at: ts(self.created_at),
            created_by: user(self.cb_id, self.cb_username, self.cb_display_name)?,
            expires_at,
            used_at,
            used_by: opt_user(self.ub_id, self.ub_username, self.ub_display_name)?,
            revoked_at,
            declined_at: self.declined_at.map(ts),
            revoked_reason: RevokeReason::derive(
                revoked_at,
                self.revoked_reason.as_deref(),
                self.declined_at.map(ts),
            ),
            invitee: opt_user(self.iv_id, self.iv_username, self.iv_display_name)?,
        })
    }
}

/// An inbox entry.
#[derive(sqlx::FromRow)]
pub struct MyInviteRow {
    id: i64,
    band_id: i64,
    band_name: String,
    role: String,
    invited_by: String,
    created_at: i64,
    expires_at: i64,
}

impl TryFrom<MyInviteRow> for MyInvite {
    type Error = StoreError;
    fn try_from(r: MyInviteRow) -> Result<Self, StoreError> {
        Ok(MyInvite {
            id: InviteId(r.id),
            band_id: BandId(r.band_id),
            band_name: r.band_name,
            role: role(&r.role)?,
            invited_by: r.invited_by,
            created_at: ts(r.created_at),
            expires_at: ts(r.expires_at),
        })
    }
}

/// An activity entry with its people.
#[derive(sqlx::FromRow)]
pub struct ActivityRow {
    id: i64,
    band_id: i64,
    kind: String,
    subject_id: Option<i64>,
    detail: String,
    at: i64,
    actor_id: i64,
    actor_username: String,
    actor_display_name: String,
    su_id: Option<i64>,
    su_username: Option<String>,
    su_display_name: Option<String>,
}

impl TryFrom<ActivityRow> for ActivityEntry {
    type Error = StoreError;
    fn try_from(r: ActivityRow) -> Result<Self, StoreError> {
        Ok(ActivityEntry {
            id: r.id,
            band_id: BandId(r.band_id),
            actor: user(r.actor_id, r.actor_username, r.actor_display_name)?,
            kind: ActivityKind::from_db(&r.kind)
                .ok_or_else(|| corrupt("activity kind", &r.kind))?,
            subject_user: opt_user(r.su_id, r.su_username, r.su_display_name)?,
            subject_id: r.subject_id,
            detail: r.detail,
            at: ts(r.at),
        })
    }
}
