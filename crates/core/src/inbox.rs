//! The direct-invite inbox (SPEC §3): a user's pending direct invites, accepted or
//! declined by that user only.

use serde::{Deserialize, Serialize};

use crate::case::{Done, Route, UseCase, Who};
use crate::error::Result;
use crate::events::{Change, Changes, QueryTag};
use crate::hub::{Caller, Hub};
use crate::ids::InviteId;
use crate::invites::{JOINING, invalid_invite, join, joined, not_redeemable};
use crate::model::{ActivityKind, InviteKind, InviteRecord, Member, MyInvite, User};
use crate::store::{NewActivity, Tx};

/// A direct invite addressed to `me`; anyone else's looks like no invite at all.
async fn my_direct_invite(tx: &mut dyn Tx, me: &User, invite: InviteId) -> Result<InviteRecord> {
    match tx.invite(invite).await? {
        Some(r) if r.kind == InviteKind::Direct && r.invitee_id == Some(me.id) => Ok(r),
        _ => Err(invalid_invite()),
    }
}

/// The caller's pending direct invites, newest first.
#[derive(Debug, Clone, Default, Serialize, Deserialize)]
#[cfg_attr(feature = "ts", derive(ts_rs::TS))]
#[cfg_attr(feature = "openapi", derive(utoipa::ToSchema))]
pub struct ListMyInvites {}

impl UseCase for ListMyInvites {
    const NAME: &'static str = "list_my_invites";
    const ROUTE: Route = Route::get("/me/invites");
    const WHO: Who = Who::User;
    const CACHED_AS: Option<QueryTag> = Some(QueryTag::Inbox);
    type Output = Vec<MyInvite>;

    async fn run(self, hub: &Hub, caller: &Caller) -> Result<Done<Vec<MyInvite>>> {
        let mut tx = hub.store.read().await?;
        let me = hub.signed_in(&mut *tx, caller).await?;
        Ok(Done::read(tx.my_invites(me.id, hub.now()).await?))
    }
}

/// Accepts one of the caller's direct invites: they join the band.
#[derive(Debug, Clone, Serialize, Deserialize)]
#[cfg_attr(feature = "ts", derive(ts_rs::TS))]
#[cfg_attr(feature = "openapi", derive(utoipa::ToSchema))]
pub struct AcceptInvite {
    /// The invite.
    pub invite_id: InviteId,
}

impl UseCase for AcceptInvite {
    const NAME: &'static str = "accept_invite";
    const ROUTE: Route = Route::post("/me/invites/{invite_id}/accept");
    const WHO: Who = Who::Invitee;
    const ANNOUNCES: &'static [&'static str] = JOINING;
    type Output = Member;

    async fn run(self, hub: &Hub, caller: &Caller) -> Result<Done<Member>> {
        let mut tx = hub.store.write().await?;
        let me = hub.signed_in(&mut *tx, caller).await?;
        let record = my_direct_invite(&mut *tx, &me, self.invite_id).await?;
        let member = join(hub, &mut *tx, &me, &record).await?;
        tx.commit().await?;
        Ok(Done::changed(member, joined(&record, me.id)))
    }
}

/// Declines one of the caller's direct invites (it is revoked, and marked declined).
#[derive(Debug, Clone, Serialize, Deserialize)]
#[cfg_attr(feature = "ts", derive(ts_rs::TS))]
#[cfg_attr(feature = "openapi", derive(utoipa::ToSchema))]
pub struct DeclineInvite {
    /// The invite.
    pub invite_id: InviteId,
}

impl UseCase for DeclineInvite {
    const NAME: &'static str = "decline_invite";
    const ROUTE: Route = Route::post("/me/invites/{invite_id}/decline").no_content();
    const WHO: Who = Who::Invitee;
    const ANNOUNCES: &'static [&'static str] = &["inbox", "invites", "activity"];
    type Output = ();

    async fn run(self, hub: &Hub, caller: &Caller) -> Result<Done<()>> {
        let invite = self.invite_id;
        let mut tx = hub.store.write().await?;
        let me = hub.signed_in(&mut *tx, caller).await?;
        let record = my_direct_invite(&mut *tx, &me, invite).await?;
        if let Some(e) = not_redeemable(record.status(hub.now())) {
            return Err(e);
        }
        if !tx.revoke_invite(invite, hub.now(), true).await? {
            return Ok(Done::read(()));
        }
        tx.insert_activity(&NewActivity {
            subject_user_id: Some(me.id),
            subject_id: Some(invite.0),
            ..hub.entry(record.band_id, me.id, ActivityKind::InviteDeclined)
        })
        .await?;
        tx.commit().await?;
        let band_id = record.band_id;
        let mut changes = Changes::new();
        changes
            .add(Change::Inbox { user_id: me.id })
            .add(Change::Invites { band_id })
            .add(Change::Activity { band_id });
        Ok(Done::changed((), changes))
    }
}
