-- Version 1 -> 2, in place, inside the transaction that sets user_version = 2.
-- Every object it creates is spelled as in schema.sql (a test compares the two).
--
-- * who recorded each event and revision (actor), and retractions;
-- * append-only tables also refuse INSERT OR REPLACE; a claim's state changes only
--   through events, and is the latest event by time (ties by insertion), recomputed here
--   for files where a back-dated event had become current;
-- * the search table no longer needs SQLite 3.43 (contentless_delete).

ALTER TABLE verification_events ADD COLUMN actor TEXT;
ALTER TABLE claim_revisions ADD COLUMN actor TEXT;

DROP INDEX verification_events_by_claim;
CREATE INDEX verification_events_by_claim ON verification_events(claim_id, at, id);
DROP TRIGGER verification_events_set_state;

CREATE TRIGGER verification_events_no_replace BEFORE INSERT ON verification_events
WHEN EXISTS (SELECT 1 FROM verification_events WHERE id = NEW.id)
BEGIN
    SELECT RAISE(ABORT, 'verification events are append-only');
END;
CREATE TRIGGER verification_events_set_state AFTER INSERT ON verification_events
BEGIN
    UPDATE claims SET
        verification = coalesce(
            (SELECT verification FROM current_verification WHERE claim_id = NEW.claim_id), 'unverified'),
        verdict = (SELECT verdict FROM current_verification WHERE claim_id = NEW.claim_id)
    WHERE id = NEW.claim_id;
END;
CREATE TABLE retractions (
    id        INTEGER PRIMARY KEY,
    event_id  INTEGER UNIQUE REFERENCES verification_events(id),
    claim_id  INTEGER UNIQUE REFERENCES claims(id),
    at        TEXT NOT NULL,
    actor     TEXT,
    reason    TEXT NOT NULL CHECK (length(trim(reason)) > 0),
    CHECK ((event_id IS NULL) <> (claim_id IS NULL))
);
CREATE TRIGGER retractions_no_update BEFORE UPDATE ON retractions
BEGIN
    SELECT RAISE(ABORT, 'retractions are append-only');
END;
CREATE TRIGGER retractions_no_delete BEFORE DELETE ON retractions
BEGIN
    SELECT RAISE(ABORT, 'retractions are append-only');
END;
CREATE TRIGGER retractions_no_replace BEFORE INSERT ON retractions
WHEN EXISTS (SELECT 1 FROM retractions
              WHERE id = NEW.id OR event_id = NEW.event_id OR claim_id = NEW.claim_id)
BEGIN
    SELECT RAISE(ABORT, 'retractions are append-only: this one is already recorded');
END;
CREATE TRIGGER retractions_set_state AFTER INSERT ON retractions WHEN NEW.event_id IS NOT NULL
BEGIN
    UPDATE claims SET
        verification = coalesce(
            (SELECT verification FROM current_verification WHERE claim_id = claims.id), 'unverified'),
        verdict = (SELECT verdict FROM current_verification WHERE claim_id = claims.id)
    WHERE id = (SELECT claim_id FROM verification_events WHERE id = NEW.event_id);
END;
CREATE TRIGGER claim_revisions_no_replace BEFORE INSERT ON claim_revisions
WHEN EXISTS (SELECT 1 FROM claim_revisions WHERE id = NEW.id)
BEGIN
    SELECT RAISE(ABORT, 'claim revisions are append-only');
END;
CREATE TRIGGER link_checks_no_replace BEFORE INSERT ON link_checks
WHEN EXISTS (SELECT 1 FROM link_checks WHERE id = NEW.id)
BEGIN
    SELECT RAISE(ABORT, 'link checks are append-only');
END;
CREATE VIEW current_verification AS
SELECT e.claim_id, e.id AS event_id, e.verification, e.verdict
  FROM verification_events e
 WHERE e.id = (SELECT l.id FROM verification_events l
                WHERE l.claim_id = e.claim_id
                  AND NOT EXISTS (SELECT 1 FROM retractions r WHERE r.event_id = l.id)
                ORDER BY l.at DESC, l.id DESC LIMIT 1);

-- Recompute every claim's state by the v2 rule before the guard below exists.
UPDATE claims SET
    verification = coalesce(
        (SELECT verification FROM current_verification WHERE claim_id = claims.id), 'unverified'),
    verdict = (SELECT verdict FROM current_verification WHERE claim_id = claims.id);

CREATE TRIGGER claims_start_unverified BEFORE INSERT ON claims
WHEN NEW.verification IS NOT 'unverified' OR NEW.verdict IS NOT NULL
  OR EXISTS (SELECT 1 FROM claims WHERE id = NEW.id)
BEGIN
    SELECT RAISE(ABORT, 'a claim is recorded unverified and never replaced: add verification events instead');
END;
CREATE TRIGGER claims_state_follows_events BEFORE UPDATE OF verification, verdict ON claims
WHEN NEW.verification IS NOT coalesce(
        (SELECT verification FROM current_verification WHERE claim_id = NEW.id), 'unverified')
  OR NEW.verdict IS NOT (SELECT verdict FROM current_verification WHERE claim_id = NEW.id)
BEGIN
    SELECT RAISE(ABORT, 'a claim''s verification is its latest verification event: record one with claimlog verify');
END;
CREATE TRIGGER claims_keep_id BEFORE UPDATE OF id ON claims WHEN NEW.id IS NOT OLD.id
BEGIN
    SELECT RAISE(ABORT, 'a claim keeps its id');
END;

DROP TABLE claims_fts;

CREATE VIRTUAL TABLE claims_fts USING fts5(
    text, speaker,
    tokenize = 'unicode61 remove_diacritics 2'
);
INSERT INTO claims_fts(rowid, text, speaker)
SELECT c.id, c.text,
       (SELECT group_concat(n.name, ' ') FROM source_names n WHERE n.source_id = c.speaker_id)
  FROM claims c;
