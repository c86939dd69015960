//! The activity log. Part of the one implementation of the core's row traits (see `mod.rs`).

use rehearsalhub_core::*;
use rehearsalhub_store_sql::{db_err, rows, sql, sqlx};

#[async_trait::async_trait]
impl ActivityRows for crate::Current {
    async fn insert_activity(&mut self, e: &NewActivity) -> StoreResult<()> {
        sqlx::query(sql::INSERT_ACTIVITY)
            .bind(e.band_id.0)
            .bind(e.actor_id.0)
            .bind(e.kind.as_str())
            .bind(e.subject_user_id.map(|u| u.0))
            .bind(e.subject_id)
            .bind(e.detail.as_str())
            .bind(e.at.unix())
            .execute(self.conn())
            .await
            .map_err(db_err)?;
        Ok(())
    }

    async fn activity(&mut self, band: BandId, limit: i64) -> StoreResult<Vec<ActivityEntry>> {
        let rows: Vec<rows::ActivityRow> = sqlx::query_as(sql::ACTIVITY)
            .bind(band.0)
            .bind(limit)
            .fetch_all(self.conn())
            .await
            .map_err(db_err)?;
        rows.into_iter().map(TryInto::try_into).collect()
    }
}
