-- PostgreSQL, version 8 -> 9: appearances found by the page they are on (see
-- migrations/v9.sql).
CREATE INDEX appearances_by_link ON appearances(link_id) WHERE link_id IS NOT NULL;
