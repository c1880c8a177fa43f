-- PostgreSQL, version 9 -> 10: indexes for the queue's orders and filters, and web sessions (see
-- migrations/v10.sql).
CREATE INDEX sources_by_name ON sources(name, id);
CREATE INDEX claims_by_verification ON claims(verification, sort_date DESC, id DESC);
CREATE INDEX claims_closed_newest ON claims(sort_date DESC, id DESC)
    WHERE verification NOT IN ('unverified', 'unable_to_verify');
CREATE INDEX claims_by_verdict ON claims(verdict, verification) WHERE verdict IS NOT NULL;
CREATE INDEX claims_by_lang ON claims(lang) WHERE lang IS NOT NULL;

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
