//! Accounts and sessions. Part of the one implementation of the core's row traits (see `mod.rs`).

use rehearsalhub_core::*;
use rehearsalhub_store_sql::{db_err, rows, sql, sqlx};

#[async_trait::async_trait]
impl AccountRows for crate::Current {
    async fn insert_user(
        &mut self,
        username: &str,
        display_name: &str,
        password_hash: &str,
        now: Timestamp,
    ) -> StoreResult<User> {
        let row: rows::UserRow = sqlx::query_as(sql::INSERT_USER)
            .bind(username)
            .bind(display_name)
            .bind(display_name.to_lowercase())
            .bind(password_hash)
            .bind(now.unix())
            .fetch_one(self.conn())
            .await
            .map_err(db_err)?;
        row.try_into()
    }

    async fn user_with_password(&mut self, username: &str) -> StoreResult<Option<(User, String)>> {
        let row: Option<rows::UserPasswordRow> = sqlx::query_as(sql::USER_WITH_PASSWORD)
            .bind(username)
            .fetch_optional(self.conn())
            .await
            .map_err(db_err)?;
        row.map(rows::UserPasswordRow::split).transpose()
    }

    async fn user(&mut self, id: UserId) -> StoreResult<Option<User>> {
        let row: Option<rows::UserRow> = sqlx::query_as(sql::USER)
            .bind(id.0)
            .fetch_optional(self.conn())
            .await
            .map_err(db_err)?;
        row.map(TryInto::try_into).transpose()
    }

    async fn insert_session(
        &mut self,
        hash: &TokenHash,
        user: UserId,
        now: Timestamp,
        expires_at: Timestamp,
    ) -> StoreResult<()> {
        sqlx::query(sql::INSERT_SESSION)
            .bind(hash.0.to_vec())
            .bind(user.0)
            .bind(now.unix())
            .bind(expires_at.unix())
            .execute(self.conn())
            .await
            .map_err(db_err)?;
        Ok(())
    }

    async fn session_user(
        &mut self,
        hash: &TokenHash,
        now: Timestamp,
    ) -> StoreResult<Option<User>> {
        let row: Option<rows::UserRow> = sqlx::query_as(sql::SESSION_USER)
            .bind(hash.0.to_vec())
            .bind(now.unix())
            .fetch_optional(self.conn())
            .await
            .map_err(db_err)?;
        row.map(TryInto::try_into).transpose()
    }

    async fn delete_session(&mut self, hash: &TokenHash) -> StoreResult<()> {
        sqlx::query(sql::DELETE_SESSION)
            .bind(hash.0.to_vec())
            .execute(self.conn())
            .await
            .map_err(db_err)?;
        Ok(())
    }
}
