package io.dirsync.api.rolemapping;

/** Members of {@code groupId} get {@code role}; earlier mappings in a list win over later ones. */
public record RoleMapping(String groupId, String role) {}
