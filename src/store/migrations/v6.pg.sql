-- PostgreSQL, version 5 -> 6 (see v6.sql): appearances can be removed; word counts
-- for `similar`, counted from the text words already indexed.

ALTER TABLE appearances ADD COLUMN removed_at text COLLATE "C";

CREATE TABLE similar_terms (
    term   text COLLATE "C" PRIMARY KEY,
    claims bigint NOT NULL
);
INSERT INTO similar_terms(term, claims)
SELECT word, ndoc FROM ts_stat('SELECT text_words FROM claims_search');
