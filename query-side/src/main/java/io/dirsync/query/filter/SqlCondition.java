package io.dirsync.query.filter;

import java.util.List;

/** A SQL boolean expression and the values of its {@code ?} placeholders, in order. */
public record SqlCondition(String sql, List<Object> parameters) {

    public SqlCondition {
        parameters = List.copyOf(parameters);
    }
}
