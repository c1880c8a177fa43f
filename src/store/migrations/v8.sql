-- Version 7 -> 8: the people who sign in to `claimlog serve` (users, their API tokens
-- as salted hashes) and the desk workflow (who a claim is assigned to, how far its
-- checking went), kept apart from verification.

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
