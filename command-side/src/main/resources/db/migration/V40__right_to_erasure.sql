-- Right to erasure (issue 5, item 10).

-- Each connection's deletion policy for SCIM DELETE of a user; no row means 'DEACTIVATE', the behaviour before.
CREATE TABLE connection_deletion_policy (
    connection_id VARCHAR(64) NOT NULL PRIMARY KEY,
    policy        VARCHAR(16) NOT NULL
);

-- One data key per user; the user's personal data in events is encrypted with it. Deleting the row is the erasure.
-- key_bytes holds the key wrapped by the configured master key when wrapped is TRUE.
CREATE TABLE user_data_key (
    user_id    VARCHAR(64) NOT NULL PRIMARY KEY,
    key_bytes  BYTEA       NOT NULL,
    wrapped    BOOLEAN     NOT NULL,
    created_at TIMESTAMP WITH TIME ZONE NOT NULL
);
