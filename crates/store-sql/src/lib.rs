//! # rehearsalhub-store-sql
//!
//! The SQL that RehearsalHub's SQLite and PostgreSQL stores share: the statements
//! ([`sql`]), the row types ([`rows`]) and [`impl_tx!`], which writes the one implementation
//! of [`rehearsalhub_core::Tx`] for a database's connection type. Each store crate keeps
//! what differs — connection options, migrations, locking — and invokes the macro.
//!
//! A macro rather than functions generic over `sqlx::Database`: the expansion is ordinary
//! code against one concrete driver, which sqlx types check easily.
//!
//! It depends on the core and sqlx only; it must not depend on a driver feature (SQLite or
//! PostgreSQL) or on any caller of the core.

pub mod rows;
#[allow(missing_docs)]
pub mod sql;

#[doc(hidden)]
pub use async_trait::async_trait;
#[doc(hidden)]
pub use sqlx;

use rehearsalhub_core::StoreError;

/// Maps a driver error: unique violations are a [`StoreError::UniqueViolation`], the rest
/// are backend failures.
pub fn db_err(e: sqlx::Error) -> StoreError {
    match &e {
        sqlx::Error::Database(d) if d.is_unique_violation() => StoreError::UniqueViolation,
        _ => StoreError::Backend(e.to_string()),
    }
}

/// The upper bound of a prefix range: every string starting with `prefix` sorts (bytewise)
/// at or after `prefix` and before this.
pub fn prefix_upper(prefix: &str) -> String {
    format!("{prefix}\u{10FFFF}")
}

/// Implements [`rehearsalhub_core::Tx`] for `$ty`, which must have an inherent
/// `fn conn(&mut self) -> &mut <Db>::Connection` and a `const VERSION_COMMENTS_JSON: &str`
/// (a version's comments as one JSON array, in the database's JSON dialect, built from
/// [`comment_json_columns!`] and [`comment_json_from!`]). The caller supplies `commit` and
/// `lock_band`, which differ per database.
#[macro_export]
macro_rules! impl_tx {
    ($ty:ty, { $($own:tt)* }) => {
        #[$crate::async_trait]
        impl ::rehearsalhub_core::Tx for $ty {
            $($own)*

            async fn insert_user(&mut self, username: &str, display_name: &str, password_hash: &str, now: ::rehearsalhub_core::Timestamp) -> ::rehearsalhub_core::StoreResult<::rehearsalhub_core::User> {
                let row: $crate::rows::UserRow = $crate::sqlx::query_as($crate::sql::INSERT_USER)
                    .bind(username).bind(display_name).bind(display_name.to_lowercase()).bind(password_hash).bind(now.unix())
                    .fetch_one(self.conn()).await.map_err($crate::db_err)?;
                row.try_into()
            }

            async fn user_with_password(&mut self, username: &str) -> ::rehearsalhub_core::StoreResult<Option<(::rehearsalhub_core::User, String)>> {
                let row: Option<$crate::rows::UserPasswordRow> = $crate::sqlx::query_as($crate::sql::USER_WITH_PASSWORD)
                    .bind(username).fetch_optional(self.conn()).await.map_err($crate::db_err)?;
                row.map($crate::rows::UserPasswordRow::split).transpose()
            }

            async fn user(&mut self, id: ::rehearsalhub_core::UserId) -> ::rehearsalhub_core::StoreResult<Option<::rehearsalhub_core::User>> {
                let row: Option<$crate::rows::UserRow> = $crate::sqlx::query_as($crate::sql::USER)
                    .bind(id.0).fetch_optional(self.conn()).await.map_err($crate::db_err)?;
                row.map(TryInto::try_into).transpose()
            }

            async fn insert_session(&mut self, hash: &::rehearsalhub_core::TokenHash, user: ::rehearsalhub_core::UserId, now: ::rehearsalhub_core::Timestamp, expires_at: ::rehearsalhub_core::Timestamp) -> ::rehearsalhub_core::StoreResult<()> {
                $crate::sqlx::query($crate::sql::INSERT_SESSION)
                    .bind(hash.0.to_vec()).bind(user.0).bind(now.unix()).bind(expires_at.unix())
                    .execute(self.conn()).await.map_err($crate::db_err)?;
                Ok(())
            }

            async fn session_user(&mut self, hash: &::rehearsalhub_core::TokenHash, now: ::rehearsalhub_core::Timestamp) -> ::rehearsalhub_core::StoreResult<Option<::rehearsalhub_core::User>> {
                let row: Option<$crate::rows::UserRow> = $crate::sqlx::query_as($crate::sql::SESSION_USER)
                    .bind(hash.0.to_vec()).bind(now.unix()).fetch_optional(self.conn()).await.map_err($crate::db_err)?;
                row.map(TryInto::try_into).transpose()
            }

            async fn delete_session(&mut self, hash: &::rehearsalhub_core::TokenHash) -> ::rehearsalhub_core::StoreResult<()> {
                $crate::sqlx::query($crate::sql::DELETE_SESSION).bind(hash.0.to_vec())
                    .execute(self.conn()).await.map_err($crate::db_err)?;
                Ok(())
            }

            async fn slug_taken(&mut self, slug: &str) -> ::rehearsalhub_core::StoreResult<bool> {
                let n: i64 = $crate::sqlx::query_scalar($crate::sql::SLUG_COUNT).bind(slug)
                    .fetch_one(self.conn()).await.map_err($crate::db_err)?;
                Ok(n > 0)
            }

            async fn insert_band(&mut self, name: &str, slug: &str, created_by: ::rehearsalhub_core::UserId, now: ::rehearsalhub_core::Timestamp) -> ::rehearsalhub_core::StoreResult<::rehearsalhub_core::BandRecord> {
                let row: $crate::rows::BandRow = $crate::sqlx::query_as($crate::sql::INSERT_BAND)
                    .bind(name).bind(slug).bind(created_by.0).bind(now.unix())
                    .fetch_one(self.conn()).await.map_err($crate::db_err)?;
                Ok(row.into())
            }

            async fn band(&mut self, id: ::rehearsalhub_core::BandId) -> ::rehearsalhub_core::StoreResult<Option<::rehearsalhub_core::BandRecord>> {
                let row: Option<$crate::rows::BandRow> = $crate::sqlx::query_as($crate::sql::BAND)
                    .bind(id.0).fetch_optional(self.conn()).await.map_err($crate::db_err)?;
                Ok(row.map(Into::into))
            }

            async fn bands_of(&mut self, user: ::rehearsalhub_core::UserId) -> ::rehearsalhub_core::StoreResult<Vec<::rehearsalhub_core::Band>> {
                let rows: Vec<$crate::rows::MyBandRow> = $crate::sqlx::query_as($crate::sql::BANDS_OF)
                    .bind(user.0).fetch_all(self.conn()).await.map_err($crate::db_err)?;
                rows.into_iter().map(TryInto::try_into).collect()
            }

            async fn role_of(&mut self, band: ::rehearsalhub_core::BandId, user: ::rehearsalhub_core::UserId) -> ::rehearsalhub_core::StoreResult<Option<::rehearsalhub_core::Role>> {
                let role: Option<String> = $crate::sqlx::query_scalar($crate::sql::ROLE_OF)
                    .bind(band.0).bind(user.0).fetch_optional(self.conn()).await.map_err($crate::db_err)?;
                role.map(|r| ::rehearsalhub_core::Role::parse(&r)
                    .map_err(|_| ::rehearsalhub_core::StoreError::Backend(format!("corrupt role {r:?}"))))
                    .transpose()
            }

            async fn insert_member(&mut self, band: ::rehearsalhub_core::BandId, user: ::rehearsalhub_core::UserId, role: ::rehearsalhub_core::Role, now: ::rehearsalhub_core::Timestamp) -> ::rehearsalhub_core::StoreResult<()> {
                $crate::sqlx::query($crate::sql::INSERT_MEMBER)
                    .bind(band.0).bind(user.0).bind(role.as_str()).bind(now.unix())
                    .execute(self.conn()).await.map_err($crate::db_err)?;
                Ok(())
            }

            async fn member(&mut self, band: ::rehearsalhub_core::BandId, user: ::rehearsalhub_core::UserId) -> ::rehearsalhub_core::StoreResult<Option<::rehearsalhub_core::Member>> {
                let row: Option<$crate::rows::MemberRow> = $crate::sqlx::query_as($crate::sql::MEMBER)
                    .bind(band.0).bind(user.0).fetch_optional(self.conn()).await.map_err($crate::db_err)?;
                row.map(TryInto::try_into).transpose()
            }

            async fn members(&mut self, band: ::rehearsalhub_core::BandId) -> ::rehearsalhub_core::StoreResult<Vec<::rehearsalhub_core::Member>> {
                let rows: Vec<$crate::rows::MemberRow> = $crate::sqlx::query_as($crate::sql::MEMBERS)
                    .bind(band.0).fetch_all(self.conn()).await.map_err($crate::db_err)?;
                rows.into_iter().map(TryInto::try_into).collect()
            }

            async fn set_role(&mut self, band: ::rehearsalhub_core::BandId, user: ::rehearsalhub_core::UserId, role: ::rehearsalhub_core::Role) -> ::rehearsalhub_core::StoreResult<()> {
                $crate::sqlx::query($crate::sql::SET_ROLE).bind(band.0).bind(user.0).bind(role.as_str())
                    .execute(self.conn()).await.map_err($crate::db_err)?;
                Ok(())
            }

            async fn delete_member(&mut self, band: ::rehearsalhub_core::BandId, user: ::rehearsalhub_core::UserId) -> ::rehearsalhub_core::StoreResult<bool> {
                let r = $crate::sqlx::query($crate::sql::DELETE_MEMBER).bind(band.0).bind(user.0)
                    .execute(self.conn()).await.map_err($crate::db_err)?;
                Ok(r.rows_affected() > 0)
            }

            async fn admin_count(&mut self, band: ::rehearsalhub_core::BandId) -> ::rehearsalhub_core::StoreResult<i64> {
                $crate::sqlx::query_scalar($crate::sql::ADMIN_COUNT).bind(band.0)
                    .fetch_one(self.conn()).await.map_err($crate::db_err)
            }

            async fn search_non_members(&mut self, band: ::rehearsalhub_core::BandId, prefix: &str, now: ::rehearsalhub_core::Timestamp, limit: i64) -> ::rehearsalhub_core::StoreResult<Vec<::rehearsalhub_core::NonMember>> {
                let rows: Vec<$crate::rows::NonMemberRow> = $crate::sqlx::query_as($crate::sql::SEARCH_NON_MEMBERS)
                    .bind(band.0).bind(prefix).bind($crate::prefix_upper(prefix)).bind(limit).bind(now.unix())
                    .fetch_all(self.conn()).await.map_err($crate::db_err)?;
                rows.into_iter().map(TryInto::try_into).collect()
            }

            async fn insert_invite(&mut self, i: &::rehearsalhub_core::NewInvite) -> ::rehearsalhub_core::StoreResult<::rehearsalhub_core::InviteId> {
                let id: i64 = $crate::sqlx::query_scalar($crate::sql::INSERT_INVITE)
                    .bind(i.band_id.0).bind(i.kind.as_str()).bind(i.token_hash.map(|h| h.0.to_vec()))
                    .bind(i.role.as_str()).bind(i.created_by.0).bind(i.created_at.unix())
                    .bind(i.expires_at.unix()).bind(i.invitee_id.map(|u| u.0))
                    .fetch_one(self.conn()).await.map_err($crate::db_err)?;
                Ok(::rehearsalhub_core::InviteId(id))
            }

            async fn invite(&mut self, id: ::rehearsalhub_core::InviteId) -> ::rehearsalhub_core::StoreResult<Option<::rehearsalhub_core::InviteRecord>> {
                let row: Option<$crate::rows::InviteRow> = $crate::sqlx::query_as($crate::sql::INVITE)
                    .bind(id.0).fetch_optional(self.conn()).await.map_err($crate::db_err)?;
                row.map(TryInto::try_into).transpose()
            }

            async fn invite_by_token(&mut self, hash: &::rehearsalhub_core::TokenHash) -> ::rehearsalhub_core::StoreResult<Option<::rehearsalhub_core::InviteRecord>> {
                let row: Option<$crate::rows::InviteRow> = $crate::sqlx::query_as($crate::sql::INVITE_BY_TOKEN)
                    .bind(hash.0.to_vec()).fetch_optional(self.conn()).await.map_err($crate::db_err)?;
                row.map(TryInto::try_into).transpose()
            }

            async fn claim_invite(&mut self, id: ::rehearsalhub_core::InviteId, user: ::rehearsalhub_core::UserId, now: ::rehearsalhub_core::Timestamp) -> ::rehearsalhub_core::StoreResult<bool> {
                let claimed: Option<i64> = $crate::sqlx::query_scalar($crate::sql::CLAIM_INVITE)
                    .bind(id.0).bind(user.0).bind(now.unix())
                    .fetch_optional(self.conn()).await.map_err($crate::db_err)?;
                Ok(claimed.is_some())
            }

            async fn revoke_invite(&mut self, id: ::rehearsalhub_core::InviteId, now: ::rehearsalhub_core::Timestamp, declined: bool) -> ::rehearsalhub_core::StoreResult<bool> {
                let revoked: Option<i64> = $crate::sqlx::query_scalar($crate::sql::REVOKE_INVITE)
                    .bind(id.0).bind(now.unix()).bind(declined.then_some(now.unix()))
                    .fetch_optional(self.conn()).await.map_err($crate::db_err)?;
                Ok(revoked.is_some())
            }

            async fn revoke_invites_created_by(&mut self, band: ::rehearsalhub_core::BandId, creator: ::rehearsalhub_core::UserId, now: ::rehearsalhub_core::Timestamp) -> ::rehearsalhub_core::StoreResult<Vec<Option<::rehearsalhub_core::UserId>>> {
                let invitees: Vec<Option<i64>> = $crate::sqlx::query_scalar($crate::sql::REVOKE_INVITES_CREATED_BY)
                    .bind(band.0).bind(creator.0).bind(now.unix())
                    .fetch_all(self.conn()).await.map_err($crate::db_err)?;
                Ok(invitees.into_iter().map(|u| u.map(::rehearsalhub_core::UserId)).collect())
            }

            async fn list_invites(&mut self, band: ::rehearsalhub_core::BandId, now: ::rehearsalhub_core::Timestamp, limit: i64, offset: i64) -> ::rehearsalhub_core::StoreResult<Vec<::rehearsalhub_core::Invite>> {
                let rows: Vec<$crate::rows::InviteListRow> = $crate::sqlx::query_as($crate::sql::LIST_INVITES)
                    .bind(band.0).bind(limit).bind(offset).fetch_all(self.conn()).await.map_err($crate::db_err)?;
                rows.into_iter().map(|r| r.into_invite(now)).collect()
            }

            async fn invite_view(&mut self, id: ::rehearsalhub_core::InviteId, now: ::rehearsalhub_core::Timestamp) -> ::rehearsalhub_core::StoreResult<Option<::rehearsalhub_core::Invite>> {
                let row: Option<$crate::rows::InviteListRow> = $crate::sqlx::query_as($crate::sql::INVITE_VIEW)
                    .bind(id.0).fetch_optional(self.conn()).await.map_err($crate::db_err)?;
                row.map(|r| r.into_invite(now)).transpose()
            }

            async fn invite_counts(&mut self, band: ::rehearsalhub_core::BandId, now: ::rehearsalhub_core::Timestamp) -> ::rehearsalhub_core::StoreResult<(i64, i64)> {
                $crate::sqlx::query_as($crate::sql::INVITE_COUNTS).bind(band.0).bind(now.unix())
                    .fetch_one(self.conn()).await.map_err($crate::db_err)
            }

            async fn has_pending_direct_invite(&mut self, band: ::rehearsalhub_core::BandId, user: ::rehearsalhub_core::UserId, now: ::rehearsalhub_core::Timestamp) -> ::rehearsalhub_core::StoreResult<bool> {
                let n: i64 = $crate::sqlx::query_scalar($crate::sql::PENDING_DIRECT_COUNT)
                    .bind(band.0).bind(user.0).bind(now.unix()).fetch_one(self.conn()).await.map_err($crate::db_err)?;
                Ok(n > 0)
            }

            async fn my_invites(&mut self, user: ::rehearsalhub_core::UserId, now: ::rehearsalhub_core::Timestamp) -> ::rehearsalhub_core::StoreResult<Vec<::rehearsalhub_core::MyInvite>> {
                let rows: Vec<$crate::rows::MyInviteRow> = $crate::sqlx::query_as($crate::sql::MY_INVITES)
                    .bind(user.0).bind(now.unix()).fetch_all(self.conn()).await.map_err($crate::db_err)?;
                rows.into_iter().map(TryInto::try_into).collect()
            }

            async fn insert_song(&mut self, band: ::rehearsalhub_core::BandId, title: &str, created_by: ::rehearsalhub_core::UserId, now: ::rehearsalhub_core::Timestamp) -> ::rehearsalhub_core::StoreResult<::rehearsalhub_core::Song> {
                let row: $crate::rows::SongRow = $crate::sqlx::query_as($crate::sql::INSERT_SONG)
                    .bind(band.0).bind(title).bind(title.to_lowercase()).bind(created_by.0).bind(now.unix())
                    .fetch_one(self.conn()).await.map_err($crate::db_err)?;
                Ok(row.into())
            }

            async fn song(&mut self, id: ::rehearsalhub_core::SongId) -> ::rehearsalhub_core::StoreResult<Option<::rehearsalhub_core::Song>> {
                let row: Option<$crate::rows::SongRow> = $crate::sqlx::query_as($crate::sql::SONG)
                    .bind(id.0).fetch_optional(self.conn()).await.map_err($crate::db_err)?;
                Ok(row.map(Into::into))
            }

            async fn songs(&mut self, band: ::rehearsalhub_core::BandId) -> ::rehearsalhub_core::StoreResult<Vec<::rehearsalhub_core::Song>> {
                let rows: Vec<$crate::rows::SongRow> = $crate::sqlx::query_as($crate::sql::SONGS)
                    .bind(band.0).fetch_all(self.conn()).await.map_err($crate::db_err)?;
                Ok(rows.into_iter().map(Into::into).collect())
            }

            async fn band_versions(&mut self, band: ::rehearsalhub_core::BandId) -> ::rehearsalhub_core::StoreResult<Vec<::rehearsalhub_core::Version>> {
                let rows: Vec<$crate::rows::VersionRow> = $crate::sqlx::query_as($crate::sql::BAND_VERSIONS)
                    .bind(band.0).fetch_all(self.conn()).await.map_err($crate::db_err)?;
                rows.into_iter()
                    .map(|r| ::rehearsalhub_core::VersionRecord::try_from(r).map(|v| v.version))
                    .collect()
            }

            async fn delete_song(&mut self, id: ::rehearsalhub_core::SongId) -> ::rehearsalhub_core::StoreResult<Vec<String>> {
                let blobs: Vec<String> = $crate::sqlx::query_scalar($crate::sql::SONG_BLOBS)
                    .bind(id.0).fetch_all(self.conn()).await.map_err($crate::db_err)?;
                $crate::sqlx::query($crate::sql::DELETE_SONG).bind(id.0)
                    .execute(self.conn()).await.map_err($crate::db_err)?;
                Ok(blobs)
            }

            async fn insert_version(&mut self, v: &::rehearsalhub_core::NewVersion) -> ::rehearsalhub_core::StoreResult<::rehearsalhub_core::VersionId> {
                let id: i64 = $crate::sqlx::query_scalar($crate::sql::INSERT_VERSION)
                    .bind(v.song_id.0).bind(v.label.as_str()).bind(v.format.as_str()).bind(v.size_bytes)
                    .bind(v.duration_ms).bind(v.sample_rate).bind(v.channels).bind(v.peaks.clone())
                    .bind(v.blob_sha256.as_str()).bind(v.uploaded_by.0).bind(v.created_at.unix()).bind(v.comments_rev)
                    .fetch_one(self.conn()).await.map_err($crate::db_err)?;
                Ok(::rehearsalhub_core::VersionId(id))
            }

            async fn version(&mut self, id: ::rehearsalhub_core::VersionId) -> ::rehearsalhub_core::StoreResult<Option<::rehearsalhub_core::VersionRecord>> {
                let row: Option<$crate::rows::VersionRow> = $crate::sqlx::query_as($crate::sql::VERSION)
                    .bind(id.0).fetch_optional(self.conn()).await.map_err($crate::db_err)?;
                row.map(TryInto::try_into).transpose()
            }

            async fn version_counted(&mut self, id: ::rehearsalhub_core::VersionId) -> ::rehearsalhub_core::StoreResult<Option<::rehearsalhub_core::VersionRecord>> {
                let row: Option<$crate::rows::VersionRow> = $crate::sqlx::query_as($crate::sql::VERSION_COUNTED)
                    .bind(id.0).fetch_optional(self.conn()).await.map_err($crate::db_err)?;
                row.map(TryInto::try_into).transpose()
            }

            async fn version_peaks(&mut self, id: ::rehearsalhub_core::VersionId) -> ::rehearsalhub_core::StoreResult<Option<Vec<u8>>> {
                let peaks: Option<Option<Vec<u8>>> = $crate::sqlx::query_scalar($crate::sql::VERSION_PEAKS)
                    .bind(id.0).fetch_optional(self.conn()).await.map_err($crate::db_err)?;
                Ok(peaks.flatten())
            }

            async fn delete_version(&mut self, id: ::rehearsalhub_core::VersionId) -> ::rehearsalhub_core::StoreResult<bool> {
                let r = $crate::sqlx::query($crate::sql::DELETE_VERSION).bind(id.0)
                    .execute(self.conn()).await.map_err($crate::db_err)?;
                Ok(r.rows_affected() > 0)
            }

            async fn blob_in_use(&mut self, sha256: &str) -> ::rehearsalhub_core::StoreResult<bool> {
                let n: i64 = $crate::sqlx::query_scalar($crate::sql::BLOB_USES).bind(sha256)
                    .fetch_one(self.conn()).await.map_err($crate::db_err)?;
                Ok(n > 0)
            }

            async fn insert_comment(&mut self, c: &::rehearsalhub_core::NewComment) -> ::rehearsalhub_core::StoreResult<::rehearsalhub_core::CommentId> {
                let id: i64 = $crate::sqlx::query_scalar($crate::sql::INSERT_COMMENT)
                    .bind(c.version_id.0).bind(c.parent_id.map(|p| p.0)).bind(c.author_id.0).bind(c.at_ms)
                    .bind(c.until_ms).bind(c.body.as_str()).bind(c.tag.as_str()).bind(c.created_at.unix())
                    .fetch_one(self.conn()).await.map_err($crate::db_err)?;
                $crate::sqlx::query($crate::sql::BUMP_COMMENTS_REV).bind(c.version_id.0)
                    .execute(self.conn()).await.map_err($crate::db_err)?;
                Ok(::rehearsalhub_core::CommentId(id))
            }

            async fn comment(&mut self, id: ::rehearsalhub_core::CommentId) -> ::rehearsalhub_core::StoreResult<Option<::rehearsalhub_core::CommentRecord>> {
                let row: Option<$crate::rows::CommentRow> = $crate::sqlx::query_as($crate::sql::COMMENT)
                    .bind(id.0).fetch_optional(self.conn()).await.map_err($crate::db_err)?;
                let Some(row) = row else { return Ok(None) };
                let (band_id, replies): (i64, i64) = $crate::sqlx::query_as($crate::sql::COMMENT_PLACE)
                    .bind(id.0).fetch_one(self.conn()).await.map_err($crate::db_err)?;
                Ok(Some(::rehearsalhub_core::CommentRecord {
                    comment: row.try_into()?,
                    band_id: ::rehearsalhub_core::BandId(band_id),
                    replies,
                }))
            }

            async fn version_comments(&mut self, version: ::rehearsalhub_core::VersionId) -> ::rehearsalhub_core::StoreResult<Vec<::rehearsalhub_core::Comment>> {
                let json: String = $crate::sqlx::query_scalar(<$ty>::VERSION_COMMENTS_JSON)
                    .bind(version.0).fetch_one(self.conn()).await.map_err($crate::db_err)?;
                let rows = $crate::rows::parse_comment_json(&json)?;
                // The few people the comments name, asked for by id.
                let ids = $crate::rows::people_of(&rows);
                let mut people = Vec::new();
                if !ids.is_empty() {
                    // Only `$1`…`$n` placeholders are added to a constant: nothing of the input.
                    let sql = $crate::sqlx::AssertSqlSafe($crate::sql::users_by_ids(ids.len()));
                    let mut q = $crate::sqlx::query_as::<_, $crate::rows::UserRow>(sql);
                    for id in &ids {
                        q = q.bind(*id);
                    }
                    people = q.fetch_all(self.conn()).await.map_err($crate::db_err)?;
                }
                $crate::rows::comments_from_rows(version, rows, people)
            }

            async fn update_comment(&mut self, u: &::rehearsalhub_core::CommentUpdate) -> ::rehearsalhub_core::StoreResult<()> {
                $crate::sqlx::query($crate::sql::UPDATE_COMMENT)
                    .bind(u.id.0).bind(u.body.as_str()).bind(u.tag.as_str()).bind(u.resolved_by.map(|r| r.0))
                    .bind(u.edited_at.map(|t| t.unix()))
                    .execute(self.conn()).await.map_err($crate::db_err)?;
                $crate::sqlx::query($crate::sql::BUMP_COMMENTS_REV_OF).bind(u.id.0)
                    .execute(self.conn()).await.map_err($crate::db_err)?;
                Ok(())
            }

            async fn mark_comment_deleted(&mut self, id: ::rehearsalhub_core::CommentId, now: ::rehearsalhub_core::Timestamp) -> ::rehearsalhub_core::StoreResult<()> {
                $crate::sqlx::query($crate::sql::MARK_COMMENT_DELETED).bind(id.0).bind(now.unix())
                    .execute(self.conn()).await.map_err($crate::db_err)?;
                $crate::sqlx::query($crate::sql::BUMP_COMMENTS_REV_OF).bind(id.0)
                    .execute(self.conn()).await.map_err($crate::db_err)?;
                Ok(())
            }

            async fn delete_comment(&mut self, id: ::rehearsalhub_core::CommentId) -> ::rehearsalhub_core::StoreResult<()> {
                $crate::sqlx::query($crate::sql::BUMP_COMMENTS_REV_OF).bind(id.0)
                    .execute(self.conn()).await.map_err($crate::db_err)?;
                $crate::sqlx::query($crate::sql::DELETE_COMMENT).bind(id.0)
                    .execute(self.conn()).await.map_err($crate::db_err)?;
                Ok(())
            }

            async fn insert_activity(&mut self, e: &::rehearsalhub_core::NewActivity) -> ::rehearsalhub_core::StoreResult<()> {
                $crate::sqlx::query($crate::sql::INSERT_ACTIVITY)
                    .bind(e.band_id.0).bind(e.actor_id.0).bind(e.kind.as_str()).bind(e.subject_user_id.map(|u| u.0))
                    .bind(e.subject_id).bind(e.detail.as_str()).bind(e.at.unix())
                    .execute(self.conn()).await.map_err($crate::db_err)?;
                Ok(())
            }

            async fn activity(&mut self, band: ::rehearsalhub_core::BandId, limit: i64) -> ::rehearsalhub_core::StoreResult<Vec<::rehearsalhub_core::ActivityEntry>> {
                let rows: Vec<$crate::rows::ActivityRow> = $crate::sqlx::query_as($crate::sql::ACTIVITY)
                    .bind(band.0).bind(limit).fetch_all(self.conn()).await.map_err($crate::db_err)?;
                rows.into_iter().map(TryInto::try_into).collect()
            }
        }
    };
}
