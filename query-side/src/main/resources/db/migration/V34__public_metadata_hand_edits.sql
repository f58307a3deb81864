-- Hand edits of publicMetadata (PublicMetadataEditedEvent) and each connection's sync switch, which decides
-- whether a mapping change drops hand edits of the keys it maps. Rows written before have no hand edits.
-- A connection whose sync is off at the upgrade counts as on until its next switch; the only effect is that
-- a mapping change made before then drops hand edits of the keys it maps, as it does while sync is on.
ALTER TABLE user_public_metadata ADD COLUMN manual VARCHAR NOT NULL DEFAULT '{}';
ALTER TABLE public_metadata_mapping ADD COLUMN sync_enabled BOOLEAN NOT NULL DEFAULT TRUE;
