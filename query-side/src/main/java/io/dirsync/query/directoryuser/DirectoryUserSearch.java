package io.dirsync.query.directoryuser;

import io.dirsync.api.directoryuser.DirectoryUser;
import io.dirsync.api.directoryuser.DirectoryUserPage;
import io.dirsync.api.directoryuser.ListDirectoryUsersQuery;
import io.dirsync.query.filter.LikePattern;
import org.axonframework.queryhandling.QueryHandler;
import org.springframework.jdbc.core.JdbcTemplate;
import org.springframework.jdbc.core.RowMapper;
import org.springframework.stereotype.Component;

import java.util.ArrayList;
import java.util.List;
import java.util.Locale;

/**
 * Pages of the Directory users view, shaped so that each statement walks an index range, whatever the size of the
 * connection: the list in userName order walks (connection_id, user_name_key, user_id) and stops after the page; a
 * search matches a prefix of userName or of email, counted over each column's own index. A page of search results
 * comes from the union of the two ranges while matches are few, and from the userName-ordered walk, filtered, while
 * they are many (then matches are dense and the walk soon fills a page).
 */
@Component
public class DirectoryUserSearch {
    /** Below this many matches, sorting the union of the two index ranges is cheaper than walking the list. */
    static final int FEW_MATCHES = 2_000;

    private static final String COLUMNS =
            "SELECT user_id, user_name, email, status, last_synced_at, role_key, user_name_key FROM directory_user";
    private static final RowMapper<DirectoryUser> ROW = (rs, i) -> new DirectoryUser(
            rs.getString(1),
            rs.getString(2),
            rs.getString(3),
            rs.getString(4),
            rs.getTimestamp(5).toInstant(),
            rs.getString(6));

    private final JdbcTemplate jdbc;

    public DirectoryUserSearch(JdbcTemplate jdbc) {
        this.jdbc = jdbc;
    }

    @QueryHandler
    public DirectoryUserPage handle(ListDirectoryUsersQuery query) {
        String where = " WHERE connection_id = ?" + (query.status() == null ? "" : " AND status = ?");
        List<Object> scope = new ArrayList<>(List.of(query.connectionId()));
        if (query.status() != null) {
            scope.add(query.status());
        }
        if (query.search() == null || query.search().isBlank()) {
            long total = count("SELECT COUNT(*) FROM directory_user" + where, scope);
            return new DirectoryUserPage(
                    total, page(COLUMNS + where + " ORDER BY connection_id, user_name_key, user_id", scope, query));
        }
        Prefix prefix = Prefix.of(query.search());
        String byUserName = where + " AND " + prefix.sql("user_name_key");
        String byEmailOnly = where + " AND " + prefix.sql("email_key") + " AND NOT " + prefix.sql("user_name_key");
        List<Object> userNameParams = prefix.after(scope, 1);
        List<Object> emailOnlyParams = prefix.after(scope, 2);
        long total = count("SELECT COUNT(*) FROM directory_user" + byUserName, userNameParams)
                + count("SELECT COUNT(*) FROM directory_user" + byEmailOnly, emailOnlyParams);
        if (total <= FEW_MATCHES) {
            List<Object> params = new ArrayList<>(userNameParams);
            params.addAll(emailOnlyParams);
            return new DirectoryUserPage(
                    total,
                    page(
                            COLUMNS + byUserName + " UNION ALL " + COLUMNS + byEmailOnly
                                    + " ORDER BY user_name_key, user_id",
                            params,
                            query));
        }
        return new DirectoryUserPage(
                total,
                page(
                        COLUMNS + where + " AND (" + prefix.sql("user_name_key") + " OR " + prefix.sql("email_key")
                                + ") ORDER BY connection_id, user_name_key, user_id",
                        prefix.after(scope, 2),
                        query));
    }

    /**
     * A prefix match that an index can serve on any collation: a range over the key (from the typed text up to the
     * text with its last character incremented) narrows, and LIKE decides. Trailing punctuation is left out of the
     * range, because linguistic collations (PostgreSQL's default) ignore it when ordering.
     */
    record Prefix(String from, String to, String like) {
        static Prefix of(String search) {
            String lower = search.toLowerCase(Locale.ROOT);
            String from = lower.replaceAll("[^\\p{L}\\p{N}]+$", "");
            String to = from.isEmpty()
                    ? ""
                    : from.substring(0, from.length() - 1) + (char) (from.charAt(from.length() - 1) + 1);
            return new Prefix(from, to, LikePattern.escape(lower) + "%");
        }

        String sql(String column) {
            String like = LikePattern.condition(column);
            return from.isEmpty() ? like : "(" + column + " >= ? AND " + column + " < ? AND " + like + ")";
        }

        /** The scope's parameters, then this prefix's for each of {@code times} conditions. */
        List<Object> after(List<Object> scope, int times) {
            List<Object> params = new ArrayList<>(scope);
            for (int i = 0; i < times; i++) {
                if (!from.isEmpty()) {
                    params.add(from);
                    params.add(to);
                }
                params.add(like);
            }
            return params;
        }
    }

    private long count(String sql, List<Object> params) {
        Long count = jdbc.queryForObject(sql, Long.class, params.toArray());
        return count == null ? 0 : count;
    }

    private List<DirectoryUser> page(String sql, List<Object> params, ListDirectoryUsersQuery query) {
        List<Object> all = new ArrayList<>(params);
        all.add(query.count());
        all.add(query.startIndex() - 1);
        return jdbc.query(sql + " LIMIT ? OFFSET ?", ROW, all.toArray());
    }
}
