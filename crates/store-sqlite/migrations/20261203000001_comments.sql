-- Comments on versions and replies to them (SPEC §5). A comment has a moment (at_ms) or a
-- range (at_ms..until_ms); a reply has a parent and no time of its own. A comment deleted
-- while it has replies keeps its row (deleted_at set, body emptied) so its replies stay.
-- Deleting a version deletes its comments (ON DELETE CASCADE).
CREATE TABLE comments (
    id           INTEGER PRIMARY KEY,
    version_id   INTEGER NOT NULL REFERENCES versions (id) ON DELETE CASCADE,
    parent_id    INTEGER REFERENCES comments (id) ON DELETE CASCADE,
    author_id    INTEGER NOT NULL REFERENCES users (id),
    at_ms        INTEGER,
    until_ms     INTEGER,
    body         TEXT    NOT NULL,
    tag          TEXT    NOT NULL CHECK (tag IN ('note', 'suggestion', 'issue', 'keeper')),
    resolved_by  INTEGER REFERENCES users (id),
    created_at   INTEGER NOT NULL,
    edited_at    INTEGER,
    deleted_at   INTEGER,
    CHECK ((parent_id IS NULL) = (at_ms IS NOT NULL)),
    CHECK (until_ms IS NULL OR (at_ms IS NOT NULL AND until_ms > at_ms)),
    CHECK (resolved_by IS NULL OR tag = 'issue')
);
CREATE INDEX comments_version ON comments (version_id);
CREATE INDEX comments_parent ON comments (parent_id) WHERE parent_id IS NOT NULL;
-- The counts a version's row shows, each read from an index of its own.
CREATE INDEX comments_live ON comments (version_id) WHERE deleted_at IS NULL;
CREATE INDEX comments_open_issues ON comments (version_id)
    WHERE parent_id IS NULL AND tag = 'issue' AND resolved_by IS NULL AND deleted_at IS NULL;
CREATE INDEX comments_keepers ON comments (version_id)
    WHERE parent_id IS NULL AND tag = 'keeper' AND deleted_at IS NULL;

-- Bumped by every write to a version's comments, in the same transaction: a hub or a server
-- answers a repeated read of the list from what it assembled for this revision. New versions
-- start it at a random value, so a version that reuses a deleted one's id (SQLite may) never
-- shares a revision with it.
ALTER TABLE versions ADD COLUMN comments_rev INTEGER NOT NULL DEFAULT 0;
