//! The storage interface the use cases are written against.
//!
//! A [`Store`] hands out [`Tx`]s: a plain connection for reads, or a write transaction that
//! serializes with other writers (`BEGIN IMMEDIATE` on SQLite; row locks via
//! [`Tx::lock_band`] on PostgreSQL). The store executes data operations only; every rule
//! (who may do what, last admin, invite status) is decided in the use cases, inside the
//! transaction they commit.

use async_trait::async_trait;

use crate::clock::Timestamp;
use crate::comment_input::CommentTag;
use crate::comment_model::{Comment, CommentRecord};
use crate::ids::{BandId, CommentId, InviteId, SessionId, SongId, UserId, VersionId};
use crate::input::{Notes, PlaceName, Role, SessionDate};
use crate::model::{
    ActivityEntry, ActivityKind, AudioFormat, Band, BandRecord, Invite, InviteKind, InviteRecord,
    Member, MyInvite, NonMember, Rehearsal, Song, SongDetails, Take, User, Version, VersionRecord,
};
use crate::recorded::RecordedAt;
use crate::secret::TokenHash;

/// What can go wrong below the use cases.
#[derive(Debug, thiserror::Error)]
pub enum StoreError {
    /// A unique constraint refused the write (duplicate username, membership, title…).
    #[error("unique constraint violated")]
    UniqueViolation,
    /// Anything else: connection, I/O, a corrupt row. Logged, shown as `internal`.
    #[error("{0}")]
    Backend(String),
}

/// Result of a store operation.
pub type StoreResult<T> = Result<T, StoreError>;

/// A database the core can run on.
#[async_trait]
pub trait Store: Send + Sync + 'static {
    /// A connection for reads (autocommit).
    async fn read(&self) -> StoreResult<Box<dyn Tx>>;
    /// A write transaction; dropped without [`Tx::commit`], it rolls back.
    async fn write(&self) -> StoreResult<Box<dyn Tx>>;
}

/// A new invite row.
#[derive(Debug, Clone)]
pub struct NewInvite {
    /// The band.
    pub band_id: BandId,
    /// Token or direct.
    pub kind: InviteKind,
    /// The token's hash (token invites only).
    pub token_hash: Option<TokenHash>,
    /// The role granted.
    pub role: Role,
    /// The creating admin.
    pub created_by: UserId,
    /// Creation time.
    pub created_at: Timestamp,
    /// Expiry.
    pub expires_at: Timestamp,
    /// The invitee (direct invites only).
    pub invitee_id: Option<UserId>,
}

/// A new version row.
#[derive(Debug, Clone)]
pub struct NewVersion {
    /// The song.
    pub song_id: SongId,
    /// Its label.
    pub label: String,
    /// Detected format.
    pub format: AudioFormat,
    /// Size in bytes.
    pub size_bytes: i64,
    /// Duration, when known.
    pub duration_ms: Option<i64>,
    /// Sample rate, when known.
    pub sample_rate: Option<i64>,
    /// Channels, when known.
    pub channels: Option<i64>,
    /// Waveform peaks, when computed.
    pub peaks: Option<Vec<u8>>,
    /// Content address of the audio blob.
    pub blob_sha256: String,
    /// The uploader.
    pub uploaded_by: UserId,
    /// Upload time.
    pub created_at: Timestamp,
    /// When it was recorded, if known.
    pub recorded_at: Option<RecordedAt>,
    /// The session of its band it was played in, if any.
    pub session_id: Option<SessionId>,
    /// Where its comments' revision starts: random, so that a version which reuses a
    /// deleted one's id (SQLite may) never shares a revision with it, nor its cached list.
    pub comments_rev: i64,
}

/// A new comment or reply row.
#[derive(Debug, Clone)]
pub struct NewComment {
    /// The version.
    pub version_id: VersionId,
    /// The comment replied to (replies only).
    pub parent_id: Option<CommentId>,
    /// The writer.
    pub author_id: UserId,
    /// The moment (comments only).
    pub at_ms: Option<i64>,
    /// The end of the range.
    pub until_ms: Option<i64>,
    /// The parsed text.
    pub body: String,
    /// The tag.
    pub tag: CommentTag,
    /// When.
    pub created_at: Timestamp,
}

/// A comment's changeable columns, as they are to be after an edit.
#[derive(Debug, Clone)]
pub struct CommentUpdate {
    /// Which comment.
    pub id: CommentId,
    /// Its text.
    pub body: String,
    /// Its tag.
    pub tag: CommentTag,
    /// Who resolved it (`None`: open).
    pub resolved_by: Option<UserId>,
    /// When its author last edited it.
    pub edited_at: Option<Timestamp>,
}

/// A new activity entry.
#[derive(Debug, Clone)]
pub struct NewActivity {
    /// The band.
    pub band_id: BandId,
    /// Who did it.
    pub actor_id: UserId,
    /// What happened.
    pub kind: ActivityKind,
    /// The user it happened to.
    pub subject_user_id: Option<UserId>,
    /// The invite, song or version concerned.
    pub subject_id: Option<i64>,
    /// A short detail (role, title, label).
    pub detail: String,
    /// When.
    pub at: Timestamp,
}

/// One connection or transaction. Methods are plain data operations, grouped by area in
/// the traits it extends; `use crate::store::*` brings them all into scope.
#[async_trait]
pub trait Tx:
    AccountRows + BandRows + InviteRows + SongRows + RehearsalRows + CommentRows + ActivityRows + Send
{
    /// Commits a write transaction (a no-op for a read connection).
    async fn commit(self: Box<Self>) -> StoreResult<()>;
    /// Serializes writers that change one band's memberships (no-op where the transaction
    /// already holds the database's write lock).
    async fn lock_band(&mut self, band: BandId) -> StoreResult<()>;
}

/// Accounts and sessions.
#[async_trait]
pub trait AccountRows: Send {
    /// Inserts an account; `UniqueViolation` if the username is taken.
    async fn insert_user(
        &mut self,
        username: &str,
        display_name: &str,
        password_hash: &str,
        now: Timestamp,
    ) -> StoreResult<User>;
    /// An account and its password hash, by canonical username.
    async fn user_with_password(&mut self, username: &str) -> StoreResult<Option<(User, String)>>;
    /// An account by id.
    async fn user(&mut self, id: UserId) -> StoreResult<Option<User>>;
    /// Stores a session.
    async fn insert_session(
        &mut self,
        hash: &TokenHash,
        user: UserId,
        now: Timestamp,
        expires_at: Timestamp,
    ) -> StoreResult<()>;
    /// The user of an unexpired session.
    async fn session_user(&mut self, hash: &TokenHash, now: Timestamp)
    -> StoreResult<Option<User>>;
    /// Deletes a session.
    async fn delete_session(&mut self, hash: &TokenHash) -> StoreResult<()>;
}

/// Bands and memberships.
#[async_trait]
pub trait BandRows: Send {
    /// Whether a band already has this slug.
    async fn slug_taken(&mut self, slug: &str) -> StoreResult<bool>;
    /// Inserts a band.
    async fn insert_band(
        &mut self,
        name: &str,
        slug: &str,
        created_by: UserId,
        now: Timestamp,
    ) -> StoreResult<BandRecord>;
    /// A band by id.
    async fn band(&mut self, id: BandId) -> StoreResult<Option<BandRecord>>;
    /// Renames a band (its slug stays: links to it keep working).
    async fn rename_band(&mut self, id: BandId, name: &str) -> StoreResult<()>;
    /// The bands a user belongs to, with their role, by name.
    async fn bands_of(&mut self, user: UserId) -> StoreResult<Vec<Band>>;
    /// A user's role in a band, if a member.
    async fn role_of(&mut self, band: BandId, user: UserId) -> StoreResult<Option<Role>>;
    /// Adds a member; `UniqueViolation` if already one.
    async fn insert_member(
        &mut self,
        band: BandId,
        user: UserId,
        role: Role,
        now: Timestamp,
    ) -> StoreResult<()>;
    /// One membership.
    async fn member(&mut self, band: BandId, user: UserId) -> StoreResult<Option<Member>>;
    /// A band's members, admins first, then by name.
    async fn members(&mut self, band: BandId) -> StoreResult<Vec<Member>>;
    /// Changes a member's role.
    async fn set_role(&mut self, band: BandId, user: UserId, role: Role) -> StoreResult<()>;
    /// Removes a membership; false if there was none.
    async fn delete_member(&mut self, band: BandId, user: UserId) -> StoreResult<bool>;
    /// How many admins a band has.
    async fn admin_count(&mut self, band: BandId) -> StoreResult<i64>;
    /// Users not in the band whose username or lower-cased display name starts with
    /// `prefix`, by username, at most `limit`.
    async fn search_non_members(
        &mut self,
        band: BandId,
        prefix: &str,
        now: Timestamp,
        limit: i64,
    ) -> StoreResult<Vec<NonMember>>;
}

/// Invites.
#[async_trait]
pub trait InviteRows: Send {
    /// Inserts an invite.
    async fn insert_invite(&mut self, invite: &NewInvite) -> StoreResult<InviteId>;
    /// An invite by id.
    async fn invite(&mut self, id: InviteId) -> StoreResult<Option<InviteRecord>>;
    /// An invite by its token's hash.
    async fn invite_by_token(&mut self, hash: &TokenHash) -> StoreResult<Option<InviteRecord>>;
    /// Marks a pending invite used by `user`, atomically: true only for the one caller
    /// whose guarded update found it unused, unrevoked and unexpired.
    async fn claim_invite(
        &mut self,
        id: InviteId,
        user: UserId,
        now: Timestamp,
    ) -> StoreResult<bool>;
    /// Marks an unused, unrevoked invite revoked (and declined, when `declined`); false if
    /// it was used or revoked already.
    async fn revoke_invite(
        &mut self,
        id: InviteId,
        now: Timestamp,
        declined: bool,
    ) -> StoreResult<bool>;
    /// Revokes every pending invite `creator` made for `band` (they stopped being its
    /// admin), marking why; returns the invitee of each (`None` for a token invite).
    async fn revoke_invites_created_by(
        &mut self,
        band: BandId,
        creator: UserId,
        now: Timestamp,
    ) -> StoreResult<Vec<Option<UserId>>>;
    /// A band's invites as listed (never a token or hash), newest first.
    async fn list_invites(
        &mut self,
        band: BandId,
        now: Timestamp,
        limit: i64,
        offset: i64,
    ) -> StoreResult<Vec<Invite>>;
    /// One invite as listed.
    async fn invite_view(&mut self, id: InviteId, now: Timestamp) -> StoreResult<Option<Invite>>;
    /// A band's invite counts: (total, pending at `now`).
    async fn invite_counts(&mut self, band: BandId, now: Timestamp) -> StoreResult<(i64, i64)>;
    /// Whether a pending direct invite to `user` exists for `band`.
    async fn has_pending_direct_invite(
        &mut self,
        band: BandId,
        user: UserId,
        now: Timestamp,
    ) -> StoreResult<bool>;
    /// A user's pending direct invites, newest first.
    async fn my_invites(&mut self, user: UserId, now: Timestamp) -> StoreResult<Vec<MyInvite>>;
}

/// Songs, versions and the blobs they name.
#[async_trait]
pub trait SongRows: Send {
    /// Inserts a song (its title folded for search, [`crate::song_search::fold`]);
    /// `UniqueViolation` if the band has one with that title.
    async fn insert_song(
        &mut self,
        band: BandId,
        title: &str,
        created_by: UserId,
        now: Timestamp,
    ) -> StoreResult<Song>;
    /// A song by id (without versions).
    async fn song(&mut self, id: SongId) -> StoreResult<Option<Song>>;
    /// Renames a song (`folded`: the title lower-cased, unique in its band);
    /// `UniqueViolation` if the band has one with that title.
    async fn rename_song(&mut self, id: SongId, title: &str, folded: &str) -> StoreResult<()>;
    /// Writes a song's details (all of them).
    async fn set_song_details(&mut self, id: SongId, details: &SongDetails) -> StoreResult<()>;
    /// A band's songs by title (without versions).
    async fn songs(&mut self, band: BandId) -> StoreResult<Vec<Song>>;
    /// All versions of a band's songs, newest first.
    async fn band_versions(&mut self, band: BandId) -> StoreResult<Vec<Version>>;
    /// The band's songs (without versions) that `find` finds, in its order.
    async fn find_songs(&mut self, find: &crate::song_search::SongFind) -> StoreResult<Vec<Song>>;
    /// The versions of these songs, newest first.
    async fn song_versions(&mut self, songs: &[SongId]) -> StoreResult<Vec<Version>>;
    /// How many songs a band has.
    async fn song_count(&mut self, band: BandId) -> StoreResult<i64>;
    /// Deletes a song and its versions; returns the blobs those versions named.
    async fn delete_song(&mut self, id: SongId) -> StoreResult<Vec<String>>;
    /// Inserts a version.
    async fn insert_version(&mut self, version: &NewVersion) -> StoreResult<VersionId>;
    /// A version by id, its comment counts not read (zero): permission checks read it.
    async fn version(&mut self, id: VersionId) -> StoreResult<Option<VersionRecord>>;
    /// A version by id with its comment counts.
    async fn version_counted(&mut self, id: VersionId) -> StoreResult<Option<VersionRecord>>;
    /// A version's stored waveform peaks.
    async fn version_peaks(&mut self, id: VersionId) -> StoreResult<Option<Vec<u8>>>;
    /// Changes a version's label.
    async fn relabel_version(&mut self, id: VersionId, label: &str) -> StoreResult<()>;
    /// Deletes a version; false if there was none.
    async fn delete_version(&mut self, id: VersionId) -> StoreResult<bool>;
    /// Whether any version names this blob.
    async fn blob_in_use(&mut self, sha256: &str) -> StoreResult<bool>;
}

/// A rehearsal session's columns.
#[derive(Debug, Clone)]
pub struct RehearsalFields {
    /// The day.
    pub date: SessionDate,
    /// Where.
    pub place: Option<PlaceName>,
    /// Notes.
    pub notes: Notes,
}

/// Rehearsal sessions and the versions sorted into them.
#[async_trait]
pub trait RehearsalRows: Send {
    /// Inserts a session; `UniqueViolation` if the band has one on that day.
    async fn insert_rehearsal(
        &mut self,
        band: BandId,
        fields: &RehearsalFields,
        created_by: UserId,
        now: Timestamp,
    ) -> StoreResult<SessionId>;
    /// A session by id, with its take count.
    async fn rehearsal(&mut self, id: SessionId) -> StoreResult<Option<Rehearsal>>;
    /// A band's sessions, newest day first.
    async fn rehearsals(&mut self, band: BandId) -> StoreResult<Vec<Rehearsal>>;
    /// Writes a session's columns; `UniqueViolation` if the band has another on that day.
    async fn update_rehearsal(
        &mut self,
        id: SessionId,
        fields: &RehearsalFields,
    ) -> StoreResult<()>;
    /// Deletes a session; its versions stay, in no session.
    async fn delete_rehearsal(&mut self, id: SessionId) -> StoreResult<()>;
    /// A session's takes, in any order.
    async fn rehearsal_takes(&mut self, id: SessionId) -> StoreResult<Vec<Take>>;
    /// Puts a version into a session, or into none.
    async fn move_version(&mut self, id: VersionId, session: Option<SessionId>) -> StoreResult<()>;
}

/// Comments and replies.
#[async_trait]
pub trait CommentRows: Send {
    /// Inserts a comment or a reply (and bumps its version's `comments_rev`).
    async fn insert_comment(&mut self, comment: &NewComment) -> StoreResult<CommentId>;
    /// A comment or reply by id, with its band and reply count.
    async fn comment(&mut self, id: CommentId) -> StoreResult<Option<CommentRecord>>;
    /// A version's comments and replies, flat and in any order, without `replies` filled.
    async fn version_comments(&mut self, version: VersionId) -> StoreResult<Vec<Comment>>;
    /// Writes a comment's changeable columns (and bumps `comments_rev`).
    async fn update_comment(&mut self, update: &CommentUpdate) -> StoreResult<()>;
    /// Keeps a comment that has replies as deleted: empties its body, sets `deleted_at`
    /// (and bumps `comments_rev`).
    async fn mark_comment_deleted(&mut self, id: CommentId, now: Timestamp) -> StoreResult<()>;
    /// Deletes a comment and its replies (and bumps `comments_rev`).
    async fn delete_comment(&mut self, id: CommentId) -> StoreResult<()>;
}

/// The activity log.
#[async_trait]
pub trait ActivityRows: Send {
    /// Appends to the activity log.
    async fn insert_activity(&mut self, entry: &NewActivity) -> StoreResult<()>;
    /// A band's activity, newest first, at most `limit`.
    async fn activity(&mut self, band: BandId, limit: i64) -> StoreResult<Vec<ActivityEntry>>;
}
