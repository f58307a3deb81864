package io.dirsync.query.filter;

/**
 * A SQL expression a SCIM attribute is filtered and sorted on.
 *
 * @param sql       a column or expression of the resource's table, or of a multi-valued attribute's table
 * @param caseExact RFC 7643 caseExact; when false, {@code sql} must yield lower-cased text (a stored
 *                  lower-cased key column, so it can be indexed on H2 and PostgreSQL alike) and comparison
 *                  values are lower-cased to match
 */
public record FilterColumn(String sql, Kind kind, boolean caseExact) {

    public enum Kind {
        STRING,
        BOOLEAN,
        TIMESTAMP,
        NUMBER
    }

    public static FilterColumn caseExact(String sql) {
        return new FilterColumn(sql, Kind.STRING, true);
    }

    public static FilterColumn ignoringCase(String lowerCasedSql) {
        return new FilterColumn(lowerCasedSql, Kind.STRING, false);
    }

    public static FilterColumn bool(String sql) {
        return new FilterColumn(sql, Kind.BOOLEAN, true);
    }

    public static FilterColumn timestamp(String sql) {
        return new FilterColumn(sql, Kind.TIMESTAMP, true);
    }

    public static FilterColumn number(String sql) {
        return new FilterColumn(sql, Kind.NUMBER, true);
    }
}
