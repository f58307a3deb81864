package io.dirsync.query.user;

import io.dirsync.scim.ScimException;
import io.dirsync.scim.ScimType;

/**
 * RFC 7644 section 3.4.2.4 paging: startIndex below 1 means 1, a negative count means 0, count defaults to
 * 100 and is capped at 1000. Values that are not integers are the client's mistake: 400 invalidValue.
 */
record ListPaging(int startIndex, int count) {
    static final int DEFAULT_COUNT = 100;
    static final int MAX_COUNT = 1000;

    static ListPaging of(String startIndex, String count) {
        int start = Math.max(1, parse("startIndex", startIndex, 1));
        int size = Math.min(MAX_COUNT, Math.max(0, parse("count", count, DEFAULT_COUNT)));
        return new ListPaging(start, size);
    }

    private static int parse(String name, String value, int absent) {
        if (value == null || value.isBlank()) {
            return absent;
        }
        try {
            long parsed = Long.parseLong(value.trim());
            return (int) Math.max(Integer.MIN_VALUE, Math.min(Integer.MAX_VALUE, parsed));
        } catch (NumberFormatException e) {
            throw ScimException.badRequest(ScimType.invalidValue, "'" + name + "' must be an integer, not '" + value + "'");
        }
    }
}
