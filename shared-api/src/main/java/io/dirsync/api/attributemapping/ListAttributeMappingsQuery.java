package io.dirsync.api.attributemapping;

/** Answers the connection's attribute mappings in the order they were saved; empty when there are none. */
public record ListAttributeMappingsQuery(String connectionId) {}
