-- Version 3 -> 4: captures (WARC copies of cited pages taken by claimlog), and drift
-- by main text (the article without its page furniture) with quotation checks.

-- Append-only: one capture of one link. The record lies in `warc_file` (relative to
-- the archive directory) at `warc_offset`, `warc_length` bytes (one gzip member). A
-- row is written only after its record is on disk.
CREATE TABLE captures (
    id             INTEGER PRIMARY KEY,
    link_id        INTEGER NOT NULL REFERENCES links(id),
    captured_at    TEXT NOT NULL,
    -- The URL fetched, after redirects.
    url            TEXT NOT NULL,
    http_status    INTEGER NOT NULL,
    -- 'revisit': the payload is the same as that of the capture `refers_to`.
    kind           TEXT NOT NULL CHECK (kind IN ('response', 'revisit')),
    warc_file      TEXT NOT NULL,
    warc_offset    INTEGER NOT NULL CHECK (warc_offset >= 0),
    warc_length    INTEGER NOT NULL CHECK (warc_length > 0),
    payload_digest TEXT NOT NULL,
    block_digest   TEXT NOT NULL,
    body_bytes     INTEGER NOT NULL,
    truncated      INTEGER NOT NULL DEFAULT 0 CHECK (truncated IN (0, 1)),
    refers_to      INTEGER REFERENCES captures(id),
    CHECK ((kind = 'revisit') = (refers_to IS NOT NULL))
);
CREATE INDEX captures_by_link ON captures(link_id, id);

CREATE TRIGGER captures_no_update BEFORE UPDATE ON captures
BEGIN
    SELECT RAISE(ABORT, 'captures are append-only');
END;
CREATE TRIGGER captures_no_delete BEFORE DELETE ON captures
BEGIN
    SELECT RAISE(ABORT, 'captures are append-only');
END;
CREATE TRIGGER captures_no_replace BEFORE INSERT ON captures
WHEN EXISTS (SELECT 1 FROM captures WHERE id = NEW.id)
BEGIN
    SELECT RAISE(ABORT, 'captures are append-only');
END;

-- Append-only: a link's main text (the article, boilerplate removed), kept each time
-- it changed, so that `links diff` can show what changed.
CREATE TABLE page_texts (
    id         INTEGER PRIMARY KEY,
    link_id    INTEGER NOT NULL REFERENCES links(id),
    seen_at    TEXT NOT NULL,
    -- blake3 of the text with volatile phrases masked: equal hashes, no drift.
    main_hash  TEXT NOT NULL,
    text       TEXT NOT NULL
);
CREATE INDEX page_texts_by_link ON page_texts(link_id, id);

CREATE TRIGGER page_texts_no_update BEFORE UPDATE ON page_texts
BEGIN
    SELECT RAISE(ABORT, 'page texts are append-only');
END;
CREATE TRIGGER page_texts_no_delete BEFORE DELETE ON page_texts
BEGIN
    SELECT RAISE(ABORT, 'page texts are append-only');
END;
CREATE TRIGGER page_texts_no_replace BEFORE INSERT ON page_texts
WHEN EXISTS (SELECT 1 FROM page_texts WHERE id = NEW.id)
BEGIN
    SELECT RAISE(ABORT, 'page texts are append-only');
END;

-- When the link was last captured, for `links archive --stale-after`.
ALTER TABLE links ADD COLUMN last_captured_at TEXT;
-- When a check found a citing claim's words gone from the page (cleared by a check
-- that finds them again).
ALTER TABLE links ADD COLUMN quote_removed_at TEXT;
-- The check's main-text hash, and the claim words it found gone from the page.
ALTER TABLE link_checks ADD COLUMN main_hash TEXT;
ALTER TABLE link_checks ADD COLUMN quote_removed TEXT;
