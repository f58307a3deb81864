package io.dirsync.api.directoryuser;

import io.dirsync.api.scim.InvalidParameterException;

import java.util.Locale;

/**
 * @param status "Active", "Deactivated" or null for both
 * @param search matched, ignoring case, against the start of userName or of email; null for all
 */
public record ListDirectoryUsersQuery(String connectionId, String status, String search, int startIndex, int count) {

    /** From what an admin typed or sent: status in any case, blank for none; startIndex and count kept in range. */
    public static ListDirectoryUsersQuery of(
            String connectionId, String status, String search, int startIndex, int count) {
        String normalizedStatus = status == null || status.isBlank()
                ? null
                : switch (status.trim().toLowerCase(Locale.ROOT)) {
                    case "active" -> "Active";
                    case "deactivated" -> "Deactivated";
                    default -> throw new InvalidParameterException("status must be Active or Deactivated");
                };
        return new ListDirectoryUsersQuery(
                connectionId,
                normalizedStatus,
                search == null || search.isBlank() ? null : search.trim(),
                Math.max(1, startIndex),
                Math.max(0, Math.min(1000, count)));
    }
}
