//! Invites. Part of the one implementation of the core's row traits (see `mod.rs`).

use rehearsalhub_core::*;
use rehearsalhub_store_sql::{db_err, rows, sql, sqlx};

#[async_trait::async_trait]
impl InviteRows for crate::Current {
    async fn insert_invite(&mut self, i: &NewInvite) -> StoreResult<InviteId> {
        let id: i64 = sqlx::query_scalar(sql::INSERT_INVITE)
            .bind(i.band_id.0)
            .bind(i.kind.as_str())
            .bind(i.token_hash.map(|h| h.0.to_vec()))
            .bind(i.role.as_str())
            .bind(i.created_by.0)
            .bind(i.created_at.unix())
            .bind(i.expires_at.unix())
            .bind(i.invitee_id.map(|u| u.0))
            .fetch_one(self.conn())
            .await
            .map_err(db_err)?;
        Ok(InviteId(id))
    }

    async fn invite(&mut self, id: InviteId) -> StoreResult<Option<InviteRecord>> {
        let row: Option<rows::InviteRow> = sqlx::query_as(sql::INVITE)
            .bind(id.0)
            .fetch_optional(self.conn())
            .await
            .map_err(db_err)?;
        row.map(TryInto::try_into).transpose()
    }

    async fn invite_by_token(&mut self, hash: &TokenHash) -> StoreResult<Option<InviteRecord>> {
        let row: Option<rows::InviteRow> = sqlx::query_as(sql::INVITE_BY_TOKEN)
            .bind(hash.0.to_vec())
            .fetch_optional(self.conn())
            .await
            .map_err(db_err)?;
        row.map(TryInto::try_into).transpose()
    }

    async fn claim_invite(
        &mut self,
        id: InviteId,
        user: UserId,
        now: Timestamp,
    ) -> StoreResult<bool> {
        let claimed: Option<i64> = sqlx::query_scalar(sql::CLAIM_INVITE)
            .bind(id.0)
            .bind(user.0)
            .bind(now.unix())
            .fetch_optional(self.conn())
            .await
            .map_err(db_err)?;
        Ok(claimed.is_some())
    }

    async fn revoke_invite(
        &mut self,
        id: InviteId,
        now: Timestamp,
        declined: bool,
    ) -> StoreResult<bool> {
        let revoked: Option<i64> = sqlx::query_scalar(sql::REVOKE_INVITE)
            .bind(id.0)
            .bind(now.unix())
            .bind(declined.then_some(now.unix()))
            .fetch_optional(self.conn())
            .await
            .map_err(db_err)?;
        Ok(revoked.is_some())
    }

    async fn revoke_invites_created_by(
        &mut self,
        band: BandId,
        creator: UserId,
        now: Timestamp,
    ) -> StoreResult<Vec<Option<UserId>>> {
        let invitees: Vec<Option<i64>> = sqlx::query_scalar(sql::REVOKE_INVITES_CREATED_BY)
            .bind(band.0)
            .bind(creator.0)
            .bind(now.unix())
            .fetch_all(self.conn())
            .await
            .map_err(db_err)?;
        Ok(invitees.into_iter().map(|u| u.map(UserId)).collect())
    }

    async fn list_invites(
        &mut self,
        band: BandId,
        now: Timestamp,
        limit: i64,
        offset: i64,
    ) -> StoreResult<Vec<Invite>> {
        let rows: Vec<rows::InviteListRow> = sqlx::query_as(sql::LIST_INVITES)
            .bind(band.0)
            .bind(limit)
            .bind(offset)
            .fetch_all(self.conn())
            .await
            .map_err(db_err)?;
        rows.into_iter().map(|r| r.into_invite(now)).collect()
    }

    async fn invite_view(&mut self, id: InviteId, now: Timestamp) -> StoreResult<Option<Invite>> {
        let row: Option<rows::InviteListRow> = sqlx::query_as(sql::INVITE_VIEW)
            .bind(id.0)
            .fetch_optional(self.conn())
            .await
            .map_err(db_err)?;
        row.map(|r| r.into_invite(now)).transpose()
    }

    async fn invite_counts(&mut self, band: BandId, now: Timestamp) -> StoreResult<(i64, i64)> {
        sqlx::query_as(sql::INVITE_COUNTS)
            .bind(band.0)
            .bind(now.unix())
            .fetch_one(self.conn())
            .await
            .map_err(db_err)
    }

    async fn has_pending_direct_invite(
        &mut self,
        band: BandId,
        user: UserId,
        now: Timestamp,
    ) -> StoreResult<bool> {
        let n: i64 = sqlx::query_scalar(sql::PENDING_DIRECT_COUNT)
            .bind(band.0)
            .bind(user.0)
            .bind(now.unix())
            .fetch_one(self.conn())
            .await
            .map_err(db_err)?;
        Ok(n > 0)
    }

    async fn my_invites(&mut self, user: UserId, now: Timestamp) -> StoreResult<Vec<MyInvite>> {
        let rows: Vec<rows::MyInviteRow> = sqlx::query_as(sql::MY_INVITES)
            .bind(user.0)
            .bind(now.unix())
            .fetch_all(self.conn())
            .await
            .map_err(db_err)?;
        rows.into_iter().map(TryInto::try_into).collect()
    }
}
