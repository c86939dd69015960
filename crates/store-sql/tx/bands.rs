//! Bands and memberships. Part of the one implementation of the core's row traits (see `mod.rs`).

use rehearsalhub_core::*;
use rehearsalhub_store_sql::{db_err, rows, sql, sqlx};

#[async_trait::async_trait]
impl BandRows for crate::Current {
    async fn slug_taken(&mut self, slug: &str) -> StoreResult<bool> {
        let n: i64 = sqlx::query_scalar(sql::SLUG_COUNT)
            .bind(slug)
            .fetch_one(self.conn())
            .await
            .map_err(db_err)?;
        Ok(n > 0)
    }

    async fn insert_band(
        &mut self,
        name: &str,
        slug: &str,
        created_by: UserId,
        now: Timestamp,
    ) -> StoreResult<BandRecord> {
        let row: rows::BandRow = sqlx::query_as(sql::INSERT_BAND)
            .bind(name)
            .bind(slug)
            .bind(created_by.0)
            .bind(now.unix())
            .fetch_one(self.conn())
            .await
            .map_err(db_err)?;
        Ok(row.into())
    }

    async fn rename_band(&mut self, id: BandId, name: &str) -> StoreResult<()> {
        sqlx::query(sql::RENAME_BAND)
            .bind(id.0)
            .bind(name)
            .execute(self.conn())
            .await
            .map_err(db_err)?;
        Ok(())
    }

    async fn band(&mut self, id: BandId) -> StoreResult<Option<BandRecord>> {
        let row: Option<rows::BandRow> = sqlx::query_as(sql::BAND)
            .bind(id.0)
            .fetch_optional(self.conn())
            .await
            .map_err(db_err)?;
        Ok(row.map(Into::into))
    }

    async fn bands_of(&mut self, user: UserId) -> StoreResult<Vec<Band>> {
        let rows: Vec<rows::MyBandRow> = sqlx::query_as(sql::BANDS_OF)
            .bind(user.0)
            .fetch_all(self.conn())
            .await
            .map_err(db_err)?;
        rows.into_iter().map(TryInto::try_into).collect()
    }

    async fn role_of(&mut self, band: BandId, user: UserId) -> StoreResult<Option<Role>> {
        let role: Option<String> = sqlx::query_scalar(sql::ROLE_OF)
            .bind(band.0)
            .bind(user.0)
            .fetch_optional(self.conn())
            .await
            .map_err(db_err)?;
        role.map(|r| {
            Role::parse(&r).map_err(|_| StoreError::Backend(format!("corrupt role {r:?}")))
        })
        .transpose()
    }

    async fn insert_member(
        &mut self,
        band: BandId,
        user: UserId,
        role: Role,
        now: Timestamp,
    ) -> StoreResult<()> {
        sqlx::query(sql::INSERT_MEMBER)
            .bind(band.0)
            .bind(user.0)
            .bind(role.as_str())
            .bind(now.unix())
            .execute(self.conn())
            .await
            .map_err(db_err)?;
        Ok(())
    }

    async fn member(&mut self, band: BandId, user: UserId) -> StoreResult<Option<Member>> {
        let row: Option<rows::MemberRow> = sqlx::query_as(sql::MEMBER)
            .bind(band.0)
            .bind(user.0)
            .fetch_optional(self.conn())
            .await
            .map_err(db_err)?;
        row.map(TryInto::try_into).transpose()
    }

    async fn members(&mut self, band: BandId) -> StoreResult<Vec<Member>> {
        let rows: Vec<rows::MemberRow> = sqlx::query_as(sql::MEMBERS)
            .bind(band.0)
            .fetch_all(self.conn())
            .await
            .map_err(db_err)?;
        rows.into_iter().map(TryInto::try_into).collect()
    }

    async fn set_role(&mut self, band: BandId, user: UserId, role: Role) -> StoreResult<()> {
        sqlx::query(sql::SET_ROLE)
            .bind(band.0)
            .bind(user.0)
            .bind(role.as_str())
            .execute(self.conn())
            .await
            .map_err(db_err)?;
        Ok(())
    }

    async fn delete_member(&mut self, band: BandId, user: UserId) -> StoreResult<bool> {
        let r = sqlx::query(sql::DELETE_MEMBER)
            .bind(band.0)
            .bind(user.0)
            .execute(self.conn())
            .await
            .map_err(db_err)?;
        Ok(r.rows_affected() > 0)
    }

    async fn admin_count(&mut self, band: BandId) -> StoreResult<i64> {
        sqlx::query_scalar(sql::ADMIN_COUNT)
            .bind(band.0)
            .fetch_one(self.conn())
            .await
            .map_err(db_err)
    }

    async fn search_non_members(
        &mut self,
        band: BandId,
        prefix: &str,
        now: Timestamp,
        limit: i64,
    ) -> StoreResult<Vec<NonMember>> {
        let rows: Vec<rows::NonMemberRow> = sqlx::query_as(sql::SEARCH_NON_MEMBERS)
            .bind(band.0)
            .bind(prefix)
            .bind(rehearsalhub_store_sql::prefix_upper(prefix))
            .bind(limit)
            .bind(now.unix())
            .fetch_all(self.conn())
            .await
            .map_err(db_err)?;
        rows.into_iter().map(TryInto::try_into).collect()
    }
}
