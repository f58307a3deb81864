package io.dirsync.query.accessreview;

import org.springframework.jdbc.core.namedparam.MapSqlParameterSource;
import org.springframework.jdbc.core.namedparam.NamedParameterJdbcTemplate;
import org.springframework.stereotype.Component;

import javax.sql.DataSource;
import java.sql.Timestamp;
import java.time.Instant;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;

/**
 * How many active users held each role at each instant of a {@link RolePoints} range: the chart of members per role.
 * Only active users count: a deactivated, deleted or erased user holds no access, even in the moment before the role
 * resolver takes its role away. One query sweeps the range: each span in which an active user held a role (its role
 * interval cut by its status intervals) adds one at the first point at or after its start and takes one away at the
 * first point at or after its end; the running sum per role is the count. Like a snapshot, a span holds at T when
 * {@code since <= T < until}, so the count at T is the number of users with that role in the snapshot at T.
 */
@Component
public class RoleCounts {
    private static final String HELD = "SELECT r.role_key,"
            + " CASE WHEN u.valid_from > r.valid_from THEN u.valid_from ELSE r.valid_from END AS since,"
            + " CASE WHEN r.valid_to IS NULL OR (u.valid_to IS NOT NULL AND u.valid_to < r.valid_to)"
            + " THEN u.valid_to ELSE r.valid_to END AS until"
            + " FROM access_role_interval r JOIN access_user_interval u"
            + " ON u.connection_id = r.connection_id AND u.user_id = r.user_id"
            + " AND (u.valid_to IS NULL OR u.valid_to > r.valid_from)"
            + " AND (r.valid_to IS NULL OR r.valid_to > u.valid_from)"
            + " WHERE r.connection_id = :connection AND r.role_key IS NOT NULL"
            + " AND r.valid_from <= :to AND (r.valid_to IS NULL OR r.valid_to > :from)"
            + " AND u.valid_from <= :to AND (u.valid_to IS NULL OR u.valid_to > :from)"
            + " AND u.status = 'Active' AND u.deleted = FALSE AND u.erased = FALSE";
    private static final String SWEEP = "WITH held AS (" + HELD + ")"
            + " SELECT role_key, point, SUM(delta) FROM ("
            + "SELECT role_key, " + point("since") + " AS point, 1 AS delta FROM held"
            + " UNION ALL SELECT role_key, " + point("until")
            + ", -1 FROM held WHERE until IS NOT NULL AND until <= :to"
            + ") d GROUP BY role_key, point";
    /** The columns of the API's rows: one per point and role. */
    static final List<String> COLUMNS = List.of("at", "role", "activeUsers");

    private static final ReviewRow.Columns ROW = new ReviewRow.Columns(COLUMNS);

    private final NamedParameterJdbcTemplate jdbc;

    public RoleCounts(DataSource dataSource) {
        this.jdbc = new NamedParameterJdbcTemplate(dataSource);
    }

    /** The counts of one role, one per point of the range. */
    public record Series(String role, long[] counts) {}

    /** Every role an active user held at some time in the range, by name, each with its count at every point. */
    public List<Series> count(String connectionId, RolePoints range) {
        Map<String, long[]> changes = new TreeMap<>();
        jdbc.query(
                SWEEP,
                new MapSqlParameterSource()
                        .addValue("connection", connectionId)
                        .addValue("from", Timestamp.from(range.from()))
                        .addValue("to", Timestamp.from(range.to()))
                        .addValue("fromMillis", range.from().toEpochMilli())
                        .addValue("millis", range.millis())
                        .addValue("parts", range.parts())
                        .addValue("last", range.size() - 1),
                rs -> {
                    changes.computeIfAbsent(rs.getString(1), role -> new long[range.size()])[rs.getInt(2)] +=
                            rs.getLong(3);
                });
        Map<String, Series> series = new LinkedHashMap<>();
        changes.forEach((role, deltas) -> {
            long[] counts = new long[deltas.length];
            long running = 0;
            for (int i = 0; i < deltas.length; i++) {
                running += deltas[i];
                counts[i] = running;
            }
            series.put(role, new Series(role, counts));
        });
        return List.copyOf(series.values());
    }

    static Map<String, Object> row(Instant at, String role, long activeUsers) {
        Map<String, Object> row = new ReviewRow(ROW);
        row.put("at", at);
        row.put("role", role);
        row.put("activeUsers", activeUsers);
        return row;
    }

    /**
     * The index of the first point at or after {@code column}: 0 up to {@code from}, else, {@code d} milliseconds after
     * it, the least {@code k} with {@code ceil(k * millis / parts) >= d}, that is {@code (d - 1) * parts / millis + 1}
     * (integer division; {@link RolePoints}), and never past the last point, which is {@code to}.
     */
    private static String point(String column) {
        return "CASE WHEN " + column + " <= :from THEN 0 ELSE LEAST((CAST(EXTRACT(EPOCH FROM " + column
                + ") * 1000 AS BIGINT) - :fromMillis - 1) * :parts / :millis + 1, :last) END";
    }
}
