//! The statements both databases run as written. `$n` placeholders, `RETURNING`, `COUNT(*)
//! FILTER` and integer Unix-second timestamps are understood by SQLite and PostgreSQL alike.
//! Text columns compared by range (`username`, `display_name_lc`) use bytewise collation in
//! both schemas, so a prefix search is an index range scan.

macro_rules! invite_list_select {
    () => {
        "SELECT i.id, i.band_id, i.kind, i.role, i.created_at, i.expires_at, i.used_at, \
         i.revoked_at, i.declined_at, i.revoked_reason, \
         cu.id AS cb_id, cu.username AS cb_username, cu.display_name AS cb_display_name, \
         uu.id AS ub_id, uu.username AS ub_username, uu.display_name AS ub_display_name, \
         iu.id AS iv_id, iu.username AS iv_username, iu.display_name AS iv_display_name \
         FROM invites i \
         JOIN users cu ON cu.id = i.created_by \
         LEFT JOIN users uu ON uu.id = i.used_by \
         LEFT JOIN users iu ON iu.id = i.invitee_id "
    };
}

macro_rules! invite_select {
    () => {
        "SELECT id, band_id, kind, role, created_by, created_at, expires_at, invitee_id, \
         used_at, used_by, revoked_at, declined_at FROM invites "
    };
}

/// A version with its band and uploader; `$counts` is either the comment counts or zeros.
macro_rules! version_select {
    ($counts:expr) => {
        concat!(
            "SELECT v.id, v.song_id, s.band_id, v.label, v.format, v.size_bytes, v.duration_ms, \
             v.sample_rate, v.channels, v.blob_sha256, v.created_at, v.recorded_at, v.session_id, \
             v.comments_rev, ",
            $counts,
            ", u.id AS up_id, u.username AS up_username, u.display_name AS up_display_name \
             FROM versions v JOIN songs s ON s.id = v.song_id JOIN users u ON u.id = v.uploaded_by "
        )
    };
}

/// A version's comment counts, each from its own partial index.
macro_rules! comment_counts {
    () => {
        "(SELECT COUNT(*) FROM comments c WHERE c.version_id = v.id AND c.deleted_at IS NULL) \
           AS comment_count, \
         (SELECT COUNT(*) FROM comments c WHERE c.version_id = v.id AND c.parent_id IS NULL \
           AND c.tag = 'issue' AND c.resolved_by IS NULL AND c.deleted_at IS NULL) AS open_issues, \
         (SELECT COUNT(*) FROM comments c WHERE c.version_id = v.id AND c.parent_id IS NULL \
           AND c.tag = 'keeper' AND c.deleted_at IS NULL) AS keepers"
    };
}

/// Where the counts are not wanted: every permission check reads the version.
macro_rules! no_counts {
    () => {
        "CAST(0 AS BIGINT) AS comment_count, CAST(0 AS BIGINT) AS open_issues, \
         CAST(0 AS BIGINT) AS keepers"
    };
}

macro_rules! comment_select {
    () => {
        "SELECT c.id, c.version_id, c.parent_id, c.at_ms, c.until_ms, c.body, c.tag, \
         c.created_at, c.edited_at, c.deleted_at, \
         a.id AS author_id, a.username AS author_username, a.display_name AS author_display_name, \
         r.id AS resolver_id, r.username AS resolver_username, \
         r.display_name AS resolver_display_name \
         FROM comments c JOIN users a ON a.id = c.author_id LEFT JOIN users r ON r.id = c.resolved_by "
    };
}

macro_rules! member_select {
    () => {
        "SELECT m.band_id, m.user_id AS member_id, u.username, u.display_name, m.role, m.joined_at \
         FROM band_members m JOIN users u ON u.id = m.user_id "
    };
}

pub const INSERT_USER: &str = "INSERT INTO users (username, display_name, display_name_lc, password_hash, created_at) \
     VALUES ($1, $2, $3, $4, $5) RETURNING id, username, display_name";
pub const USER_WITH_PASSWORD: &str =
    "SELECT id, username, display_name, password_hash FROM users WHERE username = $1";
pub const USER: &str = "SELECT id, username, display_name FROM users WHERE id = $1";
pub const INSERT_SESSION: &str =
    "INSERT INTO sessions (token_hash, user_id, created_at, expires_at) VALUES ($1, $2, $3, $4)";
pub const SESSION_USER: &str = "SELECT u.id, u.username, u.display_name FROM sessions s \
     JOIN users u ON u.id = s.user_id WHERE s.token_hash = $1 AND s.expires_at > $2";
pub const DELETE_SESSION: &str = "DELETE FROM sessions WHERE token_hash = $1";

pub const SLUG_COUNT: &str = "SELECT COUNT(*) FROM bands WHERE slug = $1";
pub const INSERT_BAND: &str = "INSERT INTO bands (name, slug, created_by, created_at) VALUES ($1, $2, $3, $4) \
     RETURNING id, name, slug, created_at";
pub const BAND: &str = "SELECT id, name, slug, created_at FROM bands WHERE id = $1";
pub const RENAME_BAND: &str = "UPDATE bands SET name = $2 WHERE id = $1";
pub const BANDS_OF: &str = "SELECT b.id, b.name, b.slug, b.created_at, m.role AS my_role \
     FROM band_members m JOIN bands b ON b.id = m.band_id WHERE m.user_id = $1 ORDER BY b.name, b.id";
pub const ROLE_OF: &str = "SELECT role FROM band_members WHERE band_id = $1 AND user_id = $2";
pub const INSERT_MEMBER: &str =
    "INSERT INTO band_members (band_id, user_id, role, joined_at) VALUES ($1, $2, $3, $4)";
pub const MEMBER: &str = concat!(member_select!(), "WHERE m.band_id = $1 AND m.user_id = $2");
pub const MEMBERS: &str = concat!(
    member_select!(),
    "WHERE m.band_id = $1 ORDER BY m.role, u.display_name_lc, u.id"
);
pub const SET_ROLE: &str = "UPDATE band_members SET role = $3 WHERE band_id = $1 AND user_id = $2";
pub const DELETE_MEMBER: &str = "DELETE FROM band_members WHERE band_id = $1 AND user_id = $2";
pub const ADMIN_COUNT: &str =
    "SELECT COUNT(*) FROM band_members WHERE band_id = $1 AND role = 'admin'";
/// Each branch walks one index in order and stops at `$4` non-members, so the cost does not
/// grow with the number of users sharing a prefix.
pub const SEARCH_NON_MEMBERS: &str = "SELECT u.id, u.username, u.display_name, \
     (SELECT COUNT(*) FROM invites i WHERE i.band_id = $1 AND i.invitee_id = u.id \
        AND i.used_at IS NULL AND i.revoked_at IS NULL AND i.expires_at > $5) AS invited \
     FROM users u WHERE u.id IN ( \
       SELECT id FROM (SELECT id FROM users x WHERE x.username >= $2 AND x.username < $3 \
         AND NOT EXISTS (SELECT 1 FROM band_members m WHERE m.band_id = $1 AND m.user_id = x.id) \
         ORDER BY x.username LIMIT $4) a \
       UNION \
       SELECT id FROM (SELECT id FROM users y WHERE y.display_name_lc >= $2 AND y.display_name_lc < $3 \
         AND NOT EXISTS (SELECT 1 FROM band_members m WHERE m.band_id = $1 AND m.user_id = y.id) \
         ORDER BY y.display_name_lc LIMIT $4) b) \
     ORDER BY u.username LIMIT $4";

pub const INSERT_INVITE: &str = "INSERT INTO invites (band_id, kind, token_hash, role, created_by, created_at, \
     expires_at, invitee_id) VALUES ($1, $2, $3, $4, $5, $6, $7, $8) RETURNING id";
pub const INVITE: &str = concat!(invite_select!(), "WHERE id = $1");
pub const INVITE_BY_TOKEN: &str = concat!(invite_select!(), "WHERE token_hash = $1");
pub const CLAIM_INVITE: &str = "UPDATE invites SET used_at = $3, used_by = $2 \
     WHERE id = $1 AND used_at IS NULL AND revoked_at IS NULL AND expires_at > $3 RETURNING id";
pub const REVOKE_INVITE: &str = "UPDATE invites SET revoked_at = $2, declined_at = $3 \
     WHERE id = $1 AND used_at IS NULL AND revoked_at IS NULL RETURNING id";
pub const REVOKE_INVITES_CREATED_BY: &str = "UPDATE invites SET revoked_at = $3, \
     revoked_reason = 'creator_not_admin' WHERE band_id = $1 AND created_by = $2 \
     AND used_at IS NULL AND revoked_at IS NULL AND expires_at > $3 RETURNING invitee_id";
pub const LIST_INVITES: &str = concat!(
    invite_list_select!(),
    "WHERE i.band_id = $1 ORDER BY i.created_at DESC, i.id DESC LIMIT $2 OFFSET $3"
);
pub const INVITE_VIEW: &str = concat!(invite_list_select!(), "WHERE i.id = $1");
pub const INVITE_COUNTS: &str = "SELECT COUNT(*) AS total, COUNT(*) FILTER (WHERE revoked_at IS NULL \
     AND used_at IS NULL AND expires_at > $2) AS pending FROM invites WHERE band_id = $1";
pub const PENDING_DIRECT_COUNT: &str = "SELECT COUNT(*) FROM invites WHERE band_id = $1 AND invitee_id = $2 \
     AND used_at IS NULL AND revoked_at IS NULL AND expires_at > $3";
pub const MY_INVITES: &str = "SELECT i.id, i.band_id, b.name AS band_name, i.role, \
     u.display_name AS invited_by, i.created_at, i.expires_at \
     FROM invites i JOIN bands b ON b.id = i.band_id JOIN users u ON u.id = i.created_by \
     WHERE i.invitee_id = $1 AND i.used_at IS NULL AND i.revoked_at IS NULL AND i.expires_at > $2 \
       AND NOT EXISTS (SELECT 1 FROM band_members m WHERE m.band_id = i.band_id AND m.user_id = $1) \
     ORDER BY i.created_at DESC, i.id DESC";

/// A song's columns, as [`crate::rows::SongRow`] reads them.
macro_rules! song_columns {
    () => {
        "id, band_id, title, created_at, tags, musical_key, bpm, status, notes"
    };
}

pub const INSERT_SONG: &str = concat!(
    "INSERT INTO songs (band_id, title, title_lc, created_by, created_at, title_fold) \
     VALUES ($1, $2, $3, $4, $5, $6) RETURNING ",
    song_columns!()
);
pub const SONG: &str = concat!("SELECT ", song_columns!(), " FROM songs WHERE id = $1");
pub const RENAME_SONG: &str =
    "UPDATE songs SET title = $2, title_lc = $3, title_fold = $4 WHERE id = $1";
pub const SET_SONG_DETAILS: &str = "UPDATE songs SET tags = $2, musical_key = $3, bpm = $4, \
     status = $5, notes = $6 WHERE id = $1";
pub const SONGS: &str = concat!(
    "SELECT ",
    song_columns!(),
    " FROM songs WHERE band_id = $1 ORDER BY title_lc, id"
);
pub const BAND_VERSIONS: &str = concat!(
    version_select!(comment_counts!()),
    "WHERE s.band_id = $1 ORDER BY v.created_at DESC, v.id DESC"
);
/// [`BAND_VERSIONS`] for the songs bound as `$1`…`$n`, newest first.
pub fn song_versions(n: usize) -> String {
    let marks: Vec<String> = (1..=n.max(1)).map(|i| format!("${i}")).collect();
    format!(
        "{}WHERE v.song_id IN ({}) ORDER BY v.created_at DESC, v.id DESC",
        version_select!(comment_counts!()),
        marks.join(", ")
    )
}
pub const SONG_COUNT: &str = "SELECT COUNT(*) FROM songs WHERE band_id = $1";
pub const UNFOLDED_TITLES: &str = "SELECT id, title FROM songs WHERE title_fold = ''";
pub const SET_TITLE_FOLD: &str = "UPDATE songs SET title_fold = $2 WHERE id = $1";
pub const SONG_BLOBS: &str = "SELECT DISTINCT blob_sha256 FROM versions WHERE song_id = $1";
pub const DELETE_SONG: &str = "DELETE FROM songs WHERE id = $1";
pub const INSERT_VERSION: &str = "INSERT INTO versions (song_id, label, format, size_bytes, duration_ms, \
     sample_rate, channels, peaks, blob_sha256, uploaded_by, created_at, comments_rev, recorded_at, \
     session_id) VALUES ($1, $2, $3, $4, $5, $6, $7, $8, $9, $10, $11, $12, $13, $14) RETURNING id";
pub const VERSION: &str = concat!(version_select!(no_counts!()), "WHERE v.id = $1");
pub const VERSION_COUNTED: &str = concat!(version_select!(comment_counts!()), "WHERE v.id = $1");
pub const VERSION_PEAKS: &str = "SELECT peaks FROM versions WHERE id = $1";
pub const DELETE_VERSION: &str = "DELETE FROM versions WHERE id = $1";
pub const RELABEL_VERSION: &str = "UPDATE versions SET label = $2 WHERE id = $1";
pub const MOVE_VERSION: &str = "UPDATE versions SET session_id = $2 WHERE id = $1";

/// A session's columns with its creator and take count, as [`crate::rows::RehearsalRow`]
/// reads them.
macro_rules! rehearsal_select {
    () => {
        "SELECT r.id, r.band_id, r.date, r.place, r.notes, r.created_at, \
         u.id AS by_id, u.username AS by_username, u.display_name AS by_display_name, \
         (SELECT COUNT(*) FROM versions v WHERE v.session_id = r.id) AS take_count \
         FROM rehearsal_sessions r JOIN users u ON u.id = r.created_by "
    };
}

pub const INSERT_REHEARSAL: &str = "INSERT INTO rehearsal_sessions (band_id, date, place, notes, \
     created_by, created_at) VALUES ($1, $2, $3, $4, $5, $6) RETURNING id";
pub const REHEARSAL: &str = concat!(rehearsal_select!(), "WHERE r.id = $1");
pub const REHEARSALS: &str = concat!(
    rehearsal_select!(),
    "WHERE r.band_id = $1 ORDER BY r.date DESC, r.id DESC"
);
pub const UPDATE_REHEARSAL: &str =
    "UPDATE rehearsal_sessions SET date = $2, place = $3, notes = $4 WHERE id = $1";
pub const DELETE_REHEARSAL: &str = "DELETE FROM rehearsal_sessions WHERE id = $1";
pub const REHEARSAL_TAKES: &str = concat!(
    version_select!(concat!(comment_counts!(), ", s.title AS song_title")),
    "WHERE v.session_id = $1"
);
pub const BLOB_USES: &str = "SELECT COUNT(*) FROM versions WHERE blob_sha256 = $1";

pub const INSERT_COMMENT: &str = "INSERT INTO comments (version_id, parent_id, author_id, at_ms, \
     until_ms, body, tag, created_at) VALUES ($1, $2, $3, $4, $5, $6, $7, $8) RETURNING id";
pub const BUMP_COMMENTS_REV: &str =
    "UPDATE versions SET comments_rev = comments_rev + 1 WHERE id = $1";
pub const BUMP_COMMENTS_REV_OF: &str = "UPDATE versions SET comments_rev = comments_rev + 1 \
     WHERE id = (SELECT version_id FROM comments WHERE id = $1)";
pub const COMMENT: &str = concat!(comment_select!(), "WHERE c.id = $1");
pub const COMMENT_PLACE: &str = "SELECT s.band_id, \
     (SELECT COUNT(*) FROM comments x WHERE x.parent_id = c.id) AS replies \
     FROM comments c JOIN versions v ON v.id = c.version_id JOIN songs s ON s.id = v.song_id \
     WHERE c.id = $1";
/// The columns of a version's comments as one JSON array of arrays (the stores wrap it in
/// their JSON aggregate): one row to transfer instead of thousands. Read by
/// [`crate::rows::comments_from_json`], in this order.
#[macro_export]
macro_rules! comment_json_columns {
    () => {
        "c.id, c.parent_id, c.at_ms, c.until_ms, c.body, c.tag, c.created_at, c.edited_at, \
         c.deleted_at, c.author_id, c.resolved_by"
    };
}
/// What the aggregate reads from.
#[macro_export]
macro_rules! comment_json_from {
    () => {
        " FROM comments c WHERE c.version_id = $1"
    };
}
/// The users with the ids bound as `$1`…`$n` (see [`users_by_ids`]).
pub const USERS_BY_IDS: &str = "SELECT id, username, display_name FROM users WHERE id IN (";

/// [`USERS_BY_IDS`] for `n` ids (at least one).
pub fn users_by_ids(n: usize) -> String {
    let marks: Vec<String> = (1..=n.max(1)).map(|i| format!("${i}")).collect();
    format!("{USERS_BY_IDS}{})", marks.join(", "))
}
pub const UPDATE_COMMENT: &str =
    "UPDATE comments SET body = $2, tag = $3, resolved_by = $4, edited_at = $5 WHERE id = $1";
pub const MARK_COMMENT_DELETED: &str =
    "UPDATE comments SET body = '', resolved_by = NULL, deleted_at = $2 WHERE id = $1";
pub const DELETE_COMMENT: &str = "DELETE FROM comments WHERE id = $1";

pub const INSERT_ACTIVITY: &str = "INSERT INTO activity (band_id, actor_id, kind, subject_user_id, \
     subject_id, detail, at) VALUES ($1, $2, $3, $4, $5, $6, $7)";
pub const ACTIVITY: &str = "SELECT a.id, a.band_id, a.kind, a.subject_id, a.detail, a.at, \
     au.id AS actor_id, au.username AS actor_username, au.display_name AS actor_display_name, \
     su.id AS su_id, su.username AS su_username, su.display_name AS su_display_name \
     FROM activity a JOIN users au ON au.id = a.actor_id LEFT JOIN users su ON su.id = a.subject_user_id \
     WHERE a.band_id = $1 ORDER BY a.id DESC LIMIT $2";
