package io.dirsync.query.directoryuser;

/**
 * @param status "Active", "Deactivated" or null for both
 * @param search matched, ignoring case, anywhere in userName or email; null for all
 */
public record ListDirectoryUsersQuery(String connectionId, String status, String search, int startIndex, int count) {
}
