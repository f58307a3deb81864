-- The role resolver's facts and its queue of members to re-resolve (rebuilt by replay).
CREATE TABLE rm_organization (
    organization_id VARCHAR(64)  NOT NULL PRIMARY KEY,
    default_role    VARCHAR(255) NOT NULL
);
CREATE TABLE rm_role (
    organization_id VARCHAR(64)  NOT NULL,
    role_key        VARCHAR(255) NOT NULL,
    PRIMARY KEY (organization_id, role_key)
);
CREATE TABLE rm_connection (
    connection_id   VARCHAR(64) NOT NULL PRIMARY KEY,
    organization_id VARCHAR(64),
    sync_enabled    BOOLEAN     NOT NULL
);
CREATE TABLE rm_mapping (
    connection_id VARCHAR(64)  NOT NULL,
    position      INTEGER      NOT NULL,
    group_id      VARCHAR(64)  NOT NULL,
    role_key      VARCHAR(255) NOT NULL,
    PRIMARY KEY (connection_id, position)
);
CREATE TABLE rm_user (
    user_id       VARCHAR(64) NOT NULL PRIMARY KEY,
    connection_id VARCHAR(64) NOT NULL,
    active        BOOLEAN     NOT NULL
);
CREATE INDEX rm_user_connection ON rm_user (connection_id);
CREATE TABLE rm_membership (
    group_id VARCHAR(64) NOT NULL,
    user_id  VARCHAR(64) NOT NULL,
    PRIMARY KEY (group_id, user_id)
);
CREATE INDEX rm_membership_user ON rm_membership (user_id);
CREATE TABLE rm_assignment (
    user_id         VARCHAR(64)  NOT NULL PRIMARY KEY,
    role_key        VARCHAR(255),
    source          VARCHAR(16)  NOT NULL,
    mapped_group_id VARCHAR(64)
);
CREATE TABLE rm_dirty (
    user_id VARCHAR(64) NOT NULL PRIMARY KEY,
    version BIGINT      NOT NULL
);
