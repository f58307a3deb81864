-- Nodes sharing this database, each beating its heart here. Streaming processors size their share of
-- segments by the live ones (see ClusterMembership); a node gone quiet for a claim timeout no longer counts.
-- Epoch milliseconds of the node's own clock, as Axon's token claims use it too.
CREATE TABLE cluster_node (
    node_id      VARCHAR(255) NOT NULL PRIMARY KEY,
    started_at   BIGINT       NOT NULL,
    last_seen_at BIGINT       NOT NULL
);
