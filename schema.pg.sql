-- claimlog schema for PostgreSQL, version 10: the same tables, columns, constraints and
-- guarantees as schema.sql (SQLite), for a desk sharing one database server. Read
-- schema.sql for what each table means; this file says only where PostgreSQL differs.
--
-- * Ids are assigned as in SQLite, one more than the largest (the trigger
--   claimlog_next_id), never from a sequence: a failed command leaves no gap, and the
--   same commands give the same ids on both engines. Writers take one advisory lock per
--   transaction (see src/store/postgres.rs), so two of them never pick the same id.
-- * Text compares and sorts byte by byte (COLLATE "C"), as in SQLite, whatever the
--   database's locale: listings come out in the same order on both engines.
-- * Append-only tables refuse UPDATE, DELETE and TRUNCATE by triggers; an insert that
--   would replace a row fails on its primary key.
-- * Full-text search is a tsvector of words folded by claimlog itself (lower case, no
--   accents: the same folding as the SQLite index), with the `simple` configuration,
--   so no extension is needed.
-- * The schema version is the one row of claimlog_schema.

CREATE TABLE claimlog_schema (
    version integer NOT NULL
);

CREATE FUNCTION claimlog_next_id() RETURNS trigger LANGUAGE plpgsql AS $$
BEGIN
    IF NEW.id IS NULL THEN
        EXECUTE format('SELECT coalesce(max(id), 0) + 1 FROM %I', TG_TABLE_NAME) INTO NEW.id;
    END IF;
    RETURN NEW;
END $$;

CREATE FUNCTION claimlog_append_only() RETURNS trigger LANGUAGE plpgsql AS $$
BEGIN
    RAISE EXCEPTION '%', TG_ARGV[0];
END $$;

CREATE TABLE sources (
    id          bigint PRIMARY KEY,
    name        text COLLATE "C" NOT NULL CHECK (length(trim(name)) > 0),
    merged_into bigint REFERENCES sources(id),
    created_at  text COLLATE "C" NOT NULL
);
CREATE TRIGGER sources_id BEFORE INSERT ON sources FOR EACH ROW EXECUTE FUNCTION claimlog_next_id();
-- The queue ordered by speaker walks the names in order (version 10).
CREATE INDEX sources_by_name ON sources(name, id);

CREATE TABLE source_names (
    key       text COLLATE "C" PRIMARY KEY,
    name      text COLLATE "C" NOT NULL,
    source_id bigint NOT NULL REFERENCES sources(id),
    is_alias  bigint NOT NULL DEFAULT 1 CHECK (is_alias IN (0, 1)),
    actor     text COLLATE "C"
);
CREATE INDEX source_names_by_source ON source_names(source_id);

CREATE TABLE claims (
    id           bigint PRIMARY KEY,
    text         text COLLATE "C" NOT NULL CHECK (length(trim(text)) > 0),
    lang         text COLLATE "C",
    speaker_id   bigint NOT NULL REFERENCES sources(id),
    claimed_on   text COLLATE "C" CHECK (claimed_on IS NULL OR CAST(CAST(claimed_on AS date) AS text) = claimed_on),
    verification text COLLATE "C" NOT NULL DEFAULT 'unverified'
                 CHECK (verification IN ('unverified', 'unable_to_verify', 'partially_verified', 'verified')),
    verdict      text COLLATE "C" CHECK (verdict IS NULL OR verdict IN
                 ('true', 'mostly_true', 'mixed', 'mostly_false', 'false', 'misleading', 'unverifiable', 'other')),
    created_at   text COLLATE "C" NOT NULL,
    updated_at   text COLLATE "C" NOT NULL,
    fingerprint  bigint NOT NULL,
    sort_date    text COLLATE "C" GENERATED ALWAYS AS (coalesce(claimed_on, substr(created_at, 1, 10))) STORED,
    merged_into  bigint REFERENCES claims(id),
    actor        text COLLATE "C"
);
CREATE TRIGGER claims_id BEFORE INSERT ON claims FOR EACH ROW EXECUTE FUNCTION claimlog_next_id();

CREATE FUNCTION claims_start_unverified() RETURNS trigger LANGUAGE plpgsql AS $$
BEGIN
    IF NEW.verification IS DISTINCT FROM 'unverified' OR NEW.verdict IS NOT NULL THEN
        RAISE EXCEPTION 'a claim is recorded unverified and never replaced: add verification events instead';
    END IF;
    RETURN NEW;
END $$;
CREATE TRIGGER claims_start_unverified BEFORE INSERT ON claims
    FOR EACH ROW EXECUTE FUNCTION claims_start_unverified();

CREATE FUNCTION claims_state_follows_events() RETURNS trigger LANGUAGE plpgsql AS $$
DECLARE
    current_state text;
    current_verdict text;
BEGIN
    SELECT verification, verdict INTO current_state, current_verdict
      FROM current_verification WHERE claim_id = NEW.id;
    IF NEW.verification IS DISTINCT FROM coalesce(current_state, 'unverified')
       OR NEW.verdict IS DISTINCT FROM current_verdict THEN
        RAISE EXCEPTION 'a claim''s verification is its latest verification event: record one with claimlog verify';
    END IF;
    RETURN NEW;
END $$;
CREATE TRIGGER claims_state_follows_events BEFORE UPDATE OF verification, verdict ON claims
    FOR EACH ROW WHEN (NEW.verification IS DISTINCT FROM OLD.verification OR NEW.verdict IS DISTINCT FROM OLD.verdict)
    EXECUTE FUNCTION claims_state_follows_events();
CREATE TRIGGER claims_keep_id BEFORE UPDATE OF id ON claims
    FOR EACH ROW WHEN (NEW.id IS DISTINCT FROM OLD.id)
    EXECUTE FUNCTION claimlog_append_only('a claim keeps its id');
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

CREATE TABLE appearances (
    id           bigint PRIMARY KEY,
    claim_id     bigint NOT NULL REFERENCES claims(id),
    position     bigint NOT NULL,
    outlet_id    bigint REFERENCES sources(id),
    cue          text COLLATE "C",
    wording      text COLLATE "C",
    lang         text COLLATE "C",
    link_id      bigint,
    published_on text COLLATE "C" CHECK (published_on IS NULL OR CAST(CAST(published_on AS date) AS text) = published_on),
    created_at   text COLLATE "C" NOT NULL,
    actor        text COLLATE "C",
    removed_at   text COLLATE "C"
);
CREATE TRIGGER appearances_id BEFORE INSERT ON appearances FOR EACH ROW EXECUTE FUNCTION claimlog_next_id();
CREATE UNIQUE INDEX appearances_by_claim ON appearances(claim_id, position);
CREATE INDEX appearances_by_outlet ON appearances(outlet_id, claim_id) WHERE outlet_id IS NOT NULL;
-- The appearances on a page, for link checks (version 9).
CREATE INDEX appearances_by_link ON appearances(link_id) WHERE link_id IS NOT NULL;

CREATE TABLE appearance_relays (
    appearance_id bigint NOT NULL REFERENCES appearances(id),
    position      bigint NOT NULL,
    source_id     bigint NOT NULL REFERENCES sources(id),
    PRIMARY KEY (appearance_id, position)
);
CREATE INDEX appearance_relays_by_source ON appearance_relays(source_id, appearance_id);

CREATE TABLE claim_tags (
    claim_id bigint NOT NULL REFERENCES claims(id),
    tag      text COLLATE "C" NOT NULL CHECK (length(trim(tag)) > 0),
    PRIMARY KEY (claim_id, tag)
);
CREATE INDEX claim_tags_by_tag ON claim_tags(tag, claim_id);

CREATE TABLE links (
    id                bigint PRIMARY KEY,
    url               text COLLATE "C" NOT NULL,
    host              text COLLATE "C" NOT NULL,
    created_at        text COLLATE "C" NOT NULL,
    last_checked_at   text COLLATE "C",
    last_outcome      text COLLATE "C",
    failing_since     text COLLATE "C",
    dead_since        text COLLATE "C",
    last_captured_at  text COLLATE "C",
    quote_removed_at  text COLLATE "C",
    memento_url       text COLLATE "C",
    memento_datetime  text COLLATE "C"
);
CREATE TRIGGER links_id BEFORE INSERT ON links FOR EACH ROW EXECUTE FUNCTION claimlog_next_id();
CREATE UNIQUE INDEX links_by_url ON links(url);
CREATE INDEX links_by_last_check ON links(last_checked_at);
CREATE INDEX links_dead ON links(dead_since) WHERE dead_since IS NOT NULL;
ALTER TABLE appearances ADD FOREIGN KEY (link_id) REFERENCES links(id);

CREATE TABLE claim_links (
    claim_id   bigint NOT NULL REFERENCES claims(id),
    link_id    bigint NOT NULL REFERENCES links(id),
    role       text COLLATE "C" NOT NULL CHECK (role IN ('source', 'appearance', 'evidence')),
    url_as_typed text COLLATE "C" NOT NULL,
    position   bigint NOT NULL,
    PRIMARY KEY (claim_id, link_id, role)
);
CREATE INDEX claim_links_by_link ON claim_links(link_id, claim_id);

CREATE TABLE verification_events (
    id           bigint PRIMARY KEY,
    claim_id     bigint NOT NULL REFERENCES claims(id),
    at           text COLLATE "C" NOT NULL,
    by_source_id bigint REFERENCES sources(id),
    verification text COLLATE "C" NOT NULL
                 CHECK (verification IN ('unverified', 'unable_to_verify', 'partially_verified', 'verified')),
    verdict      text COLLATE "C" CHECK (verdict IS NULL OR verdict IN
                 ('true', 'mostly_true', 'mixed', 'mostly_false', 'false', 'misleading', 'unverifiable', 'other')),
    verdict_label text COLLATE "C",
    note         text COLLATE "C",
    evidence_link_id bigint REFERENCES links(id),
    actor        text COLLATE "C",
    appearance_id bigint REFERENCES appearances(id),
    merged_from  bigint REFERENCES claims(id)
);
CREATE TRIGGER verification_events_id BEFORE INSERT ON verification_events FOR EACH ROW EXECUTE FUNCTION claimlog_next_id();
CREATE INDEX verification_events_by_claim ON verification_events(claim_id, at, id);

CREATE TABLE retractions (
    id        bigint PRIMARY KEY,
    event_id  bigint UNIQUE REFERENCES verification_events(id),
    claim_id  bigint UNIQUE REFERENCES claims(id),
    at        text COLLATE "C" NOT NULL,
    actor     text COLLATE "C",
    reason    text COLLATE "C" NOT NULL CHECK (length(trim(reason)) > 0),
    CHECK ((event_id IS NULL) <> (claim_id IS NULL))
);
CREATE TRIGGER retractions_id BEFORE INSERT ON retractions FOR EACH ROW EXECUTE FUNCTION claimlog_next_id();

CREATE VIEW current_verification AS
SELECT e.claim_id, e.id AS event_id, e.verification, e.verdict
  FROM verification_events e
 WHERE e.id = (SELECT l.id FROM verification_events l
                WHERE l.claim_id = e.claim_id
                  AND NOT EXISTS (SELECT 1 FROM retractions r WHERE r.event_id = l.id)
                ORDER BY l.at DESC, l.id DESC LIMIT 1);

-- The claim's state follows its events and retractions.
CREATE FUNCTION claimlog_set_state(claim bigint) RETURNS void LANGUAGE sql AS $$
    UPDATE claims SET
        verification = coalesce(
            (SELECT verification FROM current_verification WHERE claim_id = claim), 'unverified'),
        verdict = (SELECT verdict FROM current_verification WHERE claim_id = claim)
    WHERE id = claim;
$$;
CREATE FUNCTION verification_events_set_state() RETURNS trigger LANGUAGE plpgsql AS $$
BEGIN
    PERFORM claimlog_set_state(NEW.claim_id);
    RETURN NULL;
END $$;
CREATE TRIGGER verification_events_set_state AFTER INSERT ON verification_events
    FOR EACH ROW EXECUTE FUNCTION verification_events_set_state();
CREATE FUNCTION retractions_set_state() RETURNS trigger LANGUAGE plpgsql AS $$
BEGIN
    IF NEW.event_id IS NOT NULL THEN
        PERFORM claimlog_set_state((SELECT claim_id FROM verification_events WHERE id = NEW.event_id));
    END IF;
    RETURN NULL;
END $$;
CREATE TRIGGER retractions_set_state AFTER INSERT ON retractions
    FOR EACH ROW EXECUTE FUNCTION retractions_set_state();

CREATE TABLE claim_revisions (
    id         bigint PRIMARY KEY,
    claim_id   bigint NOT NULL REFERENCES claims(id),
    revised_at text COLLATE "C" NOT NULL,
    text       text COLLATE "C" NOT NULL,
    previous   text COLLATE "C" NOT NULL,
    note       text COLLATE "C",
    actor      text COLLATE "C"
);
CREATE TRIGGER claim_revisions_id BEFORE INSERT ON claim_revisions FOR EACH ROW EXECUTE FUNCTION claimlog_next_id();
CREATE INDEX claim_revisions_by_claim ON claim_revisions(claim_id, id);

CREATE TABLE claim_merges (
    id        bigint PRIMARY KEY,
    from_id   bigint NOT NULL UNIQUE REFERENCES claims(id),
    into_id   bigint NOT NULL REFERENCES claims(id) CHECK (into_id <> from_id),
    merged_at text COLLATE "C" NOT NULL,
    actor     text COLLATE "C",
    note      text COLLATE "C"
);
CREATE TRIGGER claim_merges_id BEFORE INSERT ON claim_merges FOR EACH ROW EXECUTE FUNCTION claimlog_next_id();
CREATE INDEX claim_merges_by_into ON claim_merges(into_id);

CREATE TABLE link_checks (
    id            bigint PRIMARY KEY,
    link_id       bigint NOT NULL REFERENCES links(id),
    checked_at    text COLLATE "C" NOT NULL,
    outcome       text COLLATE "C" NOT NULL CHECK (outcome IN ('ok', 'redirected', 'broken', 'server_error',
                  'timeout', 'unreachable', 'blocked', 'rate_limited', 'soft_404', 'changed', 'refused')),
    http_status   bigint,
    final_url     text COLLATE "C",
    redirects     text COLLATE "C",
    elapsed_ms    bigint,
    content_hash  text COLLATE "C",
    etag          text COLLATE "C",
    last_modified text COLLATE "C",
    error         text COLLATE "C",
    confirmed_dead bigint NOT NULL DEFAULT 0 CHECK (confirmed_dead IN (0, 1)),
    main_hash     text COLLATE "C",
    quote_removed text COLLATE "C"
);
CREATE TRIGGER link_checks_id BEFORE INSERT ON link_checks FOR EACH ROW EXECUTE FUNCTION claimlog_next_id();
CREATE INDEX link_checks_by_link ON link_checks(link_id, id);

CREATE TABLE captures (
    id             bigint PRIMARY KEY,
    link_id        bigint NOT NULL REFERENCES links(id),
    captured_at    text COLLATE "C" NOT NULL,
    url            text COLLATE "C" NOT NULL,
    http_status    bigint NOT NULL,
    kind           text COLLATE "C" NOT NULL CHECK (kind IN ('response', 'revisit')),
    warc_file      text COLLATE "C" NOT NULL,
    warc_offset    bigint NOT NULL CHECK (warc_offset >= 0),
    warc_length    bigint NOT NULL CHECK (warc_length > 0),
    payload_digest text COLLATE "C" NOT NULL,
    block_digest   text COLLATE "C" NOT NULL,
    body_bytes     bigint NOT NULL,
    truncated      bigint NOT NULL DEFAULT 0 CHECK (truncated IN (0, 1)),
    refers_to      bigint REFERENCES captures(id),
    CHECK ((kind = 'revisit') = (refers_to IS NOT NULL))
);
CREATE TRIGGER captures_id BEFORE INSERT ON captures FOR EACH ROW EXECUTE FUNCTION claimlog_next_id();
CREATE INDEX captures_by_link ON captures(link_id, id);

CREATE TABLE page_texts (
    id         bigint PRIMARY KEY,
    link_id    bigint NOT NULL REFERENCES links(id),
    seen_at    text COLLATE "C" NOT NULL,
    main_hash  text COLLATE "C" NOT NULL,
    text       text COLLATE "C" NOT NULL
);
CREATE TRIGGER page_texts_id BEFORE INSERT ON page_texts FOR EACH ROW EXECUTE FUNCTION claimlog_next_id();
CREATE INDEX page_texts_by_link ON page_texts(link_id, id);

CREATE TABLE mementos (
    id               bigint PRIMARY KEY,
    link_id          bigint NOT NULL REFERENCES links(id),
    asked_at         text COLLATE "C" NOT NULL,
    timegate         text COLLATE "C" NOT NULL,
    accept_datetime  text COLLATE "C" NOT NULL,
    memento_url      text COLLATE "C",
    memento_datetime text COLLATE "C",
    error            text COLLATE "C",
    CHECK ((memento_url IS NULL) = (memento_datetime IS NULL))
);
CREATE TRIGGER mementos_id BEFORE INSERT ON mementos FOR EACH ROW EXECUTE FUNCTION claimlog_next_id();
CREATE INDEX mementos_by_link ON mementos(link_id, id);

-- Append-only, whoever the writer: one trigger per table and kind of change.
DO $$
DECLARE
    t record;
BEGIN
    FOR t IN SELECT * FROM (VALUES
        ('verification_events', 'verification events are append-only'),
        ('retractions', 'retractions are append-only'),
        ('claim_revisions', 'claim revisions are append-only'),
        ('claim_merges', 'claim merges are append-only'),
        ('link_checks', 'link checks are append-only'),
        ('captures', 'captures are append-only'),
        ('page_texts', 'page texts are append-only'),
        ('mementos', 'mementos are append-only')) AS v(name, message)
    LOOP
        EXECUTE format('CREATE TRIGGER %I BEFORE UPDATE OR DELETE ON %I FOR EACH ROW
                        EXECUTE FUNCTION claimlog_append_only(%L)',
                       t.name || '_no_change', t.name, t.message);
        EXECUTE format('CREATE TRIGGER %I BEFORE TRUNCATE ON %I FOR EACH STATEMENT
                        EXECUTE FUNCTION claimlog_append_only(%L)',
                       t.name || '_no_truncate', t.name, t.message);
    END LOOP;
END $$;

-- Full-text search: words folded by claimlog (see the header).
-- `words`: the text and every name of the speaker; `text_words`: the text alone (for
-- `similar`).
CREATE TABLE claims_search (
    claim_id   bigint PRIMARY KEY REFERENCES claims(id),
    words      tsvector NOT NULL,
    text_words tsvector NOT NULL
);
CREATE INDEX claims_search_words ON claims_search USING gin (words);
CREATE INDEX claims_search_text_words ON claims_search USING gin (text_words);

-- How many claims hold each word of their text (see schema.sql): `similar` looks a
-- text up by its rarest words.
CREATE TABLE similar_terms (
    term   text COLLATE "C" PRIMARY KEY,
    claims bigint NOT NULL
);

-- Link checks shared by several workers (`links check` processes on one database): a
-- due link is leased to one worker at a time. A lease ends when its check is recorded,
-- when it expires (`until`, renewed while the worker runs), or when the worker's
-- session is gone: `worker` is the key of a session advisory lock the worker holds.
CREATE TABLE link_leases (
    link_id bigint PRIMARY KEY REFERENCES links(id),
    worker  bigint NOT NULL,
    until   timestamptz NOT NULL
);
CREATE INDEX link_leases_by_worker ON link_leases(worker);

-- Politeness across workers: when the next request to a host may start, from any of
-- them (requests in flight are counted by session advisory locks, one per slot).
CREATE TABLE host_slots (
    host       text COLLATE "C" PRIMARY KEY,
    next_start timestamptz NOT NULL DEFAULT now()
);

-- Users of `claimlog serve` and the desk workflow (version 8).
CREATE TABLE users (
    id            bigint PRIMARY KEY,
    name          text COLLATE "C" NOT NULL UNIQUE CHECK (length(trim(name)) > 0),
    role          text COLLATE "C" NOT NULL CHECK (role IN ('viewer', 'checker', 'editor', 'admin')),
    password_hash text COLLATE "C",
    created_at    text COLLATE "C" NOT NULL
);
CREATE TRIGGER users_id BEFORE INSERT ON users FOR EACH ROW EXECUTE FUNCTION claimlog_next_id();

CREATE TABLE user_tokens (
    id         bigint PRIMARY KEY,
    user_id    bigint NOT NULL REFERENCES users(id) ON DELETE CASCADE,
    token_hash text COLLATE "C" NOT NULL,
    created_at text COLLATE "C" NOT NULL
);
CREATE TRIGGER user_tokens_id BEFORE INSERT ON user_tokens FOR EACH ROW EXECUTE FUNCTION claimlog_next_id();
CREATE INDEX user_tokens_by_user ON user_tokens(user_id);

-- Browsers signed in to `claimlog serve` (version 10; see schema.sql).
CREATE TABLE web_sessions (
    id          bigint PRIMARY KEY,
    user_id     bigint NOT NULL REFERENCES users(id) ON DELETE CASCADE,
    secret_hash text COLLATE "C" NOT NULL UNIQUE,
    csrf        text COLLATE "C" NOT NULL,
    started_at  text COLLATE "C" NOT NULL
);
CREATE TRIGGER web_sessions_id BEFORE INSERT ON web_sessions FOR EACH ROW EXECUTE FUNCTION claimlog_next_id();
CREATE INDEX web_sessions_by_user ON web_sessions(user_id);

CREATE TABLE workflow_events (
    id       bigint PRIMARY KEY,
    claim_id bigint NOT NULL REFERENCES claims(id),
    at       text COLLATE "C" NOT NULL,
    assignee text COLLATE "C",
    state    text COLLATE "C" CHECK (state IS NULL OR state IN ('to_do', 'in_progress', 'in_review', 'done')),
    actor    text COLLATE "C",
    CHECK (assignee IS NOT NULL OR state IS NOT NULL)
);
CREATE TRIGGER workflow_events_id BEFORE INSERT ON workflow_events FOR EACH ROW EXECUTE FUNCTION claimlog_next_id();
CREATE INDEX workflow_events_by_claim ON workflow_events(claim_id, id);
CREATE TRIGGER workflow_events_no_change BEFORE UPDATE OR DELETE ON workflow_events FOR EACH ROW
    EXECUTE FUNCTION claimlog_append_only('workflow events are append-only');
CREATE TRIGGER workflow_events_no_truncate BEFORE TRUNCATE ON workflow_events FOR EACH STATEMENT
    EXECUTE FUNCTION claimlog_append_only('workflow events are append-only');

CREATE TABLE claim_workflow (
    claim_id bigint PRIMARY KEY REFERENCES claims(id),
    assignee text COLLATE "C",
    state    text COLLATE "C" NOT NULL DEFAULT 'to_do'
             CHECK (state IN ('to_do', 'in_progress', 'in_review', 'done'))
);
CREATE INDEX claim_workflow_by_assignee ON claim_workflow(assignee, state);
CREATE INDEX claim_workflow_by_state ON claim_workflow(state);

INSERT INTO claimlog_schema(version) VALUES (10);
