-- Version 9 -> 10: indexes for the queue's orders and filters, and web sessions. At a million claims
-- the web queue sorted by speaker took a second (every claim sorted by its speaker's
-- name), by verification state 0.4 s; walked through these indexes, a page takes a
-- millisecond. The queue's claims past the open ones (claims_closed_newest) are walked
-- without reading every open claim's row to skip it, and a verdict or a language is
-- found without reading every claim.
CREATE INDEX sources_by_name ON sources(name);
CREATE INDEX claims_by_verification ON claims(verification, sort_date DESC, id DESC);
CREATE INDEX claims_closed_newest ON claims(sort_date DESC, id DESC)
    WHERE verification NOT IN ('unverified', 'unable_to_verify');
CREATE INDEX claims_by_verdict ON claims(verdict, verification) WHERE verdict IS NOT NULL;
CREATE INDEX claims_by_lang ON claims(lang) WHERE lang IS NOT NULL;

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
