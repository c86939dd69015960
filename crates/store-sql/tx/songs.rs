//! Songs, versions and the blobs they name. Part of the one implementation of the core's row traits (see `mod.rs`).

use rehearsalhub_core::*;
use rehearsalhub_store_sql::{db_err, rows, search, sql, sqlx};

#[async_trait::async_trait]
impl SongRows for crate::Current {
    async fn insert_song(
        &mut self,
        band: BandId,
        title: &str,
        created_by: UserId,
        now: Timestamp,
    ) -> StoreResult<Song> {
        let row: rows::SongRow = sqlx::query_as(sql::INSERT_SONG)
            .bind(band.0)
            .bind(title)
            .bind(title.to_lowercase())
            .bind(created_by.0)
            .bind(now.unix())
            .bind(rehearsalhub_core::song_search::fold(title))
            .fetch_one(self.conn())
            .await
            .map_err(db_err)?;
        row.try_into()
    }

    async fn song(&mut self, id: SongId) -> StoreResult<Option<Song>> {
        let row: Option<rows::SongRow> = sqlx::query_as(sql::SONG)
            .bind(id.0)
            .fetch_optional(self.conn())
            .await
            .map_err(db_err)?;
        row.map(TryInto::try_into).transpose()
    }

    async fn songs(&mut self, band: BandId) -> StoreResult<Vec<Song>> {
        let rows: Vec<rows::SongRow> = sqlx::query_as(sql::SONGS)
            .bind(band.0)
            .fetch_all(self.conn())
            .await
            .map_err(db_err)?;
        rows.into_iter().map(TryInto::try_into).collect()
    }

    async fn band_versions(&mut self, band: BandId) -> StoreResult<Vec<Version>> {
        let rows: Vec<rows::VersionRow> = sqlx::query_as(sql::BAND_VERSIONS)
            .bind(band.0)
            .fetch_all(self.conn())
            .await
            .map_err(db_err)?;
        rows.into_iter()
            .map(|r| VersionRecord::try_from(r).map(|v| v.version))
            .collect()
    }

    async fn song_versions(&mut self, songs: &[SongId]) -> StoreResult<Vec<Version>> {
        let mut out = Vec::new();
        // Bounded lists of binds: far below either database's limit on parameters.
        for chunk in songs.chunks(500) {
            // Only `$1`…`$n` placeholders are added to a constant: nothing of the input.
            let sql = sqlx::AssertSqlSafe(sql::song_versions(chunk.len()));
            // Planned for its values each time: PostgreSQL's generic plan for a long `IN`
            // list (chosen after five runs of a prepared statement) read every version of
            // every band, 330 ms instead of 8.
            let mut q = sqlx::query_as::<_, rows::VersionRow>(sql).persistent(false);
            for id in chunk {
                q = q.bind(id.0);
            }
            for r in q.fetch_all(self.conn()).await.map_err(db_err)? {
                out.push(VersionRecord::try_from(r)?.version);
            }
        }
        if songs.len() > 500 {
            // Chunks each come newest first; the whole list must too.
            out.sort_by_key(|v| std::cmp::Reverse((v.created_at, v.id)));
        }
        Ok(out)
    }

    async fn song_count(&mut self, band: BandId) -> StoreResult<i64> {
        sqlx::query_scalar(sql::SONG_COUNT)
            .bind(band.0)
            .fetch_one(self.conn())
            .await
            .map_err(db_err)
    }

    async fn find_songs(&mut self, find: &SongFind) -> StoreResult<Vec<Song>> {
        let (statement, binds) = search::find_songs(find, crate::BYTE_ORDER)?;
        // Only placeholders and fixed clauses are in the text; every value is bound.
        // Not kept prepared: each combination of filters is a statement of its own, and a
        // generic plan would not see which filter is selective.
        let mut q =
            sqlx::query_as::<_, rows::SongRow>(sqlx::AssertSqlSafe(statement)).persistent(false);
        for b in binds {
            q = match b {
                search::Bind::Int(i) => q.bind(i),
                search::Bind::Text(t) => q.bind(t),
            };
        }
        let rows = q.fetch_all(self.conn()).await.map_err(db_err)?;
        rows.into_iter().map(TryInto::try_into).collect()
    }

    async fn rename_song(&mut self, id: SongId, title: &str, folded: &str) -> StoreResult<()> {
        sqlx::query(sql::RENAME_SONG)
            .bind(id.0)
            .bind(title)
            .bind(folded)
            .bind(rehearsalhub_core::song_search::fold(title))
            .execute(self.conn())
            .await
            .map_err(db_err)?;
        Ok(())
    }

    async fn set_song_details(&mut self, id: SongId, d: &SongDetails) -> StoreResult<()> {
        let tags = rows::tags_json(&d.tags)?;
        sqlx::query(sql::SET_SONG_DETAILS)
            .bind(id.0)
            .bind(tags)
            .bind(d.key.as_ref().map(MusicalKey::as_str))
            .bind(d.bpm.map(Bpm::get))
            .bind(d.status.as_str())
            .bind(d.notes.as_str())
            .execute(self.conn())
            .await
            .map_err(db_err)?;
        Ok(())
    }

    async fn delete_song(&mut self, id: SongId) -> StoreResult<Vec<String>> {
        let blobs: Vec<String> = sqlx::query_scalar(sql::SONG_BLOBS)
            .bind(id.0)
            .fetch_all(self.conn())
            .await
            .map_err(db_err)?;
        sqlx::query(sql::DELETE_SONG)
            .bind(id.0)
            .execute(self.conn())
            .await
            .map_err(db_err)?;
        Ok(blobs)
    }

    async fn insert_version(&mut self, v: &NewVersion) -> StoreResult<VersionId> {
        let id: i64 = sqlx::query_scalar(sql::INSERT_VERSION)
            .bind(v.song_id.0)
            .bind(v.label.as_str())
            .bind(v.format.as_str())
            .bind(v.size_bytes)
            .bind(v.duration_ms)
            .bind(v.sample_rate)
            .bind(v.channels)
            .bind(v.peaks.clone())
            .bind(v.blob_sha256.as_str())
            .bind(v.uploaded_by.0)
            .bind(v.created_at.unix())
            .bind(v.comments_rev)
            .bind(v.recorded_at.map(RecordedAt::as_string))
            .bind(v.session_id.map(|s| s.0))
            .fetch_one(self.conn())
            .await
            .map_err(db_err)?;
        Ok(VersionId(id))
    }

    async fn version(&mut self, id: VersionId) -> StoreResult<Option<VersionRecord>> {
        let row: Option<rows::VersionRow> = sqlx::query_as(sql::VERSION)
            .bind(id.0)
            .fetch_optional(self.conn())
            .await
            .map_err(db_err)?;
        row.map(TryInto::try_into).transpose()
    }

    async fn version_counted(&mut self, id: VersionId) -> StoreResult<Option<VersionRecord>> {
        let row: Option<rows::VersionRow> = sqlx::query_as(sql::VERSION_COUNTED)
            .bind(id.0)
            .fetch_optional(self.conn())
            .await
            .map_err(db_err)?;
        row.map(TryInto::try_into).transpose()
    }

    async fn version_peaks(&mut self, id: VersionId) -> StoreResult<Option<Vec<u8>>> {
        let peaks: Option<Option<Vec<u8>>> = sqlx::query_scalar(sql::VERSION_PEAKS)
            .bind(id.0)
            .fetch_optional(self.conn())
            .await
            .map_err(db_err)?;
        Ok(peaks.flatten())
    }

    async fn relabel_version(&mut self, id: VersionId, label: &str) -> StoreResult<()> {
        sqlx::query(sql::RELABEL_VERSION)
            .bind(id.0)
            .bind(label)
            .execute(self.conn())
            .await
            .map_err(db_err)?;
        Ok(())
    }

    async fn delete_version(&mut self, id: VersionId) -> StoreResult<bool> {
        let r = sqlx::query(sql::DELETE_VERSION)
            .bind(id.0)
            .execute(self.conn())
            .await
            .map_err(db_err)?;
        Ok(r.rows_affected() > 0)
    }

    async fn blob_in_use(&mut self, sha256: &str) -> StoreResult<bool> {
        let n: i64 = sqlx::query_scalar(sql::BLOB_USES)
            .bind(sha256)
            .fetch_one(self.conn())
            .await
            .map_err(db_err)?;
        Ok(n > 0)
    }
}

impl crate::Current {
    /// Folds the titles of songs written before titles were folded for search (a title is
    /// never empty, so an empty fold is one not yet made). Run once the store has migrated;
    /// does nothing after the first time.
    pub(crate) async fn fold_titles(&mut self) -> StoreResult<()> {
        let unfolded: Vec<(i64, String)> = sqlx::query_as(sql::UNFOLDED_TITLES)
            .fetch_all(self.conn())
            .await
            .map_err(db_err)?;
        for (id, title) in unfolded {
            sqlx::query(sql::SET_TITLE_FOLD)
                .bind(id)
                .bind(rehearsalhub_core::song_search::fold(&title))
                .execute(self.conn())
                .await
                .map_err(db_err)?;
        }
        Ok(())
    }
}
