-- The admin's Directory users view; a streaming projection, rebuilt by replay.
CREATE TABLE directory_user (
    user_id        VARCHAR(64)   NOT NULL PRIMARY KEY,
    connection_id  VARCHAR(64)   NOT NULL,
    user_name      VARCHAR(2048) NOT NULL,
    user_name_key  VARCHAR(2048) NOT NULL,
    email          VARCHAR(2048),
    status         VARCHAR(16)   NOT NULL,
    last_synced_at TIMESTAMP WITH TIME ZONE NOT NULL
);
CREATE INDEX directory_user_listing ON directory_user (connection_id, user_name_key, user_id);
CREATE INDEX directory_user_status ON directory_user (connection_id, status, user_name_key);
