package io.dirsync.api.user;

/**
 * A page of a connection's SCIM users.
 *
 * @param filter     an RFC 7644 filter, or null for all
 * @param sortBy     an attribute path to sort on, or null for the default order (creation)
 * @param descending RFC 7644 sortOrder=descending; applies to sortBy only
 * @param startIndex 1-based
 * @param count      at most this many; 0 asks only for the total
 */
public record ListScimUsersQuery(
        String connectionId, String filter, String sortBy, boolean descending, int startIndex, int count) {}
