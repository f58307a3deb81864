-- Each connection's attribute mappings as saved (subscribing: the admin reads back what was saved at once).
CREATE TABLE connection_attribute_mapping (
    connection_id VARCHAR(64)   NOT NULL,
    position      INTEGER       NOT NULL,
    scim_path     VARCHAR(2048) NOT NULL,
    metadata_key  VARCHAR(1024) NOT NULL,
    PRIMARY KEY (connection_id, position)
);

-- The user-public-metadata projection (streaming, rebuilt by replay): its own copy of each connection's
-- mappings (JSON) and, per user, the last profile (JSON) and status it saw, so a mapping change can
-- re-evaluate every user of the connection without asking another view.
CREATE TABLE public_metadata_mapping (
    connection_id VARCHAR(64) NOT NULL PRIMARY KEY,
    mappings      VARCHAR     NOT NULL
);
CREATE TABLE user_public_metadata (
    user_id       VARCHAR(64) NOT NULL PRIMARY KEY,
    connection_id VARCHAR(64) NOT NULL,
    profile       VARCHAR     NOT NULL,
    active        BOOLEAN     NOT NULL,
    metadata      VARCHAR     NOT NULL
);
CREATE INDEX user_public_metadata_connection ON user_public_metadata (connection_id, user_id);
