package io.dirsync.api.group;

/** A page of a connection's groups; {@code filter} is an RFC 7644 filter or null. */
public record ListScimGroupsQuery(String connectionId, String filter, int startIndex, int count, boolean withMembers) {}
