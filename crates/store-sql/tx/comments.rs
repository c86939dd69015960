//! Comments and replies. Part of the one implementation of the core's row traits (see `mod.rs`).

use rehearsalhub_core::*;
use rehearsalhub_store_sql::{db_err, rows, sql, sqlx};

#[async_trait::async_trait]
impl CommentRows for crate::Current {
    async fn insert_comment(&mut self, c: &NewComment) -> StoreResult<CommentId> {
        let id: i64 = sqlx::query_scalar(sql::INSERT_COMMENT)
            .bind(c.version_id.0)
            .bind(c.parent_id.map(|p| p.0))
            .bind(c.author_id.0)
            .bind(c.at_ms)
            .bind(c.until_ms)
            .bind(c.body.as_str())
            .bind(c.tag.as_str())
            .bind(c.created_at.unix())
            .fetch_one(self.conn())
            .await
            .map_err(db_err)?;
        sqlx::query(sql::BUMP_COMMENTS_REV)
            .bind(c.version_id.0)
            .execute(self.conn())
            .await
            .map_err(db_err)?;
        Ok(CommentId(id))
    }

    async fn comment(&mut self, id: CommentId) -> StoreResult<Option<CommentRecord>> {
        let row: Option<rows::CommentRow> = sqlx::query_as(sql::COMMENT)
            .bind(id.0)
            .fetch_optional(self.conn())
            .await
            .map_err(db_err)?;
        let Some(row) = row else { return Ok(None) };
        let (band_id, replies): (i64, i64) = sqlx::query_as(sql::COMMENT_PLACE)
            .bind(id.0)
            .fetch_one(self.conn())
            .await
            .map_err(db_err)?;
        Ok(Some(CommentRecord {
            comment: row.try_into()?,
            band_id: BandId(band_id),
            replies,
        }))
    }

    async fn version_comments(&mut self, version: VersionId) -> StoreResult<Vec<Comment>> {
        let json: String = sqlx::query_scalar(crate::VERSION_COMMENTS_JSON)
            .bind(version.0)
            .fetch_one(self.conn())
            .await
            .map_err(db_err)?;
        let rows = rows::parse_comment_json(&json)?;
        // The few people the comments name, asked for by id.
        let ids = rows::people_of(&rows);
        let mut people = Vec::new();
        if !ids.is_empty() {
            // Only `$1`…`$n` placeholders are added to a constant: nothing of the input.
            let sql = sqlx::AssertSqlSafe(sql::users_by_ids(ids.len()));
            let mut q = sqlx::query_as::<_, rows::UserRow>(sql);
            for id in &ids {
                q = q.bind(*id);
            }
            people = q.fetch_all(self.conn()).await.map_err(db_err)?;
        }
        rows::comments_from_rows(version, rows, people)
    }

    async fn update_comment(&mut self, u: &CommentUpdate) -> StoreResult<()> {
        sqlx::query(sql::UPDATE_COMMENT)
            .bind(u.id.0)
            .bind(u.body.as_str())
            .bind(u.tag.as_str())
            .bind(u.resolved_by.map(|r| r.0))
            .bind(u.edited_at.map(|t| t.unix()))
            .execute(self.conn())
            .await
            .map_err(db_err)?;
        sqlx::query(sql::BUMP_COMMENTS_REV_OF)
            .bind(u.id.0)
            .execute(self.conn())
            .await
            .map_err(db_err)?;
        Ok(())
    }

    async fn mark_comment_deleted(&mut self, id: CommentId, now: Timestamp) -> StoreResult<()> {
        sqlx::query(sql::MARK_COMMENT_DELETED)
            .bind(id.0)
            .bind(now.unix())
            .execute(self.conn())
            .await
            .map_err(db_err)?;
        sqlx::query(sql::BUMP_COMMENTS_REV_OF)
            .bind(id.0)
            .execute(self.conn())
            .await
            .map_err(db_err)?;
        Ok(())
    }

    async fn delete_comment(&mut self, id: CommentId) -> StoreResult<()> {
        sqlx::query(sql::BUMP_COMMENTS_REV_OF)
            .bind(id.0)
            .execute(self.conn())
            .await
            .map_err(db_err)?;
        sqlx::query(sql::DELETE_COMMENT)
            .bind(id.0)
            .execute(self.conn())
            .await
            .map_err(db_err)?;
        Ok(())
    }
}
