-- Each user's publicMetadata as validity intervals [valid_from, valid_to), beside the access-history intervals (V87).
-- Written by the user-public-metadata projection, which computes the values in each connection's event order: a row
-- opens when an event changes the user's value (a profile or status change, a hand edit, or, for every user whose
-- value it changes, a mapping change or sync switched back on) and cites that event. metadata is null for an erased
-- user: no interval keeps what the user's values were.
CREATE TABLE access_metadata_interval (
    user_id         VARCHAR(64)   NOT NULL,
    from_position   BIGINT        NOT NULL,
    connection_id   VARCHAR(64)   NOT NULL,
    metadata        VARCHAR,
    valid_from      TIMESTAMP WITH TIME ZONE NOT NULL,
    valid_to        TIMESTAMP WITH TIME ZONE,
    from_aggregate  VARCHAR(64)   NOT NULL,
    from_sequence   BIGINT        NOT NULL,
    from_type       VARCHAR(64)   NOT NULL,
    to_position     BIGINT,
    PRIMARY KEY (user_id, from_position)
);
