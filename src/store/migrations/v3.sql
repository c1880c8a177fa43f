-- Version 2 -> 3, in place: appearances. Every object it creates is spelled as in
-- schema.sql (a test compares the two).
--
-- * each claim's chain (cue, relays, outlet) and its first `appearance` link become its
--   first appearance; every other link stays a link of the claim, so nothing is lost;
-- * a verification event may name the appearance it is about;
-- * claims can be merged into another (append-only claim_merges).

CREATE TABLE appearances (
    id           INTEGER PRIMARY KEY,
    claim_id     INTEGER NOT NULL REFERENCES claims(id),
    position     INTEGER NOT NULL,
    outlet_id    INTEGER REFERENCES sources(id),
    cue          TEXT,
    wording      TEXT,
    lang         TEXT,
    link_id      INTEGER REFERENCES links(id),
    published_on TEXT CHECK (published_on IS NULL OR date(published_on) = published_on),
    created_at   TEXT NOT NULL
);
CREATE TABLE appearance_relays (
    appearance_id INTEGER NOT NULL REFERENCES appearances(id),
    position      INTEGER NOT NULL,
    source_id     INTEGER NOT NULL REFERENCES sources(id),
    PRIMARY KEY (appearance_id, position)
) WITHOUT ROWID;

INSERT INTO appearances(claim_id, position, outlet_id, cue, link_id, created_at)
SELECT c.id, 0, c.outlet_id, c.cue,
       (SELECT cl.link_id FROM claim_links cl
         WHERE cl.claim_id = c.id AND cl.role = 'appearance'
         ORDER BY cl.position LIMIT 1),
       c.created_at
  FROM claims c
 WHERE c.outlet_id IS NOT NULL OR c.cue IS NOT NULL
    OR EXISTS (SELECT 1 FROM claim_relays r WHERE r.claim_id = c.id)
    OR EXISTS (SELECT 1 FROM claim_links cl
                WHERE cl.claim_id = c.id AND cl.role = 'appearance')
 ORDER BY c.id;
INSERT INTO appearance_relays(appearance_id, position, source_id)
SELECT a.id, r.position, r.source_id
  FROM claim_relays r JOIN appearances a ON a.claim_id = r.claim_id AND a.position = 0;

CREATE UNIQUE INDEX appearances_by_claim ON appearances(claim_id, position);
CREATE INDEX appearances_by_outlet ON appearances(outlet_id, claim_id)
    WHERE outlet_id IS NOT NULL;
CREATE INDEX appearance_relays_by_source ON appearance_relays(source_id, appearance_id);

DROP INDEX claims_by_outlet;
DROP TABLE claim_relays;
ALTER TABLE claims DROP COLUMN cue;
ALTER TABLE claims DROP COLUMN outlet_id;
ALTER TABLE claims ADD COLUMN merged_into INTEGER REFERENCES claims(id);
ALTER TABLE verification_events ADD COLUMN appearance_id INTEGER REFERENCES appearances(id);
ALTER TABLE verification_events ADD COLUMN merged_from INTEGER REFERENCES claims(id);

CREATE TABLE claim_merges (
    id        INTEGER PRIMARY KEY,
    from_id   INTEGER NOT NULL UNIQUE REFERENCES claims(id),
    into_id   INTEGER NOT NULL REFERENCES claims(id) CHECK (into_id <> from_id),
    merged_at TEXT NOT NULL,
    -- Who merged them: --as, CLAIMLOG_USER or the OS user.
    actor     TEXT,
    note      TEXT
);
CREATE INDEX claim_merges_by_into ON claim_merges(into_id);
CREATE TRIGGER claim_merges_no_update BEFORE UPDATE ON claim_merges
BEGIN
    SELECT RAISE(ABORT, 'claim merges are append-only');
END;
CREATE TRIGGER claim_merges_no_delete BEFORE DELETE ON claim_merges
BEGIN
    SELECT RAISE(ABORT, 'claim merges are append-only');
END;
CREATE TRIGGER claim_merges_no_replace BEFORE INSERT ON claim_merges
WHEN EXISTS (SELECT 1 FROM claim_merges WHERE id = NEW.id OR from_id = NEW.from_id)
BEGIN
    SELECT RAISE(ABORT, 'claim merges are append-only');
END;
