-- The publicMetadata keys each connection's attribute mappings fill: an admin's hand edit of one of them is
-- refused while sync is on. The catalog is subscribing and never replayed, so mappings saved before this
-- table existed are copied from the attribute-mapping view (V20), which holds the same facts.
CREATE TABLE catalog_attribute_mapping (
    connection_id VARCHAR(64)   NOT NULL,
    metadata_key  VARCHAR(1024) NOT NULL,
    PRIMARY KEY (connection_id, metadata_key)
);
INSERT INTO catalog_attribute_mapping (connection_id, metadata_key)
    SELECT DISTINCT connection_id, metadata_key FROM connection_attribute_mapping;
