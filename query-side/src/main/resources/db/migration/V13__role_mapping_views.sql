CREATE TABLE connection_role_mapping (
    connection_id VARCHAR(64)  NOT NULL,
    position      INTEGER      NOT NULL,
    group_id      VARCHAR(64)  NOT NULL,
    role_key      VARCHAR(255) NOT NULL,
    PRIMARY KEY (connection_id, position)
);

CREATE TABLE org_member (
    user_id         VARCHAR(64)  NOT NULL PRIMARY KEY,
    organization_id VARCHAR(64)  NOT NULL,
    connection_id   VARCHAR(64)  NOT NULL,
    role_key        VARCHAR(255),
    role_source     VARCHAR(16)  NOT NULL,
    mapped_group_id VARCHAR(64)
);
CREATE INDEX org_member_organization ON org_member (organization_id);

CREATE TABLE org_member_name (
    user_id       VARCHAR(64)   NOT NULL PRIMARY KEY,
    user_name     VARCHAR(2048) NOT NULL,
    user_name_key VARCHAR(2048) NOT NULL
);

ALTER TABLE directory_user ADD COLUMN role_key VARCHAR(255);
