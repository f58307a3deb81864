-- dirsync has no saga (roles are resolved by RoleResolutionProcess, a streaming process with its own tables):
-- the saga store's tables from V1 were never written.
DROP TABLE association_value_entry;
DROP TABLE saga_entry;
