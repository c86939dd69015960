-- A song's details beside its title (SPEC §5b). The tags are a JSON array of tags the core
-- has normalised (and parses again when it reads them): a band has hundreds of songs, which
-- the core filters itself, so no table of tags is needed to search them.
ALTER TABLE songs ADD COLUMN tags TEXT NOT NULL DEFAULT '[]';
ALTER TABLE songs ADD COLUMN musical_key TEXT;
ALTER TABLE songs ADD COLUMN bpm BIGINT CHECK (bpm BETWEEN 20 AND 400);
ALTER TABLE songs ADD COLUMN status TEXT NOT NULL DEFAULT 'idea'
    CHECK (status IN ('idea', 'learning', 'ready', 'retired'));
ALTER TABLE songs ADD COLUMN notes TEXT NOT NULL DEFAULT '';

-- When a take was recorded, as the recorder's clock showed it (no time zone), written
-- YYYY-MM-DDTHH:MM:SS so that text order is time order.
ALTER TABLE versions ADD COLUMN recorded_at TEXT;
