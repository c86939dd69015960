-- The song search runs in the database (SPEC §5b): titles folded as the core folds them
-- (lower case, accents off; filled by the core: SQL has no Unicode decomposition, and
-- rows written before this column are folded when the store opens), compared byte by
-- byte as the core sorts them; a take's upload time beside its song for "latest take".
ALTER TABLE songs ADD COLUMN title_fold TEXT NOT NULL DEFAULT '';
CREATE INDEX songs_band_fold ON songs (band_id, title_fold COLLATE "C");
CREATE INDEX versions_song_created ON versions (song_id, created_at);
