package io.dirsync.api.user;

/**
 * A page of a connection's SCIM users.
 *
 * @param filter    an RFC 7644 filter, or null for all
 * @param startIndex 1-based
 * @param count      at most this many; 0 asks only for the total
 */
public record ListScimUsersQuery(String connectionId, String filter, int startIndex, int count) {
}
