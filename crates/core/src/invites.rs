//! Invites (SPEC §3): create, list, revoke, preview and redeem. A direct invite's invitee
//! answers it in their inbox ([`crate::inbox`]).
//!
//! Redemption is atomic: inside one write transaction the invite is claimed by a guarded
//! `UPDATE … WHERE used_at IS NULL AND revoked_at IS NULL AND expires_at > now RETURNING`
//! and the membership inserted (`UNIQUE(band_id, user_id)`); any number of concurrent
//! redemptions of one invite yield exactly one membership.

use serde::{Deserialize, Serialize};

use crate::case::{Done, Route, UseCase, Who};
use crate::error::{Error, Result};
use crate::events::{Change, Changes, QueryTag};
use crate::hub::{Caller, Hub};
use crate::ids::{BandId, InviteId, UserId};
use crate::input::{ExpiresIn, InviteToken, PageLimit, PageOffset, Role};
use crate::model::{
    ActivityKind, CreatedInvite, InviteKind, InviteList, InvitePreview, InviteRecord, InviteStatus,
    Member, User,
};
use crate::store::{NewActivity, NewInvite, StoreError, Tx};

/// What joining a band announces.
pub(crate) const JOINING: &[&str] = &["my_bands", "members", "activity", "invites", "inbox"];

pub(crate) fn invalid_invite() -> Error {
    Error::NotFound("This invite is not valid.".into())
}

/// The error for redeeming an invite that is not pending.
pub(crate) fn not_redeemable(status: InviteStatus) -> Option<Error> {
    match status {
        InviteStatus::Pending => None,
        InviteStatus::Used => Some(Error::Conflict("This invite has already been used.".into())),
        InviteStatus::Expired => Some(Error::Gone(
            "This invite has expired. Ask for a new one.".into(),
        )),
        InviteStatus::Revoked => Some(Error::Gone(
            "This invite was revoked. Ask for a new one.".into(),
        )),
    }
}

fn already_member() -> Error {
    Error::Conflict("You are already a member of this band.".into())
}

/// What joining a band through `record` changed.
pub(crate) fn joined(record: &InviteRecord, user: UserId) -> Changes {
    let mut changes = Changes::new();
    changes
        .membership(record.band_id, user)
        .add(Change::Invites {
            band_id: record.band_id,
        });
    if record.kind == InviteKind::Direct {
        changes.add(Change::Inbox { user_id: user });
    }
    changes
}

/// Creates an invite (admins): a token invite, whose token is in this answer and nowhere
/// else, or, with `invitee_id`, a direct invite the invitee answers in their inbox.
#[derive(Debug, Clone, Serialize, Deserialize)]
#[cfg_attr(feature = "ts", derive(ts_rs::TS), ts(optional_fields = nullable))]
#[cfg_attr(feature = "openapi", derive(utoipa::ToSchema))]
pub struct CreateInvite {
    /// The band.
    pub band_id: BandId,
    /// The role it grants: `member` when not given.
    pub role: Option<Role>,
    /// How long it stays valid, in hours: 72 when not given.
    pub expires_in_hours: Option<ExpiresIn>,
    /// The registered user to invite directly; none for a token invite.
    pub invitee_id: Option<UserId>,
}

impl CreateInvite {
    /// A token invite to `band` with the defaults.
    pub fn token(band_id: BandId) -> Self {
        CreateInvite {
            band_id,
            role: None,
            expires_in_hours: None,
            invitee_id: None,
        }
    }
}

impl UseCase for CreateInvite {
    const NAME: &'static str = "create_invite";
    const ROUTE: Route = Route::post("/bands/{band_id}/invites").created();
    const WHO: Who = Who::Admin;
    const ANNOUNCES: &'static [&'static str] = &["invites", "activity", "inbox"];
    type Output = CreatedInvite;

    async fn run(self, hub: &Hub, caller: &Caller) -> Result<Done<CreatedInvite>> {
        let token = match self.invitee_id {
            None => Some(InviteToken::generate()?),
            Some(_) => None,
        };
        let (invite, changes) = create(hub, caller, &self, token.as_ref()).await?;
        Ok(Done::changed(
            CreatedInvite {
                invite,
                token: token.as_ref().map(InviteToken::expose),
                link: token.as_ref().map(InviteToken::link),
            },
            changes,
        ))
    }
}

async fn create(
    hub: &Hub,
    caller: &Caller,
    case: &CreateInvite,
    token: Option<&InviteToken>,
) -> Result<(crate::model::Invite, Changes)> {
    let (band, invitee) = (case.band_id, case.invitee_id);
    let role = case.role.unwrap_or(Role::Member);
    let mut tx = hub.store.write().await?;
    let me = hub.signed_in(&mut *tx, caller).await?;
    // The band is locked before the caller's role is read: a demotion or removal running
    // at the same time (which locks it too, and revokes the pending invites the former
    // admin made) is then either wholly before this check or wholly after this invite.
    tx.lock_band(band).await?;
    hub.require_admin(&mut *tx, band, me.id).await?;
    let now = hub.now();
    if let Some(invitee) = invitee {
        check_invitee(&mut *tx, band, invitee, now).await?;
    }
    let expires_in = case.expires_in_hours.unwrap_or_default();
    let id = tx
        .insert_invite(&NewInvite {
            band_id: band,
            kind: if invitee.is_some() {
                InviteKind::Direct
            } else {
                InviteKind::Token
            },
            token_hash: token.map(InviteToken::hash),
            role,
            created_by: me.id,
            created_at: now,
            expires_at: now.plus_secs(expires_in.as_secs()),
            invitee_id: invitee,
        })
        .await?;
    tx.insert_activity(&NewActivity {
        subject_user_id: invitee,
        subject_id: Some(id.0),
        detail: role.as_str().into(),
        ..hub.entry(band, me.id, ActivityKind::InviteCreated)
    })
    .await?;
    let invite = tx
        .invite_view(id, now)
        .await?
        .ok_or_else(|| Error::internal("invite vanished inside its own transaction"))?;
    tx.commit().await?;
    let mut changes = Changes::new();
    changes
        .add(Change::Invites { band_id: band })
        .add(Change::Activity { band_id: band });
    if let Some(user_id) = invitee {
        changes.add(Change::Inbox { user_id });
    }
    Ok((invite, changes))
}

/// A direct invite goes to a registered user who is neither a member nor invited already.
async fn check_invitee(
    tx: &mut dyn Tx,
    band: BandId,
    invitee: UserId,
    now: crate::clock::Timestamp,
) -> Result<()> {
    if tx.user(invitee).await?.is_none() {
        return Err(Error::invalid(
            "invitee_id",
            "There is no user with that id.",
        ));
    }
    if tx.role_of(band, invitee).await?.is_some() {
        return Err(Error::Conflict(
            "That person is already a member of this band.".into(),
        ));
    }
    if tx.has_pending_direct_invite(band, invitee, now).await? {
        return Err(Error::Conflict(
            "That person already has a pending invite to this band.".into(),
        ));
    }
    Ok(())
}

/// The band's invites, newest first, with total and pending counts (members). Never a
/// token or a token's hash.
#[derive(Debug, Clone, Serialize, Deserialize)]
#[cfg_attr(feature = "ts", derive(ts_rs::TS), ts(optional_fields = nullable))]
#[cfg_attr(feature = "openapi", derive(utoipa::ToSchema))]
pub struct ListInvites {
    /// The band.
    pub band_id: BandId,
    /// How many at most: 1–500, 100 when not given.
    pub limit: Option<PageLimit>,
    /// How many of the newest to skip: 0 when not given.
    pub offset: Option<PageOffset>,
}

impl ListInvites {
    /// The newest 100 invites of `band`.
    pub fn first_page(band_id: BandId) -> Self {
        ListInvites {
            band_id,
            limit: None,
            offset: None,
        }
    }
}

impl UseCase for ListInvites {
    const NAME: &'static str = "list_invites";
    const ROUTE: Route = Route::get("/bands/{band_id}/invites");
    const WHO: Who = Who::Member;
    const CACHED_AS: Option<QueryTag> = Some(QueryTag::Invites);
    type Output = InviteList;

    async fn run(self, hub: &Hub, caller: &Caller) -> Result<Done<InviteList>> {
        let band = self.band_id;
        let mut tx = hub.store.read().await?;
        let me = hub.signed_in(&mut *tx, caller).await?;
        hub.role_in(&mut *tx, band, me.id).await?;
        let now = hub.now();
        let (limit, offset) = (
            self.limit.unwrap_or_default(),
            self.offset.unwrap_or_default(),
        );
        let invites = tx
            .list_invites(band, now, limit.get(), offset.get())
            .await?;
        let (total, pending) = tx.invite_counts(band, now).await?;
        Ok(Done::read(InviteList {
            invites,
            total,
            pending,
        }))
    }
}

/// Revokes an invite (admins of its band). Revoking a used invite is a `conflict`;
/// revoking twice succeeds and changes nothing.
#[derive(Debug, Clone, Serialize, Deserialize)]
#[cfg_attr(feature = "ts", derive(ts_rs::TS))]
#[cfg_attr(feature = "openapi", derive(utoipa::ToSchema))]
pub struct RevokeInvite {
    /// The invite.
    pub invite_id: InviteId,
}

impl UseCase for RevokeInvite {
    const NAME: &'static str = "revoke_invite";
    const ROUTE: Route = Route::delete("/invites/{invite_id}");
    const WHO: Who = Who::Admin;
    const ANNOUNCES: &'static [&'static str] = &["invites", "activity", "inbox"];
    type Output = ();

    async fn run(self, hub: &Hub, caller: &Caller) -> Result<Done<()>> {
        let invite = self.invite_id;
        let mut tx = hub.store.write().await?;
        let me = hub.signed_in(&mut *tx, caller).await?;
        let record = tx
            .invite(invite)
            .await?
            .ok_or_else(|| Error::NotFound("There is no such invite.".into()))?;
        tx.lock_band(record.band_id).await?;
        hub.require_admin(&mut *tx, record.band_id, me.id).await?;
        match record.status(hub.now()) {
            InviteStatus::Used => {
                return Err(Error::Conflict(
                    "This invite has already been used; remove the member instead.".into(),
                ));
            }
            InviteStatus::Revoked => return Ok(Done::read(())),
            InviteStatus::Pending | InviteStatus::Expired => {}
        }
        if !tx.revoke_invite(invite, hub.now(), false).await? {
            return Ok(Done::read(()));
        }
        tx.insert_activity(&NewActivity {
            subject_user_id: record.invitee_id,
            subject_id: Some(invite.0),
            ..hub.entry(record.band_id, me.id, ActivityKind::InviteRevoked)
        })
        .await?;
        tx.commit().await?;
        let band_id = record.band_id;
        let mut changes = Changes::new();
        changes
            .add(Change::Invites { band_id })
            .add(Change::Activity { band_id });
        if let Some(user_id) = record.invitee_id {
            changes.add(Change::Inbox { user_id });
        }
        Ok(Done::changed((), changes))
    }
}

/// What a token invites to, for anyone holding it. Rate-limited per client address.
#[derive(Debug, Clone, Serialize, Deserialize)]
#[cfg_attr(feature = "ts", derive(ts_rs::TS))]
#[cfg_attr(feature = "openapi", derive(utoipa::ToSchema))]
pub struct PreviewInvite {
    /// The token, or the link or URL it was pasted as.
    pub token: InviteToken,
}

impl UseCase for PreviewInvite {
    const NAME: &'static str = "preview_invite";
    const ROUTE: Route = Route::get("/invites/{token}/info");
    const WHO: Who = Who::Anyone;
    const THROTTLED: bool = true;
    type Output = InvitePreview;

    async fn run(self, hub: &Hub, _caller: &Caller) -> Result<Done<InvitePreview>> {
        let mut tx = hub.store.read().await?;
        let record = tx
            .invite_by_token(&self.token.hash())
            .await?
            .ok_or_else(invalid_invite)?;
        let band = tx.band(record.band_id).await?.ok_or_else(invalid_invite)?;
        let inviter = tx
            .user(record.created_by)
            .await?
            .ok_or_else(invalid_invite)?;
        let status = record.status(hub.now());
        Ok(Done::read(InvitePreview {
            id: record.id,
            band_id: band.id,
            band_name: band.name,
            band_slug: band.slug,
            role: record.role,
            created_at: record.created_at,
            expires_at: record.expires_at,
            status,
            is_used: record.used_at.is_some(),
            invited_by: inviter.display_name,
            problem: not_redeemable(status).map(|e| e.message()),
        }))
    }
}

/// Joins the band of a token invite with its role. Rate-limited per client address.
#[derive(Debug, Clone, Serialize, Deserialize)]
#[cfg_attr(feature = "ts", derive(ts_rs::TS))]
#[cfg_attr(feature = "openapi", derive(utoipa::ToSchema))]
pub struct RedeemInvite {
    /// The token, or the link or URL it was pasted as.
    pub token: InviteToken,
}

impl UseCase for RedeemInvite {
    const NAME: &'static str = "redeem_invite";
    const ROUTE: Route = Route::post("/invites/{token}/accept");
    const WHO: Who = Who::NonMember;
    const ANNOUNCES: &'static [&'static str] = JOINING;
    const THROTTLED: bool = true;
    type Output = Member;

    async fn run(self, hub: &Hub, caller: &Caller) -> Result<Done<Member>> {
        let mut tx = hub.store.write().await?;
        let me = hub.signed_in(&mut *tx, caller).await?;
        let record = tx
            .invite_by_token(&self.token.hash())
            .await?
            .ok_or_else(invalid_invite)?;
        let member = join(hub, &mut *tx, &me, &record).await?;
        tx.commit().await?;
        Ok(Done::changed(member, joined(&record, me.id)))
    }
}

/// Claims `record` for `me` and inserts the membership, in the caller's transaction.
pub(crate) async fn join(
    hub: &Hub,
    tx: &mut dyn Tx,
    me: &User,
    record: &InviteRecord,
) -> Result<Member> {
    let now = hub.now();
    if let Some(e) = not_redeemable(record.status(now)) {
        return Err(e);
    }
    if tx.role_of(record.band_id, me.id).await?.is_some() {
        return Err(already_member());
    }
    if !tx.claim_invite(record.id, me.id, now).await? {
        // Another redemption won between our read and our guarded update.
        let status = tx
            .invite(record.id)
            .await?
            .map_or(InviteStatus::Used, |r| r.status(now));
        return Err(not_redeemable(status)
            .unwrap_or_else(|| Error::Conflict("This invite has already been used.".into())));
    }
    match tx
        .insert_member(record.band_id, me.id, record.role, now)
        .await
    {
        Ok(()) => {}
        Err(StoreError::UniqueViolation) => return Err(already_member()),
        Err(e) => return Err(e.into()),
    }
    for kind in [ActivityKind::InviteRedeemed, ActivityKind::MemberJoined] {
        tx.insert_activity(&NewActivity {
            subject_user_id: Some(me.id),
            subject_id: (kind == ActivityKind::InviteRedeemed).then_some(record.id.0),
            detail: record.role.as_str().into(),
            ..hub.entry(record.band_id, me.id, kind)
        })
        .await?;
    }
    tx.member(record.band_id, me.id)
        .await?
        .ok_or_else(|| Error::internal("membership vanished inside its own transaction"))
}
