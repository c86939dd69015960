//! Invites (SPEC §3): create, list, revoke, preview, redeem, and the direct-invite inbox.
//!
//! Redemption is atomic: inside one write transaction the invite is claimed by a guarded
//! `UPDATE … WHERE used_at IS NULL AND revoked_at IS NULL AND expires_at > now RETURNING`
//! and the membership inserted (`UNIQUE(band_id, user_id)`); any number of concurrent
//! redemptions of one invite yield exactly one membership.

use crate::error::{Error, Result};
use crate::events::{Change, Changes};
use crate::hub::{Caller, Hub};
use crate::ids::{BandId, InviteId, UserId};
use crate::input::{ExpiresIn, InviteToken, Role};
use crate::model::{
    ActivityKind, CreatedInvite, InviteKind, InviteList, InvitePreview, InviteRecord, InviteStatus,
    Member, MyInvite, User,
};
use crate::store::{NewActivity, NewInvite, StoreError, Tx};

/// The largest page of a band's invite list.
pub const MAX_INVITE_PAGE: i64 = 500;

/// Which part of a band's invite list to return.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct InvitePage {
    limit: i64,
    offset: i64,
}

impl InvitePage {
    /// `limit` 1–500 (field `limit`), `offset` ≥ 0 (field `offset`).
    pub fn new(limit: i64, offset: i64) -> Result<Self> {
        if !(1..=MAX_INVITE_PAGE).contains(&limit) {
            return Err(Error::invalid(
                "limit",
                format!("Limit must be between 1 and {MAX_INVITE_PAGE}."),
            ));
        }
        if offset < 0 {
            return Err(Error::invalid("offset", "Offset cannot be negative."));
        }
        Ok(InvitePage { limit, offset })
    }

    /// How many invites at most.
    pub fn limit(self) -> i64 {
        self.limit
    }

    /// How many of the newest to skip.
    pub fn offset(self) -> i64 {
        self.offset
    }
}

impl Default for InvitePage {
    /// The newest 100 invites.
    fn default() -> Self {
        InvitePage {
            limit: 100,
            offset: 0,
        }
    }
}

fn invalid_invite() -> Error {
    Error::NotFound("This invite is not valid.".into())
}

/// The error for redeeming an invite that is not pending.
fn not_redeemable(status: InviteStatus) -> Option<Error> {
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
fn joined(record: &InviteRecord, user: UserId) -> Changes {
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

impl Hub {
    /// Creates a token invite (admins only). The token is in the result and nowhere else.
    pub async fn create_token_invite(
        &self,
        caller: &Caller,
        band: BandId,
        role: Role,
        expires_in: ExpiresIn,
    ) -> Result<CreatedInvite> {
        let token = InviteToken::generate()?;
        let created = self
            .create_invite(caller, band, role, expires_in, Some(&token), None)
            .await?;
        Ok(CreatedInvite {
            token: Some(token.expose()),
            link: Some(token.link()),
            ..created
        })
    }

    /// Invites a registered non-member directly (admins only); they answer in their inbox.
    pub async fn create_direct_invite(
        &self,
        caller: &Caller,
        band: BandId,
        invitee: UserId,
        role: Role,
        expires_in: ExpiresIn,
    ) -> Result<CreatedInvite> {
        self.create_invite(caller, band, role, expires_in, None, Some(invitee))
            .await
    }

    async fn create_invite(
        &self,
        caller: &Caller,
        band: BandId,
        role: Role,
        expires_in: ExpiresIn,
        token: Option<&InviteToken>,
        invitee: Option<UserId>,
    ) -> Result<CreatedInvite> {
        let mut tx = self.store.write().await?;
        let me = self.signed_in(&mut *tx, caller).await?;
        // The band is locked before the caller's role is read: a demotion or removal running
        // at the same time (which locks it too, and revokes the pending invites the former
        // admin made) is then either wholly before this check or wholly after this invite.
        tx.lock_band(band).await?;
        self.require_admin(&mut *tx, band, me.id).await?;
        let now = self.now();
        if let Some(invitee) = invitee {
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
        }
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
            ..self.entry(band, me.id, ActivityKind::InviteCreated)
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
        self.announce(changes);
        Ok(CreatedInvite {
            invite,
            token: None,
            link: None,
        })
    }

    /// The band's invites, newest first, with total and pending counts (members only).
    /// Never a token or a token's hash.
    pub async fn list_invites(
        &self,
        caller: &Caller,
        band: BandId,
        page: InvitePage,
    ) -> Result<InviteList> {
        let mut tx = self.store.read().await?;
        let me = self.signed_in(&mut *tx, caller).await?;
        self.role_in(&mut *tx, band, me.id).await?;
        let now = self.now();
        let invites = tx.list_invites(band, now, page.limit, page.offset).await?;
        let (total, pending) = tx.invite_counts(band, now).await?;
        Ok(InviteList {
            invites,
            total,
            pending,
        })
    }

    /// Revokes an invite (admins of its band). Revoking a used invite is a `conflict`;
    /// revoking twice succeeds and changes nothing.
    pub async fn revoke_invite(&self, caller: &Caller, invite: InviteId) -> Result<()> {
        let mut tx = self.store.write().await?;
        let me = self.signed_in(&mut *tx, caller).await?;
        let record = tx
            .invite(invite)
            .await?
            .ok_or_else(|| Error::NotFound("There is no such invite.".into()))?;
        tx.lock_band(record.band_id).await?;
        self.require_admin(&mut *tx, record.band_id, me.id).await?;
        match record.status(self.now()) {
            InviteStatus::Used => {
                return Err(Error::Conflict(
                    "This invite has already been used; remove the member instead.".into(),
                ));
            }
            InviteStatus::Revoked => return Ok(()),
            InviteStatus::Pending | InviteStatus::Expired => {}
        }
        let revoked = tx.revoke_invite(invite, self.now(), false).await?;
        if revoked {
            tx.insert_activity(&NewActivity {
                subject_user_id: record.invitee_id,
                subject_id: Some(invite.0),
                ..self.entry(record.band_id, me.id, ActivityKind::InviteRevoked)
            })
            .await?;
        }
        tx.commit().await?;
        if revoked {
            let mut changes = Changes::new();
            changes
                .add(Change::Invites {
                    band_id: record.band_id,
                })
                .add(Change::Activity {
                    band_id: record.band_id,
                });
            if let Some(user_id) = record.invitee_id {
                changes.add(Change::Inbox { user_id });
            }
            self.announce(changes);
        }
        Ok(())
    }

    /// What a token invites to, for anyone holding it (rate-limited by the server).
    pub async fn preview_invite(&self, token: &InviteToken) -> Result<InvitePreview> {
        let mut tx = self.store.read().await?;
        let record = tx
            .invite_by_token(&token.hash())
            .await?
            .ok_or_else(invalid_invite)?;
        let band = tx.band(record.band_id).await?.ok_or_else(invalid_invite)?;
        let inviter = tx
            .user(record.created_by)
            .await?
            .ok_or_else(invalid_invite)?;
        let status = record.status(self.now());
        Ok(InvitePreview {
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
        })
    }

    /// Redeems a token invite: the caller joins the band with the invite's role.
    pub async fn redeem_invite(&self, caller: &Caller, token: &InviteToken) -> Result<Member> {
        let mut tx = self.store.write().await?;
        let me = self.signed_in(&mut *tx, caller).await?;
        let record = tx
            .invite_by_token(&token.hash())
            .await?
            .ok_or_else(invalid_invite)?;
        let member = self.join(&mut *tx, &me, &record).await?;
        tx.commit().await?;
        self.announce(joined(&record, me.id));
        Ok(member)
    }

    /// Claims `record` for `me` and inserts the membership, in the caller's transaction.
    async fn join(&self, tx: &mut dyn Tx, me: &User, record: &InviteRecord) -> Result<Member> {
        let now = self.now();
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
        tx.insert_activity(&NewActivity {
            subject_user_id: Some(me.id),
            subject_id: Some(record.id.0),
            detail: record.role.as_str().into(),
            ..self.entry(record.band_id, me.id, ActivityKind::InviteRedeemed)
        })
        .await?;
        tx.insert_activity(&NewActivity {
            subject_user_id: Some(me.id),
            detail: record.role.as_str().into(),
            ..self.entry(record.band_id, me.id, ActivityKind::MemberJoined)
        })
        .await?;
        tx.member(record.band_id, me.id)
            .await?
            .ok_or_else(|| Error::internal("membership vanished inside its own transaction"))
    }

    /// The caller's pending direct invites, newest first.
    pub async fn list_my_invites(&self, caller: &Caller) -> Result<Vec<MyInvite>> {
        let mut tx = self.store.read().await?;
        let me = self.signed_in(&mut *tx, caller).await?;
        Ok(tx.my_invites(me.id, self.now()).await?)
    }

    /// A direct invite addressed to `me`; anyone else's looks like no invite at all.
    async fn my_direct_invite(
        &self,
        tx: &mut dyn Tx,
        me: &User,
        invite: InviteId,
    ) -> Result<InviteRecord> {
        match tx.invite(invite).await? {
            Some(r) if r.kind == InviteKind::Direct && r.invitee_id == Some(me.id) => Ok(r),
            _ => Err(invalid_invite()),
        }
    }

    /// Accepts one of the caller's direct invites.
    pub async fn accept_invite(&self, caller: &Caller, invite: InviteId) -> Result<Member> {
        let mut tx = self.store.write().await?;
        let me = self.signed_in(&mut *tx, caller).await?;
        let record = self.my_direct_invite(&mut *tx, &me, invite).await?;
        let member = self.join(&mut *tx, &me, &record).await?;
        tx.commit().await?;
        self.announce(joined(&record, me.id));
        Ok(member)
    }

    /// Declines one of the caller's direct invites.
    pub async fn decline_invite(&self, caller: &Caller, invite: InviteId) -> Result<()> {
        let mut tx = self.store.write().await?;
        let me = self.signed_in(&mut *tx, caller).await?;
        let record = self.my_direct_invite(&mut *tx, &me, invite).await?;
        if let Some(e) = not_redeemable(record.status(self.now())) {
            return Err(e);
        }
        let declined = tx.revoke_invite(invite, self.now(), true).await?;
        if declined {
            tx.insert_activity(&NewActivity {
                subject_user_id: Some(me.id),
                subject_id: Some(invite.0),
                ..self.entry(record.band_id, me.id, ActivityKind::InviteDeclined)
            })
            .await?;
        }
        tx.commit().await?;
        if declined {
            let mut changes = Changes::new();
            changes
                .add(Change::Inbox { user_id: me.id })
                .add(Change::Invites {
                    band_id: record.band_id,
                })
                .add(Change::Activity {
                    band_id: record.band_id,
                });
            self.announce(changes);
        }
        Ok(())
    }
}
