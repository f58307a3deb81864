-- The event log projection replaces an event's subject rows by the event's global index before writing them (it
-- may see an event again after a crash). The primary key starts with user_id, so that delete read the whole table
-- for every event: a catch-up over a million events never finished (docs/benchmarks/RESULTS.md).
CREATE INDEX event_log_subject_position ON event_log_subject (global_index);
