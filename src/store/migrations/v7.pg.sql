-- PostgreSQL, version 6 -> 7: mementos (see migrations/v7.sql and schema.pg.sql).
CREATE TABLE mementos (
    id               bigint PRIMARY KEY,
    link_id          bigint NOT NULL REFERENCES links(id),
    asked_at         text COLLATE "C" NOT NULL,
    timegate         text COLLATE "C" NOT NULL,
    accept_datetime  text COLLATE "C" NOT NULL,
    memento_url      text COLLATE "C",
    memento_datetime text COLLATE "C",
    error            text COLLATE "C",
    CHECK ((memento_url IS NULL) = (memento_datetime IS NULL))
);
CREATE TRIGGER mementos_id BEFORE INSERT ON mementos FOR EACH ROW EXECUTE FUNCTION claimlog_next_id();
CREATE INDEX mementos_by_link ON mementos(link_id, id);
CREATE TRIGGER mementos_no_change BEFORE UPDATE OR DELETE ON mementos FOR EACH ROW
    EXECUTE FUNCTION claimlog_append_only('mementos are append-only');
CREATE TRIGGER mementos_no_truncate BEFORE TRUNCATE ON mementos FOR EACH STATEMENT
    EXECUTE FUNCTION claimlog_append_only('mementos are append-only');
ALTER TABLE links ADD COLUMN memento_url text COLLATE "C";
ALTER TABLE links ADD COLUMN memento_datetime text COLLATE "C";
