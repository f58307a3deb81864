-- An index over the event store for auditors: by connection, type, aggregate, time and the users an event
-- concerns. Payloads stay in domain_event_entry (joined on global_index), never copied.
CREATE TABLE event_log (
    global_index    BIGINT       NOT NULL PRIMARY KEY,
    event_id        VARCHAR(255) NOT NULL,
    aggregate_id    VARCHAR(255),
    sequence_number BIGINT,
    event_type      VARCHAR(255) NOT NULL,
    occurred_at     TIMESTAMP WITH TIME ZONE NOT NULL,
    connection_id   VARCHAR(64),
    actor           VARCHAR(512),
    request_id      VARCHAR(64)
);
CREATE INDEX event_log_connection ON event_log (connection_id, global_index);
CREATE INDEX event_log_aggregate ON event_log (aggregate_id, global_index);
CREATE INDEX event_log_type ON event_log (event_type, global_index);
CREATE INDEX event_log_time ON event_log (occurred_at);

CREATE TABLE event_log_subject (
    global_index BIGINT      NOT NULL,
    user_id      VARCHAR(64) NOT NULL,
    PRIMARY KEY (user_id, global_index)
);
