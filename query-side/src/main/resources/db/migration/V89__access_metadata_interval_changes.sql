-- The access review's changes export reads a connection's publicMetadata intervals by the time they opened, as it reads
-- the other interval tables (V87).
CREATE INDEX access_metadata_interval_changes ON access_metadata_interval (connection_id, valid_from);
