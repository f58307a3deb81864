-- Where a rebuild in sets builds a projection's fresh tables before it switches to them (SetRebuilds, ShadowTables).
-- Created here so the service needs no right to create schemas at run time.
CREATE SCHEMA IF NOT EXISTS dirsync_rebuild;
