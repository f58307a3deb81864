-- Command-side state that lives beside the events, written in the command's own transaction.

-- The set-based userName check: unique per connection, compared lower-cased. A deleted user's key may be
-- NULL (given up to a live user), and both databases let several NULLs through a UNIQUE constraint.
CREATE TABLE user_registration (
    user_id       VARCHAR(64)   NOT NULL PRIMARY KEY,
    connection_id VARCHAR(64)   NOT NULL,
    user_name_key VARCHAR(2048),
    external_id   VARCHAR(2048),
    deleted       BOOLEAN       NOT NULL,
    CONSTRAINT user_registration_user_name UNIQUE (connection_id, user_name_key)
);
CREATE INDEX user_registration_external_id ON user_registration (connection_id, external_id);

-- The current bearer-token digest of each connection (never the token).
CREATE TABLE connection_credential (
    connection_id VARCHAR(64)  NOT NULL PRIMARY KEY,
    token_id      VARCHAR(64)  NOT NULL,
    token_sha256  VARCHAR(64)  NOT NULL
);
