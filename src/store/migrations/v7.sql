-- Version 6 -> 7: mementos (copies of cited pages held by public web archives, found
-- through RFC 7089 TimeGates by `links memento`).

-- Append-only: one question to one TimeGate about one link, and its answer. A memento
-- found has its URI and its Memento-Datetime; none found leaves both null (`error`
-- says why when the TimeGate could not be asked).
CREATE TABLE mementos (
    id               INTEGER PRIMARY KEY,
    link_id          INTEGER NOT NULL REFERENCES links(id),
    asked_at         TEXT NOT NULL,
    -- The TimeGate as given: a prefix the original URL is appended to.
    timegate         TEXT NOT NULL,
    -- The datetime asked for (Accept-Datetime): the claim's date, else the link's
    -- first recording.
    accept_datetime  TEXT NOT NULL,
    memento_url      TEXT,
    memento_datetime TEXT,
    error            TEXT,
    CHECK ((memento_url IS NULL) = (memento_datetime IS NULL))
);
CREATE INDEX mementos_by_link ON mementos(link_id, id);

CREATE TRIGGER mementos_no_update BEFORE UPDATE ON mementos
BEGIN
    SELECT RAISE(ABORT, 'mementos are append-only');
END;
CREATE TRIGGER mementos_no_delete BEFORE DELETE ON mementos
BEGIN
    SELECT RAISE(ABORT, 'mementos are append-only');
END;
CREATE TRIGGER mementos_no_replace BEFORE INSERT ON mementos
WHEN EXISTS (SELECT 1 FROM mementos WHERE id = NEW.id)
BEGIN
    SELECT RAISE(ABORT, 'mementos are append-only');
END;

-- The latest memento found for the link, for listings and the report.
ALTER TABLE links ADD COLUMN memento_url TEXT;
ALTER TABLE links ADD COLUMN memento_datetime TEXT;
