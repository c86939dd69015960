-- Rehearsal sessions (SPEC §5b): one per band and day, written YYYY-MM-DD so that text order
-- is date order. Deleting one keeps its takes: they become unsorted (SET NULL).
CREATE TABLE rehearsal_sessions (
    id          INTEGER PRIMARY KEY,
    band_id     INTEGER NOT NULL REFERENCES bands (id) ON DELETE CASCADE,
    date        TEXT    NOT NULL,
    place       TEXT,
    notes       TEXT    NOT NULL DEFAULT '',
    created_by  INTEGER NOT NULL REFERENCES users (id),
    created_at  INTEGER NOT NULL,
    UNIQUE (band_id, date)
);

-- The session a take was played in (of its own band: the core checks that).
ALTER TABLE versions ADD COLUMN session_id INTEGER REFERENCES rehearsal_sessions (id) ON DELETE SET NULL;
CREATE INDEX versions_session ON versions (session_id) WHERE session_id IS NOT NULL;
