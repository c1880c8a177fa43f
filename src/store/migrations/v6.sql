-- Version 5 -> 6:
-- * how many claims hold each word, for "have we seen this claim before?" (`claimlog
--   similar`) to pick a text's rarest words without counting the full-text index's
--   entries at every look-up; filled here from the full-text index as it is;
-- * an appearance can be removed (`claimlog appearance remove`): the row stays,
--   stamped, and a revision of its claim records the reason and what it was.

ALTER TABLE appearances ADD COLUMN removed_at TEXT;

CREATE TABLE similar_terms (
    term   TEXT PRIMARY KEY,
    claims INTEGER NOT NULL
);

CREATE VIRTUAL TABLE temp.similar_vocab USING fts5vocab(main, 'claims_fts', 'col');
INSERT INTO similar_terms(term, claims)
SELECT term, doc FROM temp.similar_vocab WHERE col = 'text';
DROP TABLE temp.similar_vocab;
