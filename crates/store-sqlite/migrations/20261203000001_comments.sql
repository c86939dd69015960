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
CREATE INDEX comments_version ON comments (version_id, parent_id, at_ms, id);
CREATE INDEX comments_parent ON comments (parent_id) WHERE parent_id IS NOT NULL;

-- Bumped by every write to a version's comments, in the same transaction: a server answers
-- a repeated read of the list from what it serialized for this revision.
ALTER TABLE versions ADD COLUMN comments_rev INTEGER NOT NULL DEFAULT 0;
