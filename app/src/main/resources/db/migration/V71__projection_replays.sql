-- The last replay asked for, per streaming processor, so every node stops that processor while one node resets
-- its tokens (Axon cannot reset while any node holds a claim), then starts it again. See ProjectionReplays.
CREATE TABLE projection_replay (
    processor_name VARCHAR(255) NOT NULL PRIMARY KEY,
    requested_by   VARCHAR(255) NOT NULL,
    requested_at   BIGINT       NOT NULL,
    state          VARCHAR(16)  NOT NULL,
    finished_at    BIGINT
);
