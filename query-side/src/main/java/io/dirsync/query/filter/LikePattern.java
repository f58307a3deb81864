package io.dirsync.query.filter;

/**
 * LIKE patterns, written once: the text a client typed is escaped so that its {@code %}, {@code _} and backslashes
 * match themselves, and every LIKE names the backslash as its escape character.
 */
public final class LikePattern {
    private LikePattern() {}

    /** {@code text} as a LIKE pattern that matches exactly it. */
    public static String escape(String text) {
        return text.replace("\\", "\\\\").replace("%", "\\%").replace("_", "\\_");
    }

    /** The condition {@code column LIKE ?} with the backslash as escape character, for a pattern built with {@link #escape}. */
    public static String condition(String column) {
        return column + " LIKE ? ESCAPE '\\'";
    }
}
