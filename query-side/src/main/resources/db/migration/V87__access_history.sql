-- The access-history projection (streaming, rebuilt by replay): validity intervals [valid_from, valid_to) of a user's
-- status and profile, a member's role, a group's name and a membership. valid_to is null while the interval is open.
-- Each row cites the event that opened it (from_*) and the one that closed it (to_*): aggregate, sequence, global index.
CREATE TABLE access_user_interval (
    user_id         VARCHAR(64)   NOT NULL,
    from_position   BIGINT        NOT NULL,
    connection_id   VARCHAR(64)   NOT NULL,
    change_kind     VARCHAR(16)   NOT NULL,
    status          VARCHAR(16)   NOT NULL,
    deleted         BOOLEAN       NOT NULL,
    erased          BOOLEAN       NOT NULL,
    user_name       VARCHAR(2048) NOT NULL,
    email           VARCHAR(2048),
    given_name      VARCHAR(2048),
    family_name     VARCHAR(2048),
    valid_from      TIMESTAMP WITH TIME ZONE NOT NULL,
    valid_to        TIMESTAMP WITH TIME ZONE,
    from_aggregate  VARCHAR(64)   NOT NULL,
    from_sequence   BIGINT        NOT NULL,
    from_type       VARCHAR(64)   NOT NULL,
    to_position     BIGINT,
    PRIMARY KEY (user_id, from_position)
);
CREATE INDEX access_user_interval_at ON access_user_interval (connection_id, user_id, valid_from);
CREATE INDEX access_user_interval_changes ON access_user_interval (connection_id, valid_from);

CREATE TABLE access_role_interval (
    user_id         VARCHAR(64)   NOT NULL,
    from_position   BIGINT        NOT NULL,
    connection_id   VARCHAR(64)   NOT NULL,
    organization_id VARCHAR(64)   NOT NULL,
    role_key        VARCHAR(255),
    role_source     VARCHAR(16)   NOT NULL,
    mapped_group_id VARCHAR(64),
    previous_role   VARCHAR(255),
    previous_source VARCHAR(16),
    valid_from      TIMESTAMP WITH TIME ZONE NOT NULL,
    valid_to        TIMESTAMP WITH TIME ZONE,
    from_aggregate  VARCHAR(64)   NOT NULL,
    from_sequence   BIGINT        NOT NULL,
    from_type       VARCHAR(64)   NOT NULL,
    to_position     BIGINT,
    PRIMARY KEY (user_id, from_position)
);
CREATE INDEX access_role_interval_at ON access_role_interval (user_id, valid_from);
CREATE INDEX access_role_interval_changes ON access_role_interval (connection_id, valid_from);

CREATE TABLE access_group_interval (
    group_id        VARCHAR(64)   NOT NULL,
    from_position   BIGINT        NOT NULL,
    connection_id   VARCHAR(64)   NOT NULL,
    display_name    VARCHAR(2048),
    valid_from      TIMESTAMP WITH TIME ZONE NOT NULL,
    valid_to        TIMESTAMP WITH TIME ZONE,
    from_aggregate  VARCHAR(64)   NOT NULL,
    from_sequence   BIGINT        NOT NULL,
    from_type       VARCHAR(64)   NOT NULL,
    to_position     BIGINT,
    PRIMARY KEY (group_id, from_position)
);
CREATE INDEX access_group_interval_at ON access_group_interval (connection_id, group_id, valid_from);

CREATE TABLE access_membership_interval (
    group_id        VARCHAR(64)   NOT NULL,
    user_id         VARCHAR(64)   NOT NULL,
    from_position   BIGINT        NOT NULL,
    connection_id   VARCHAR(64)   NOT NULL,
    valid_from      TIMESTAMP WITH TIME ZONE NOT NULL,
    valid_to        TIMESTAMP WITH TIME ZONE,
    from_aggregate  VARCHAR(64)   NOT NULL,
    from_sequence   BIGINT        NOT NULL,
    from_type       VARCHAR(64)   NOT NULL,
    to_position     BIGINT,
    to_aggregate    VARCHAR(64),
    to_sequence     BIGINT,
    to_type         VARCHAR(64),
    PRIMARY KEY (group_id, user_id, from_position)
);
CREATE INDEX access_membership_interval_user ON access_membership_interval (user_id, valid_from);
CREATE INDEX access_membership_interval_group ON access_membership_interval (group_id, valid_from);
CREATE INDEX access_membership_interval_changes ON access_membership_interval (connection_id, valid_from);
CREATE INDEX access_membership_interval_ended ON access_membership_interval (connection_id, valid_to);
