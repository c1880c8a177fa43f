-- Version 4 -> 5: who recorded each claim, each appearance and each alias (`--as`,
-- CLAIMLOG_USER, else the OS user or the PostgreSQL role). Rows recorded before
-- version 5 keep NULL: not known.
ALTER TABLE claims ADD COLUMN actor TEXT;
ALTER TABLE appearances ADD COLUMN actor TEXT;
ALTER TABLE source_names ADD COLUMN actor TEXT;
