-- The SCIM read model of users. profile holds the UserProfile as JSON; the other columns exist to be
-- filtered, sorted and paged on by the database.
CREATE TABLE scim_user (
    user_id       VARCHAR(64)   NOT NULL PRIMARY KEY,
    connection_id VARCHAR(64)   NOT NULL,
    user_name     VARCHAR(2048) NOT NULL,
    user_name_key VARCHAR(2048) NOT NULL,
    external_id   VARCHAR(2048),
    display_name  VARCHAR(2048),
    primary_email VARCHAR(2048),
    profile       VARCHAR       NOT NULL,
    active        BOOLEAN       NOT NULL,
    deleted       BOOLEAN       NOT NULL,
    version       BIGINT        NOT NULL,
    created_at    TIMESTAMP WITH TIME ZONE NOT NULL,
    last_modified TIMESTAMP WITH TIME ZONE NOT NULL
);
CREATE INDEX scim_user_user_name ON scim_user (connection_id, user_name_key);
CREATE INDEX scim_user_external_id ON scim_user (connection_id, external_id);
CREATE INDEX scim_user_paging ON scim_user (connection_id, created_at, user_id);
