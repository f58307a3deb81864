-- What the admin web UI lists: connections and organizations with their roles. Streaming projections,
-- rebuilt by replay (a new deployment fills them from the first event).
CREATE TABLE connection_overview (
    connection_id    VARCHAR(64)   NOT NULL PRIMARY KEY,
    name             VARCHAR(2048) NOT NULL,
    organization_id  VARCHAR(64),
    sync_enabled     BOOLEAN       NOT NULL,
    created_at       TIMESTAMP WITH TIME ZONE NOT NULL,
    token_rotated_at TIMESTAMP WITH TIME ZONE
);
CREATE TABLE organization_overview (
    organization_id VARCHAR(64)   NOT NULL PRIMARY KEY,
    name            VARCHAR(2048) NOT NULL,
    default_role    VARCHAR(255)  NOT NULL
);
CREATE TABLE organization_overview_role (
    organization_id VARCHAR(64)  NOT NULL,
    role_key        VARCHAR(255) NOT NULL,
    position        INTEGER      NOT NULL,
    PRIMARY KEY (organization_id, role_key)
);
