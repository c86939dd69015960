-- A version's comment list is read by one scan of this index, which holds every column the
-- list shows in id order: no look-up of each row in the table (4,000 of them cost half a
-- millisecond of a cold read). It also serves whatever `comments_version` served (the
-- version's cascade, its counts' fallbacks), so that one goes. SQLite only: PostgreSQL's
-- server keeps the lists it serialized, and its planner would need the visibility map.
CREATE INDEX comments_listed ON comments (
    version_id, id, parent_id, at_ms, until_ms, tag, created_at, edited_at, deleted_at,
    author_id, resolved_by, body
);
DROP INDEX comments_version;
