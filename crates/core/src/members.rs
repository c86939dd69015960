//! A band's members: list, change a role, remove (or leave), and search the users who are
//! not members yet, for a direct invite.
//!
//! The last-admin rule (SPEC §1) is checked inside the write transaction after
//! [`Tx::lock_band`](crate::store::Tx::lock_band), so two admins demoting each other at once
//! cannot leave a band without an admin; the caller's own role is read after the lock too,
//! so an admin demoted a moment ago cannot still act as one.

use serde::{Deserialize, Serialize};

use crate::case::{Done, Route, UseCase, Who};
use crate::error::{Error, Result};
use crate::events::{Change, Changes, QueryTag};
use crate::hub::{Caller, Hub};
use crate::ids::{BandId, UserId};
use crate::input::{Role, SearchQuery};
use crate::model::{ActivityKind, Member, NonMember};
use crate::store::{NewActivity, Tx};

/// At most this many users come back from a non-member search (SPEC §8).
pub const SEARCH_LIMIT: i64 = 20;

/// What a change of a membership announces (it may revoke invites too).
const MEMBERSHIP: &[&str] = &["my_bands", "members", "activity", "invites", "inbox"];

fn last_admin() -> Error {
    Error::Conflict("A band needs at least one admin. Make someone else an admin first.".into())
}

fn not_a_member() -> Error {
    Error::NotFound("That person is not a member of this band.".into())
}

/// The band's members, admins first.
#[derive(Debug, Clone, Serialize, Deserialize)]
#[cfg_attr(feature = "ts", derive(ts_rs::TS))]
#[cfg_attr(feature = "openapi", derive(utoipa::ToSchema))]
pub struct ListMembers {
    /// The band.
    pub band_id: BandId,
}

impl UseCase for ListMembers {
    const NAME: &'static str = "list_members";
    const ROUTE: Route = Route::get("/bands/{band_id}/members");
    const WHO: Who = Who::Member;
    const CACHED_AS: Option<QueryTag> = Some(QueryTag::Members);
    type Output = Vec<Member>;

    async fn run(self, hub: &Hub, caller: &Caller) -> Result<Done<Vec<Member>>> {
        let mut tx = hub.store.read().await?;
        let me = hub.signed_in(&mut *tx, caller).await?;
        hub.role_in(&mut *tx, self.band_id, me.id).await?;
        Ok(Done::read(tx.members(self.band_id).await?))
    }
}

/// Changes a member's role (admins). Demoting the last admin is a `conflict`.
#[derive(Debug, Clone, Serialize, Deserialize)]
#[cfg_attr(feature = "ts", derive(ts_rs::TS))]
#[cfg_attr(feature = "openapi", derive(utoipa::ToSchema))]
pub struct ChangeRole {
    /// The band.
    pub band_id: BandId,
    /// The member's user id.
    pub member_id: UserId,
    /// Their new role.
    pub role: Role,
}

impl UseCase for ChangeRole {
    const NAME: &'static str = "change_role";
    const ROUTE: Route = Route::patch("/bands/{band_id}/members/{member_id}");
    const WHO: Who = Who::Admin;
    const ANNOUNCES: &'static [&'static str] = MEMBERSHIP;
    type Output = Member;

    async fn run(self, hub: &Hub, caller: &Caller) -> Result<Done<Member>> {
        let ChangeRole {
            band_id: band,
            member_id: member,
            role,
        } = self;
        let mut tx = hub.store.write().await?;
        let me = hub.signed_in(&mut *tx, caller).await?;
        // Locked before the caller's role is read, so two admins acting on each other at
        // once are ordered: the second sees what the first did (READ COMMITTED).
        tx.lock_band(band).await?;
        hub.require_admin(&mut *tx, band, me.id).await?;
        let current = tx.member(band, member).await?.ok_or_else(not_a_member)?;
        if current.role == role {
            return Ok(Done::read(current));
        }
        if current.role == Role::Admin && tx.admin_count(band).await? <= 1 {
            return Err(last_admin());
        }
        tx.set_role(band, member, role).await?;
        tx.insert_activity(&NewActivity {
            subject_user_id: Some(member),
            detail: role.as_str().into(),
            ..hub.entry(band, me.id, ActivityKind::RoleChanged)
        })
        .await?;
        let mut changes = Changes::new();
        changes.membership(band, member);
        if current.role == Role::Admin {
            revoke_invites_of_former_admin(hub, &mut *tx, band, me.id, member, &mut changes)
                .await?;
        }
        tx.commit().await?;
        Ok(Done::changed(Member { role, ..current }, changes))
    }
}

/// Removes a member: admins may remove anyone, anyone may remove themself (leaving).
/// Removing or leaving as the last admin is a `conflict`.
#[derive(Debug, Clone, Serialize, Deserialize)]
#[cfg_attr(feature = "ts", derive(ts_rs::TS))]
#[cfg_attr(feature = "openapi", derive(utoipa::ToSchema))]
pub struct RemoveMember {
    /// The band.
    pub band_id: BandId,
    /// The member's user id (the caller's own to leave).
    pub member_id: UserId,
}

impl UseCase for RemoveMember {
    const NAME: &'static str = "remove_member";
    const ROUTE: Route = Route::delete("/bands/{band_id}/members/{member_id}");
    const WHO: Who = Who::AdminOrSelf;
    const ANNOUNCES: &'static [&'static str] = MEMBERSHIP;
    type Output = ();

    async fn run(self, hub: &Hub, caller: &Caller) -> Result<Done<()>> {
        let (band, member) = (self.band_id, self.member_id);
        let mut tx = hub.store.write().await?;
        let me = hub.signed_in(&mut *tx, caller).await?;
        // As in `ChangeRole`: the lock first, then the caller's role.
        tx.lock_band(band).await?;
        let my_role = hub.role_in(&mut *tx, band, me.id).await?;
        let leaving = member == me.id;
        if !leaving && my_role != Role::Admin {
            return Err(Error::Forbidden(
                "Only the band's admins can remove members.".into(),
            ));
        }
        let target = tx.member(band, member).await?.ok_or_else(not_a_member)?;
        if target.role == Role::Admin && tx.admin_count(band).await? <= 1 {
            return Err(last_admin());
        }
        tx.delete_member(band, member).await?;
        let kind = if leaving {
            ActivityKind::MemberLeft
        } else {
            ActivityKind::MemberRemoved
        };
        tx.insert_activity(&NewActivity {
            subject_user_id: Some(member),
            ..hub.entry(band, me.id, kind)
        })
        .await?;
        let mut changes = Changes::new();
        changes.membership(band, member);
        if target.role == Role::Admin {
            revoke_invites_of_former_admin(hub, &mut *tx, band, me.id, member, &mut changes)
                .await?;
        }
        tx.commit().await?;
        Ok(Done::changed((), changes))
    }
}

/// An invite lives only as long as its creator's right to make it (SPEC §3): when
/// `former` stops being an admin of `band`, in the same transaction, their pending
/// invites for it are revoked and the log says so. Otherwise a removed admin could
/// redeem a long-lived admin invite of their own and take the band back.
async fn revoke_invites_of_former_admin(
    hub: &Hub,
    tx: &mut dyn Tx,
    band: BandId,
    actor: UserId,
    former: UserId,
    changes: &mut Changes,
) -> Result<()> {
    let invitees = tx
        .revoke_invites_created_by(band, former, hub.now())
        .await?;
    let revoked = invitees.len();
    if revoked > 0 {
        changes.add(Change::Invites { band_id: band });
        for user_id in invitees.into_iter().flatten() {
            changes.add(Change::Inbox { user_id });
        }
        tx.insert_activity(&NewActivity {
            subject_user_id: Some(former),
            detail: revoked.to_string(),
            ..hub.entry(band, actor, ActivityKind::CreatorInvitesRevoked)
        })
        .await?;
    }
    Ok(())
}

/// Registered users who are not in the band, for a direct invite (admins): at most 20.
#[derive(Debug, Clone, Serialize, Deserialize)]
#[cfg_attr(feature = "ts", derive(ts_rs::TS))]
#[cfg_attr(feature = "openapi", derive(utoipa::ToSchema))]
pub struct SearchNonMembers {
    /// The band.
    pub band_id: BandId,
    /// At least 2 characters of a username or display name.
    pub q: SearchQuery,
}

impl UseCase for SearchNonMembers {
    const NAME: &'static str = "search_non_members";
    const ROUTE: Route = Route::get("/bands/{band_id}/non-members");
    const WHO: Who = Who::Admin;
    const CACHED_AS: Option<QueryTag> = Some(QueryTag::NonMembers);
    type Output = Vec<NonMember>;

    async fn run(self, hub: &Hub, caller: &Caller) -> Result<Done<Vec<NonMember>>> {
        let mut tx = hub.store.read().await?;
        let me = hub.signed_in(&mut *tx, caller).await?;
        hub.require_admin(&mut *tx, self.band_id, me.id).await?;
        let found = tx
            .search_non_members(self.band_id, self.q.as_str(), hub.now(), SEARCH_LIMIT)
            .await?;
        Ok(Done::read(found))
    }
}
