//! Rehearsal sessions and the takes sorted into them. Part of the one implementation of the
//! core's row traits (see `mod.rs`).

use rehearsalhub_core::*;
use rehearsalhub_store_sql::{db_err, rows, sql, sqlx};

#[async_trait::async_trait]
impl RehearsalRows for crate::Current {
    async fn insert_rehearsal(
        &mut self,
        band: BandId,
        f: &RehearsalFields,
        created_by: UserId,
        now: Timestamp,
    ) -> StoreResult<SessionId> {
        let id: i64 = sqlx::query_scalar(sql::INSERT_REHEARSAL)
            .bind(band.0)
            .bind(f.date.as_str())
            .bind(f.place.as_ref().map(PlaceName::as_str))
            .bind(f.notes.as_str())
            .bind(created_by.0)
            .bind(now.unix())
            .fetch_one(self.conn())
            .await
            .map_err(db_err)?;
        Ok(SessionId(id))
    }

    async fn rehearsal(&mut self, id: SessionId) -> StoreResult<Option<Rehearsal>> {
        let row: Option<rows::RehearsalRow> = sqlx::query_as(sql::REHEARSAL)
            .bind(id.0)
            .fetch_optional(self.conn())
            .await
            .map_err(db_err)?;
        row.map(TryInto::try_into).transpose()
    }

    async fn rehearsals(&mut self, band: BandId) -> StoreResult<Vec<Rehearsal>> {
        let rows: Vec<rows::RehearsalRow> = sqlx::query_as(sql::REHEARSALS)
            .bind(band.0)
            .fetch_all(self.conn())
            .await
            .map_err(db_err)?;
        rows.into_iter().map(TryInto::try_into).collect()
    }

    async fn update_rehearsal(&mut self, id: SessionId, f: &RehearsalFields) -> StoreResult<()> {
        sqlx::query(sql::UPDATE_REHEARSAL)
            .bind(id.0)
            .bind(f.date.as_str())
            .bind(f.place.as_ref().map(PlaceName::as_str))
            .bind(f.notes.as_str())
            .execute(self.conn())
            .await
            .map_err(db_err)?;
        Ok(())
    }

    async fn delete_rehearsal(&mut self, id: SessionId) -> StoreResult<()> {
        sqlx::query(sql::DELETE_REHEARSAL)
            .bind(id.0)
            .execute(self.conn())
            .await
            .map_err(db_err)?;
        Ok(())
    }

    async fn rehearsal_takes(&mut self, id: SessionId) -> StoreResult<Vec<Take>> {
        let rows: Vec<rows::TakeRow> = sqlx::query_as(sql::REHEARSAL_TAKES)
            .bind(id.0)
            .fetch_all(self.conn())
            .await
            .map_err(db_err)?;
        rows.into_iter().map(TryInto::try_into).collect()
    }

    async fn move_version(&mut self, id: VersionId, session: Option<SessionId>) -> StoreResult<()> {
        sqlx::query(sql::MOVE_VERSION)
            .bind(id.0)
            .bind(session.map(|s| s.0))
            .execute(self.conn())
            .await
            .map_err(db_err)?;
        Ok(())
    }
}
