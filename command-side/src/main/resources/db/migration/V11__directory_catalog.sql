-- Cross-aggregate facts the command handlers check, kept in the transaction of each event.
CREATE TABLE catalog_organization (
    organization_id VARCHAR(64)  NOT NULL PRIMARY KEY,
    default_role    VARCHAR(255) NOT NULL
);
CREATE TABLE catalog_role (
    organization_id VARCHAR(64)  NOT NULL,
    role_key        VARCHAR(255) NOT NULL,
    PRIMARY KEY (organization_id, role_key)
);
CREATE TABLE catalog_connection (
    connection_id   VARCHAR(64) NOT NULL PRIMARY KEY,
    organization_id VARCHAR(64),
    sync_enabled    BOOLEAN     NOT NULL
);
CREATE TABLE catalog_group (
    group_id      VARCHAR(64) NOT NULL PRIMARY KEY,
    connection_id VARCHAR(64) NOT NULL,
    deleted       BOOLEAN     NOT NULL
);
