package io.dirsync.api.rolemapping;

public record ListRoleMappingsQuery(String connectionId) {}
