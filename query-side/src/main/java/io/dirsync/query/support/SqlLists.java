package io.dirsync.query.support;

import java.util.Collections;

/** The parameter list of an SQL {@code IN (…)} for a known number of values. */
public final class SqlLists {
    private SqlLists() {}

    /** {@code "?, ?, ?"} for three values. */
    public static String placeholders(int count) {
        return String.join(", ", Collections.nCopies(count, "?"));
    }
}
