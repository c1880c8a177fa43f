-- PostgreSQL, version 9 -> 10: indexes for the queue's orders and a filter (see
-- migrations/v10.sql).
CREATE INDEX sources_by_name ON sources(name, id);
CREATE INDEX claims_by_verification ON claims(verification, sort_date DESC, id DESC);
CREATE INDEX claims_closed_newest ON claims(sort_date DESC, id DESC)
    WHERE verification NOT IN ('unverified', 'unable_to_verify');
CREATE INDEX claims_by_verdict ON claims(verdict, verification) WHERE verdict IS NOT NULL;
