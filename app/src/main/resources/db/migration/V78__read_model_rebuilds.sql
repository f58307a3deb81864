-- The last rebuild asked for, per read model kept in the command's transaction (the SCIM users and groups), with its
-- progress, so that every node shows it and one rebuild of a model runs at a time. See ReadModelRebuilds.
CREATE TABLE read_model_rebuild (
    model_name   VARCHAR(255)  NOT NULL PRIMARY KEY,
    requested_by VARCHAR(255)  NOT NULL,
    requested_at BIGINT        NOT NULL,
    updated_at   BIGINT        NOT NULL,
    state        VARCHAR(16)   NOT NULL,
    rebuilt      BIGINT        NOT NULL,
    total        BIGINT        NOT NULL,
    failed       BIGINT        NOT NULL,
    error        VARCHAR(2048),
    finished_at  BIGINT
);
