package io.dirsync.query.rolemapping;

public record ListRoleMappingsQuery(String connectionId) {
}
