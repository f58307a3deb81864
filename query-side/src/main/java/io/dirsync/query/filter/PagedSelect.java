package io.dirsync.query.filter;

import org.springframework.jdbc.core.JdbcTemplate;
import org.springframework.jdbc.core.RowMapper;

import java.util.ArrayList;
import java.util.List;

/**
 * One page of a filtered list and the total it belongs to (RFC 7644 section 3.4.2.4). The page is read first: a
 * page shorter than asked for ends the list, so the total is the rows before it plus the page, and only a full page,
 * or an empty one past the end, needs a COUNT. The filters IdPs send before every write ({@code userName eq},
 * {@code externalId eq}, {@code displayName eq}) match at most one resource, so they cost one statement, not two.
 */
public final class PagedSelect {
    private PagedSelect() {}

    public record Page<T>(long totalResults, List<T> resources) {}

    /**
     * @param columns   the select list
     * @param fromWhere {@code " FROM … WHERE …"}, its parameters in {@code parameters}
     * @param startIndex 1-based, at least 1
     */
    public static <T> Page<T> read(
            JdbcTemplate jdbc,
            String columns,
            String fromWhere,
            List<Object> parameters,
            String orderBy,
            int startIndex,
            int count,
            RowMapper<T> rows) {
        if (count == 0) {
            return new Page<>(count(jdbc, fromWhere, parameters), List.of());
        }
        List<Object> paged = new ArrayList<>(parameters);
        paged.add(count);
        paged.add(startIndex - 1);
        List<T> page = jdbc.query(
                "SELECT " + columns + fromWhere + " ORDER BY " + orderBy + " LIMIT ? OFFSET ?", rows, paged.toArray());
        boolean endSeen = page.size() < count && (!page.isEmpty() || startIndex == 1);
        return new Page<>(endSeen ? startIndex - 1L + page.size() : count(jdbc, fromWhere, parameters), page);
    }

    private static long count(JdbcTemplate jdbc, String fromWhere, List<Object> parameters) {
        Long total = jdbc.queryForObject("SELECT COUNT(*)" + fromWhere, Long.class, parameters.toArray());
        return total == null ? 0 : total;
    }
}
