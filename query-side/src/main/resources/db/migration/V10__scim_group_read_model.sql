-- The SCIM read model of groups. Members live in their own table, changed row by row as members are
-- added and removed, so a membership change costs the members it names, whatever the group's size.
CREATE TABLE scim_group (
    group_id         VARCHAR(64)   NOT NULL PRIMARY KEY,
    connection_id    VARCHAR(64)   NOT NULL,
    display_name     VARCHAR(2048) NOT NULL,
    display_name_key VARCHAR(2048) NOT NULL,
    external_id      VARCHAR(2048),
    member_count     INTEGER       NOT NULL,
    deleted          BOOLEAN       NOT NULL,
    version          BIGINT        NOT NULL,
    created_at       TIMESTAMP WITH TIME ZONE NOT NULL,
    last_modified    TIMESTAMP WITH TIME ZONE NOT NULL
);
CREATE INDEX scim_group_display_name ON scim_group (connection_id, display_name_key);
CREATE INDEX scim_group_external_id ON scim_group (connection_id, external_id);
CREATE INDEX scim_group_paging ON scim_group (connection_id, created_at, group_id);

CREATE TABLE scim_group_member (
    group_id  VARCHAR(64) NOT NULL,
    user_id   VARCHAR(64) NOT NULL,
    joined    BIGINT      NOT NULL,
    PRIMARY KEY (group_id, user_id)
);
CREATE INDEX scim_group_member_user ON scim_group_member (user_id);
