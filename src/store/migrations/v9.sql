-- Version 8 -> 9: appearances found by the page they are on. A link check reads, for
-- each page it fetches, the wording of the claims that appeared there (to tell whether a
-- quotation was removed); without this index that read scanned every appearance, and a
-- check of a million-claim database never got past its first links.
CREATE INDEX appearances_by_link ON appearances(link_id) WHERE link_id IS NOT NULL;
