-- claimlog schema, version 10 (PRAGMA user_version = 10). A file of an older version is
-- upgraded in place by the steps in src/store/migrations/, one per version.
--
-- One SQLite file holds everything. Vocabulary follows DESIGN.md: a claim has exactly
-- one speaker, links with roles, and a verification history of append-only events; each
-- of its appearances (one publication of it) has an outlet, ordered relays, a cue and
-- its own wording; links have append-only liveness checks.
-- Append-only tables refuse UPDATE, DELETE and INSERT OR REPLACE (which would delete
-- the row it replaces without firing a DELETE trigger), whoever the writer.
-- It opens in SQLite 3.37 and later (Debian 12's sqlite3, Datasette, sqlite-utils).
-- Timestamps are RFC 3339 UTC text ('2023-04-30T12:00:00Z'); dates are 'YYYY-MM-DD'.

-- Anyone who asserts, relays, reports or verifies. A merged source keeps its row
-- (events point at it forever) and names the source it was merged into.
CREATE TABLE sources (
    id          INTEGER PRIMARY KEY,
    name        TEXT NOT NULL CHECK (length(trim(name)) > 0),
    merged_into INTEGER REFERENCES sources(id),
    created_at  TEXT NOT NULL
);
-- The queue ordered by speaker walks the names in order (version 10).
CREATE INDEX sources_by_name ON sources(name);

-- Every name a source answers to, its own included, by folded key (lower case, no
-- accents, punctuation as single spaces): "Pashinyan" and "PASHINYAN" are one key.
CREATE TABLE source_names (
    key       TEXT PRIMARY KEY,
    name      TEXT NOT NULL,
    source_id INTEGER NOT NULL REFERENCES sources(id),
    is_alias  INTEGER NOT NULL DEFAULT 1 CHECK (is_alias IN (0, 1)),
    -- Who recorded this name (null before version 5).
    actor     TEXT
) WITHOUT ROWID;
CREATE INDEX source_names_by_source ON source_names(source_id);

CREATE TABLE claims (
    id           INTEGER PRIMARY KEY,
    text         TEXT NOT NULL CHECK (length(trim(text)) > 0),
    lang         TEXT,
    speaker_id   INTEGER NOT NULL REFERENCES sources(id),
    claimed_on   TEXT CHECK (claimed_on IS NULL OR date(claimed_on) = claimed_on),
    -- The latest verification event's state, kept by the trigger below so that
    -- listings never scan the history.
    verification TEXT NOT NULL DEFAULT 'unverified'
                 CHECK (verification IN ('unverified', 'unable_to_verify', 'partially_verified', 'verified')),
    verdict      TEXT CHECK (verdict IS NULL OR verdict IN
                 ('true', 'mostly_true', 'mixed', 'mostly_false', 'false', 'misleading', 'unverifiable', 'other')),
    created_at   TEXT NOT NULL,
    updated_at   TEXT NOT NULL,
    -- First 8 bytes of blake3(text): finds "the same claim by the same speaker" through
    -- an index without indexing the text itself. Equality is confirmed on the text.
    fingerprint  INTEGER NOT NULL,
    -- Listings are newest first: by the date the claim was made, else the day it was recorded.
    sort_date    TEXT GENERATED ALWAYS AS (coalesce(claimed_on, substr(created_at, 1, 10))) VIRTUAL,
    -- Set once, by `claimlog merge`: this claim's appearances, links and tags moved to
    -- that claim (see claim_merges), which got a copy of each of its events (they stay
    -- recorded here too). Listings skip it.
    merged_into  INTEGER REFERENCES claims(id),
    -- Who recorded the claim: --as, CLAIMLOG_USER or the OS user (null before version 5).
    actor        TEXT
);
-- A claim starts unverified; its state then changes only through verification events
-- and retractions (the triggers on those tables keep it).
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
CREATE INDEX claims_newest ON claims(sort_date DESC, id DESC);
CREATE INDEX claims_open_newest ON claims(sort_date DESC, id DESC)
    WHERE verification IN ('unverified', 'unable_to_verify');
CREATE INDEX claims_by_speaker ON claims(speaker_id, sort_date DESC, id DESC);
CREATE INDEX claims_by_fingerprint ON claims(speaker_id, fingerprint);
-- The queue's orders by verification state and by speaker name, its claims verified
-- or disputed (after the open ones), and the verdict and language filters (version 10).
CREATE INDEX claims_by_verification ON claims(verification, sort_date DESC, id DESC);
CREATE INDEX claims_closed_newest ON claims(sort_date DESC, id DESC)
    WHERE verification NOT IN ('unverified', 'unable_to_verify');
CREATE INDEX claims_by_verdict ON claims(verdict, verification) WHERE verdict IS NOT NULL;
CREATE INDEX claims_by_lang ON claims(lang) WHERE lang IS NOT NULL;

-- One publication of a claim (schema.org Claim.appearance): the outlet whose publication
-- it is, the cue as written, the wording as published when it differs from the claim's
-- text, its language, its URL (also one of the claim's `appearance` links) and the day
-- it was published or seen. Numbered from 0 per claim, in the order recorded.
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
    created_at   TEXT NOT NULL,
    -- Who recorded this appearance (null before version 5).
    actor        TEXT,
    -- Set by `claimlog appearance remove` (with a revision holding the reason and what
    -- the appearance was): the row stays, listings and exports skip it.
    removed_at   TEXT
);
CREATE UNIQUE INDEX appearances_by_claim ON appearances(claim_id, position);
CREATE INDEX appearances_by_outlet ON appearances(outlet_id, claim_id) WHERE outlet_id IS NOT NULL;
-- The appearances on a page, for link checks (version 9).
CREATE INDEX appearances_by_link ON appearances(link_id) WHERE link_id IS NOT NULL;

-- The sources an appearance passed through, in order ("cité par Armenpress").
CREATE TABLE appearance_relays (
    appearance_id INTEGER NOT NULL REFERENCES appearances(id),
    position      INTEGER NOT NULL,
    source_id     INTEGER NOT NULL REFERENCES sources(id),
    PRIMARY KEY (appearance_id, position)
) WITHOUT ROWID;
CREATE INDEX appearance_relays_by_source ON appearance_relays(source_id, appearance_id);

CREATE TABLE claim_tags (
    claim_id INTEGER NOT NULL REFERENCES claims(id),
    tag      TEXT NOT NULL CHECK (length(trim(tag)) > 0),
    PRIMARY KEY (claim_id, tag)
) WITHOUT ROWID;
CREATE INDEX claim_tags_by_tag ON claim_tags(tag, claim_id);

-- One row per normalised URL, shared by every claim citing it. The last_* columns
-- summarise the latest check so that the nightly run and listings need no history scan.
CREATE TABLE links (
    id                INTEGER PRIMARY KEY,
    url               TEXT NOT NULL,
    host              TEXT NOT NULL,
    created_at        TEXT NOT NULL,
    last_checked_at   TEXT,
    last_outcome      TEXT,
    -- Start of the current run of failing checks (broken, unreachable, soft_404).
    failing_since     TEXT,
    -- Set when failing checks spanned the confirmation window; cleared by a good check.
    dead_since        TEXT,
    -- When the link was last captured, for `links archive --stale-after`.
    last_captured_at  TEXT,
    -- When a check found a citing claim's words gone from the page (cleared by a check
    -- that finds them again).
    quote_removed_at  TEXT,
    -- The latest memento found for the link (`links memento`): its URI and datetime.
    memento_url       TEXT,
    memento_datetime  TEXT
);
CREATE UNIQUE INDEX links_by_url ON links(url);
CREATE INDEX links_by_last_check ON links(last_checked_at);
CREATE INDEX links_dead ON links(dead_since) WHERE dead_since IS NOT NULL;

CREATE TABLE claim_links (
    claim_id   INTEGER NOT NULL REFERENCES claims(id),
    link_id    INTEGER NOT NULL REFERENCES links(id),
    role       TEXT NOT NULL CHECK (role IN ('source', 'appearance', 'evidence')),
    -- The URL exactly as the user or the article wrote it.
    url_as_typed TEXT NOT NULL,
    position   INTEGER NOT NULL,
    PRIMARY KEY (claim_id, link_id, role)
) WITHOUT ROWID;
CREATE INDEX claim_links_by_link ON claim_links(link_id, claim_id);

-- Append-only: the claim's current state is its latest event (by `at`, ties by
-- insertion) that no retraction voids; see the view current_verification.
CREATE TABLE verification_events (
    id           INTEGER PRIMARY KEY,
    claim_id     INTEGER NOT NULL REFERENCES claims(id),
    at           TEXT NOT NULL,
    by_source_id INTEGER REFERENCES sources(id),
    verification TEXT NOT NULL
                 CHECK (verification IN ('unverified', 'unable_to_verify', 'partially_verified', 'verified')),
    verdict      TEXT CHECK (verdict IS NULL OR verdict IN
                 ('true', 'mostly_true', 'mixed', 'mostly_false', 'false', 'misleading', 'unverifiable', 'other')),
    -- A rating as the reviewer wrote it ("Plutôt faux", "Pants on Fire"), kept verbatim.
    verdict_label TEXT,
    note         TEXT,
    evidence_link_id INTEGER REFERENCES links(id),
    -- Who recorded it: --as, CLAIMLOG_USER or the OS user (null before version 2).
    actor        TEXT,
    -- The appearance this event is about: "CNN n'a pas été en mesure de vérifier" is
    -- CNN's statement about CNN's report.
    appearance_id INTEGER REFERENCES appearances(id),
    -- Set on the copy of an event of a claim merged into this one (`claimlog merge`);
    -- the original stays recorded on that claim.
    merged_from  INTEGER REFERENCES claims(id)
);
CREATE INDEX verification_events_by_claim ON verification_events(claim_id, at, id);

CREATE TRIGGER verification_events_no_update BEFORE UPDATE ON verification_events
BEGIN
    SELECT RAISE(ABORT, 'verification events are append-only');
END;
CREATE TRIGGER verification_events_no_delete BEFORE DELETE ON verification_events
BEGIN
    SELECT RAISE(ABORT, 'verification events are append-only');
END;
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

-- Append-only: a retraction voids one verification event (recorded on the wrong claim,
-- say) or withdraws a claim logged in error. Nothing is deleted: the event stays in
-- the history marked as retracted, the withdrawn claim stays in exports.
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

-- Each claim's current event: the latest by time, ties by insertion, not retracted.
CREATE VIEW current_verification AS
SELECT e.claim_id, e.id AS event_id, e.verification, e.verdict
  FROM verification_events e
 WHERE e.id = (SELECT l.id FROM verification_events l
                WHERE l.claim_id = e.claim_id
                  AND NOT EXISTS (SELECT 1 FROM retractions r WHERE r.event_id = l.id)
                ORDER BY l.at DESC, l.id DESC LIMIT 1);

-- Append-only: every edit keeps what the claim said before.
CREATE TABLE claim_revisions (
    id         INTEGER PRIMARY KEY,
    claim_id   INTEGER NOT NULL REFERENCES claims(id),
    revised_at TEXT NOT NULL,
    -- The text before this edit.
    text       TEXT NOT NULL,
    -- JSON object of every changed field's previous value, e.g. {"speaker":"Pashinyan"}.
    previous   TEXT NOT NULL,
    note       TEXT,
    -- Who made the edit (null before version 2).
    actor      TEXT
);
CREATE INDEX claim_revisions_by_claim ON claim_revisions(claim_id, id);

CREATE TRIGGER claim_revisions_no_update BEFORE UPDATE ON claim_revisions
BEGIN
    SELECT RAISE(ABORT, 'claim revisions are append-only');
END;
CREATE TRIGGER claim_revisions_no_delete BEFORE DELETE ON claim_revisions
BEGIN
    SELECT RAISE(ABORT, 'claim revisions are append-only');
END;
CREATE TRIGGER claim_revisions_no_replace BEFORE INSERT ON claim_revisions
WHEN EXISTS (SELECT 1 FROM claim_revisions WHERE id = NEW.id)
BEGIN
    SELECT RAISE(ABORT, 'claim revisions are append-only');
END;

-- Append-only: one claim merged into another by a person (`claimlog merge`).
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

-- Append-only: one liveness check of one link.
CREATE TABLE link_checks (
    id            INTEGER PRIMARY KEY,
    link_id       INTEGER NOT NULL REFERENCES links(id),
    checked_at    TEXT NOT NULL,
    outcome       TEXT NOT NULL CHECK (outcome IN ('ok', 'redirected', 'broken', 'server_error',
                  'timeout', 'unreachable', 'blocked', 'rate_limited', 'soft_404', 'changed', 'refused')),
    http_status   INTEGER,
    final_url     TEXT,
    -- JSON array of the redirect chain: [{"status":301,"url":"..."}, ...].
    redirects     TEXT,
    elapsed_ms    INTEGER,
    -- blake3 of the page's normalised text; compared with the last good check.
    content_hash  TEXT,
    etag          TEXT,
    last_modified TEXT,
    error         TEXT,
    -- 1 when this check confirmed the link dead.
    confirmed_dead INTEGER NOT NULL DEFAULT 0 CHECK (confirmed_dead IN (0, 1)),
    -- blake3 of the page's main text, volatile phrases masked (see page_texts).
    main_hash     TEXT,
    -- The words of a citing claim this check found gone from the page.
    quote_removed TEXT
);
CREATE INDEX link_checks_by_link ON link_checks(link_id, id);

CREATE TRIGGER link_checks_no_update BEFORE UPDATE ON link_checks
BEGIN
    SELECT RAISE(ABORT, 'link checks are append-only');
END;
CREATE TRIGGER link_checks_no_delete BEFORE DELETE ON link_checks
BEGIN
    SELECT RAISE(ABORT, 'link checks are append-only');
END;
CREATE TRIGGER link_checks_no_replace BEFORE INSERT ON link_checks
WHEN EXISTS (SELECT 1 FROM link_checks WHERE id = NEW.id)
BEGIN
    SELECT RAISE(ABORT, 'link checks are append-only');
END;

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

-- Full-text search over claim text and every name of the speaker, folding accents so
-- that "deploiement" finds "déploiement". It keeps its own copy of the text: a
-- contentless table would need `contentless_delete`, which SQLite readers older than
-- 3.43 (Debian 12, Datasette on it) refuse to open. The store keeps it in step with
-- claims, source_names and merges, in batches: a trigger per row would make FTS5 flush
-- its pending terms at every statement savepoint, which slows bulk imports several
-- times over.
CREATE VIRTUAL TABLE claims_fts USING fts5(
    text, speaker,
    tokenize = 'unicode61 remove_diacritics 2'
);

-- How many claims hold each word of their text, as the full-text index splits words
-- (stop words included): `claimlog similar` looks a text up by its rarest words.
-- Kept in step with claims_fts by the store (a bulk load into an empty database counts
-- them from the index at commit).
CREATE TABLE similar_terms (
    term   TEXT PRIMARY KEY,
    claims INTEGER NOT NULL
);

-- Web access and desk workflow (version 8).
-- A person who may sign in. Removing one deletes this row and its tokens only: the
-- history names actors as text, so what they recorded stays as recorded.
CREATE TABLE users (
    id            INTEGER PRIMARY KEY,
    name          TEXT NOT NULL UNIQUE CHECK (length(trim(name)) > 0),
    role          TEXT NOT NULL CHECK (role IN ('viewer', 'checker', 'editor', 'admin')),
    -- Argon2id PHC string (salted); NULL: the user signs in with tokens only.
    password_hash TEXT,
    created_at    TEXT NOT NULL
);

-- API tokens (`Authorization: Bearer`), each stored only as an Argon2id PHC string.
CREATE TABLE user_tokens (
    id         INTEGER PRIMARY KEY,
    user_id    INTEGER NOT NULL REFERENCES users(id) ON DELETE CASCADE,
    token_hash TEXT NOT NULL,
    created_at TEXT NOT NULL
);
CREATE INDEX user_tokens_by_user ON user_tokens(user_id);

-- Browsers signed in to `claimlog serve` (version 10), so that a session outlives a
-- restart of the server and every server of a PostgreSQL database knows it. Only a hash
-- of the cookie's secret is kept; a session ends when its user signs out or is removed.
CREATE TABLE web_sessions (
    id          INTEGER PRIMARY KEY,
    user_id     INTEGER NOT NULL REFERENCES users(id) ON DELETE CASCADE,
    secret_hash TEXT NOT NULL UNIQUE,
    csrf        TEXT NOT NULL,
    started_at  TEXT NOT NULL
);
CREATE INDEX web_sessions_by_user ON web_sessions(user_id);

-- Append-only: one change of a claim's assignee and/or workflow state.
CREATE TABLE workflow_events (
    id       INTEGER PRIMARY KEY,
    claim_id INTEGER NOT NULL REFERENCES claims(id),
    at       TEXT NOT NULL,
    -- The assignee from now on ('' : nobody); NULL: unchanged.
    assignee TEXT,
    -- The state from now on; NULL: unchanged.
    state    TEXT CHECK (state IS NULL OR state IN ('to_do', 'in_progress', 'in_review', 'done')),
    actor    TEXT,
    CHECK (assignee IS NOT NULL OR state IS NOT NULL)
);
CREATE INDEX workflow_events_by_claim ON workflow_events(claim_id, id);

CREATE TRIGGER workflow_events_no_update BEFORE UPDATE ON workflow_events
BEGIN
    SELECT RAISE(ABORT, 'workflow events are append-only');
END;
CREATE TRIGGER workflow_events_no_delete BEFORE DELETE ON workflow_events
BEGIN
    SELECT RAISE(ABORT, 'workflow events are append-only');
END;
CREATE TRIGGER workflow_events_no_replace BEFORE INSERT ON workflow_events
WHEN EXISTS (SELECT 1 FROM workflow_events WHERE id = NEW.id)
BEGIN
    SELECT RAISE(ABORT, 'workflow events are append-only');
END;

-- Each claim's current assignee and state (the latest of its workflow events), kept by
-- the store in the same transaction, so that the queue filters without reading history.
CREATE TABLE claim_workflow (
    claim_id INTEGER PRIMARY KEY REFERENCES claims(id),
    assignee TEXT,
    state    TEXT NOT NULL DEFAULT 'to_do'
             CHECK (state IN ('to_do', 'in_progress', 'in_review', 'done'))
);
CREATE INDEX claim_workflow_by_assignee ON claim_workflow(assignee, state);
CREATE INDEX claim_workflow_by_state ON claim_workflow(state);
