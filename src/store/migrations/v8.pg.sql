-- PostgreSQL, version 7 -> 8: users of `claimlog serve`, their API tokens, and the desk
-- workflow (see migrations/v8.sql for what each table means).

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
