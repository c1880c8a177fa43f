-- PostgreSQL, version 4 -> 5: who recorded each claim, each appearance and each alias
-- (see migrations/v5.sql), as text compared byte by byte like every other column.
ALTER TABLE claims ADD COLUMN actor text COLLATE "C";
ALTER TABLE appearances ADD COLUMN actor text COLLATE "C";
ALTER TABLE source_names ADD COLUMN actor text COLLATE "C";

-- Link-check leases and host slots as the shared workers use them since version 5:
-- a lease names its worker by the number of its session's advisory lock, and requests
-- in flight are counted by advisory locks, not a column. Leases only live for the
-- length of a run, so none is worth keeping across the upgrade.
DROP TABLE link_leases;
CREATE TABLE link_leases (
    link_id bigint PRIMARY KEY REFERENCES links(id),
    worker  bigint NOT NULL,
    until   timestamptz NOT NULL
);
CREATE INDEX link_leases_by_worker ON link_leases(worker);
ALTER TABLE host_slots DROP COLUMN in_flight;
