-- Version 4 -> 5: how many claims hold each word, for "have we seen this claim before?"
-- (`claimlog similar`) to pick a text's rarest words without counting the full-text
-- index's entries at every look-up. Filled here from the full-text index as it is.

CREATE TABLE similar_terms (
    term   TEXT PRIMARY KEY,
    claims INTEGER NOT NULL
);

CREATE VIRTUAL TABLE temp.similar_vocab USING fts5vocab(main, 'claims_fts', 'col');
INSERT INTO similar_terms(term, claims)
SELECT term, doc FROM temp.similar_vocab WHERE col = 'text';
DROP TABLE temp.similar_vocab;
