-- RehearsalHub schema, SQLite. Times are Unix seconds; ids are INTEGER PRIMARY KEY (64-bit).
-- Text compared by range (username, display_name_lc) keeps the default BINARY collation.

CREATE TABLE users (
    id               INTEGER PRIMARY KEY,
    username         TEXT    NOT NULL UNIQUE,          -- canonical lower case
    display_name     TEXT    NOT NULL,
    display_name_lc  TEXT    NOT NULL,
    password_hash    TEXT    NOT NULL,                 -- Argon2id PHC string
    created_at       INTEGER NOT NULL
);
CREATE INDEX users_display_name_lc ON users (display_name_lc);

CREATE TABLE sessions (
    token_hash  BLOB    PRIMARY KEY,                   -- SHA-256 of the token
    user_id     INTEGER NOT NULL REFERENCES users (id) ON DELETE CASCADE,
    created_at  INTEGER NOT NULL,
    expires_at  INTEGER NOT NULL
);
CREATE INDEX sessions_user ON sessions (user_id);

CREATE TABLE bands (
    id          INTEGER PRIMARY KEY,
    name        TEXT    NOT NULL,
    slug        TEXT    NOT NULL UNIQUE,
    created_by  INTEGER NOT NULL REFERENCES users (id),
    created_at  INTEGER NOT NULL
);

CREATE TABLE band_members (
    band_id    INTEGER NOT NULL REFERENCES bands (id) ON DELETE CASCADE,
    user_id    INTEGER NOT NULL REFERENCES users (id) ON DELETE CASCADE,
    role       TEXT    NOT NULL CHECK (role IN ('admin', 'member')),
    joined_at  INTEGER NOT NULL,
    PRIMARY KEY (band_id, user_id)
);
CREATE INDEX band_members_user ON band_members (user_id);

CREATE TABLE invites (
    id           INTEGER PRIMARY KEY,
    band_id      INTEGER NOT NULL REFERENCES bands (id) ON DELETE CASCADE,
    kind         TEXT    NOT NULL CHECK (kind IN ('token', 'direct')),
    token_hash   BLOB    UNIQUE,                       -- SHA-256 of the token; NULL for direct
    role         TEXT    NOT NULL CHECK (role IN ('admin', 'member')),
    created_by   INTEGER NOT NULL REFERENCES users (id),
    created_at   INTEGER NOT NULL,
    expires_at   INTEGER NOT NULL,
    invitee_id   INTEGER REFERENCES users (id) ON DELETE CASCADE,
    used_at      INTEGER,
    used_by      INTEGER REFERENCES users (id),
    revoked_at   INTEGER,
    declined_at  INTEGER,
    CHECK ((kind = 'token') = (token_hash IS NOT NULL)),
    CHECK ((kind = 'direct') = (invitee_id IS NOT NULL))
);
CREATE INDEX invites_band ON invites (band_id, created_at DESC, id DESC);
CREATE INDEX invites_invitee ON invites (invitee_id) WHERE invitee_id IS NOT NULL;

CREATE TABLE songs (
    id          INTEGER PRIMARY KEY,
    band_id     INTEGER NOT NULL REFERENCES bands (id) ON DELETE CASCADE,
    title       TEXT    NOT NULL,
    title_lc    TEXT    NOT NULL,
    created_by  INTEGER NOT NULL REFERENCES users (id),
    created_at  INTEGER NOT NULL,
    UNIQUE (band_id, title_lc)
);

CREATE TABLE versions (
    id           INTEGER PRIMARY KEY,
    song_id      INTEGER NOT NULL REFERENCES songs (id) ON DELETE CASCADE,
    label        TEXT    NOT NULL,
    format       TEXT    NOT NULL CHECK (format IN ('wav', 'mp3', 'flac', 'ogg')),
    size_bytes   INTEGER NOT NULL,
    duration_ms  INTEGER,
    sample_rate  INTEGER,
    channels     INTEGER,
    peaks        BLOB,
    blob_sha256  TEXT    NOT NULL,
    uploaded_by  INTEGER NOT NULL REFERENCES users (id),
    created_at   INTEGER NOT NULL
);
CREATE INDEX versions_song ON versions (song_id);
CREATE INDEX versions_blob ON versions (blob_sha256);

CREATE TABLE activity (
    id               INTEGER PRIMARY KEY,
    band_id          INTEGER NOT NULL REFERENCES bands (id) ON DELETE CASCADE,
    actor_id         INTEGER NOT NULL REFERENCES users (id),
    kind             TEXT    NOT NULL,
    subject_user_id  INTEGER REFERENCES users (id),
    subject_id       INTEGER,
    detail           TEXT    NOT NULL DEFAULT '',
    at               INTEGER NOT NULL
);
CREATE INDEX activity_band ON activity (band_id, id DESC);
