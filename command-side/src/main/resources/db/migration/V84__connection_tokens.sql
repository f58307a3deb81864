-- Up to two working bearer tokens per connection (rotation with a grace period), as digests, never tokens.
-- connection_credential stays as the per-connection main row that a rebuild locks; its token moves here.
CREATE TABLE connection_token (
    token_id      VARCHAR(64)  NOT NULL PRIMARY KEY,
    connection_id VARCHAR(64)  NOT NULL,
    token_sha256  VARCHAR(64)  NOT NULL,
    created_at    TIMESTAMP WITH TIME ZONE NOT NULL,
    expires_at    TIMESTAMP WITH TIME ZONE,
    last_used_at  TIMESTAMP WITH TIME ZONE
);
CREATE INDEX connection_token_connection ON connection_token (connection_id);

-- The stored rows do not say when their token was issued: the migration's time stands in for it (a rebuild of
-- connection-credentials takes it from the events).
INSERT INTO connection_token (token_id, connection_id, token_sha256, created_at)
    SELECT token_id, connection_id, token_sha256, CURRENT_TIMESTAMP FROM connection_credential;

ALTER TABLE connection_credential DROP COLUMN token_id;
ALTER TABLE connection_credential DROP COLUMN token_sha256;
