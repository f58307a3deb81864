package io.dirsync.query.accessreview;

import io.dirsync.query.support.Databases;
import org.springframework.jdbc.core.JdbcTemplate;
import org.springframework.jdbc.core.ResultSetExtractor;
import org.springframework.stereotype.Component;
import org.springframework.transaction.PlatformTransactionManager;
import org.springframework.transaction.support.TransactionTemplate;

import javax.sql.DataSource;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Timestamp;
import java.time.Instant;
import java.time.temporal.ChronoUnit;

/**
 * Snapshots and changes read from the access-history intervals through a database cursor: rows go to the caller as
 * they are read, so an export of any size holds one user at a time. A read-only transaction keeps the cursor open
 * (PostgreSQL fetches by {@code fetchSize} only inside one) and gives the whole export one consistent view.
 * An interval holds at T when {@code valid_from <= T < valid_to}: an event at T counts as done at T, as in time travel.
 */
@Component
public class AccessReviewQueries {
    /** Rows a round trip: a few MB at most, and few enough round trips that a loaded machine does not add up waits. */
    static final int FETCH_SIZE = 5000;
    /**
     * On PostgreSQL, for the export's transaction only: no JIT compilation (whole-connection scans cost enough to
     * trigger it, and compiling took longer than the query), and room to sort a quarter's changes in memory.
     */
    private static final String POSTGRES_SETTINGS = "SET LOCAL jit = off; SET LOCAL work_mem = '64MB'";

    private final JdbcTemplate cursor;
    private final TransactionTemplate readOnly;
    private final boolean postgres;

    public AccessReviewQueries(DataSource dataSource, PlatformTransactionManager transactions) {
        this.cursor = new JdbcTemplate(dataSource);
        this.cursor.setFetchSize(FETCH_SIZE);
        this.readOnly = new TransactionTemplate(transactions);
        this.readOnly.setReadOnly(true);
        this.postgres = Databases.isPostgres(dataSource);
    }

    /** A consumer of rows that may stop the read early (a page is full). */
    public interface Rows {
        /** @return false to stop reading */
        boolean accept(ResultSet row) throws SQLException;
    }

    public boolean connectionExists(String connectionId) {
        return Boolean.TRUE.equals(cursor.query(
                "SELECT 1 FROM domain_event_entry WHERE aggregate_identifier = ? AND sequence_number = 0"
                        + " AND type = 'Connection'",
                ResultSet::next,
                connectionId));
    }

    /**
     * Every user of the connection at {@code asOf} after {@code afterUserId}, one row per group it was in (or one),
     * with its role and its publicMetadata at that instant.
     */
    public void users(String connectionId, Instant asOf, String afterUserId, Rows rows) {
        Timestamp at = at(asOf);
        read(
                "SELECT u.user_id, u.status, u.deleted, u.erased, u.user_name, u.email, u.given_name, u.family_name, u.valid_from,"
                        + " u.from_aggregate, u.from_sequence, u.from_position, u.from_type,"
                        + " r.role_key, r.role_source, r.mapped_group_id, r.valid_from, r.from_aggregate, r.from_sequence, r.from_position,"
                        + " m.group_id, g.display_name, m.from_position,"
                        + " p.metadata, p.valid_from, p.from_aggregate, p.from_sequence, p.from_position, p.from_type"
                        + " FROM access_user_interval u"
                        + " LEFT JOIN access_role_interval r ON r.user_id = u.user_id AND " + holds("r")
                        + " LEFT JOIN access_metadata_interval p ON p.user_id = u.user_id AND " + holds("p")
                        + " LEFT JOIN access_membership_interval m ON m.user_id = u.user_id AND " + holds("m")
                        + " LEFT JOIN access_group_interval g ON g.group_id = m.group_id AND " + holds("g")
                        + " WHERE u.connection_id = ? AND " + holds("u") + " AND u.user_id > ?"
                        + " ORDER BY u.user_id, m.group_id",
                rows,
                at,
                at,
                at,
                at,
                at,
                at,
                at,
                at,
                connectionId,
                at,
                at,
                afterUserId == null ? "" : afterUserId);
    }

    /** Every group of the connection at {@code asOf}, one row per member (or one with no member), by group and user id. */
    public void memberships(String connectionId, Instant asOf, String afterGroupId, Rows rows) {
        Timestamp at = at(asOf);
        read(
                "SELECT g.group_id, g.display_name, g.valid_from, g.from_aggregate, g.from_sequence, g.from_position,"
                        + " m.user_id, u.user_name, u.status, r.role_key, r.role_source, r.mapped_group_id,"
                        + " m.valid_from, m.from_aggregate, m.from_sequence, m.from_position, m.from_type"
                        + " FROM access_group_interval g"
                        + " LEFT JOIN access_membership_interval m ON m.group_id = g.group_id AND " + holds("m")
                        + " LEFT JOIN access_user_interval u ON u.user_id = m.user_id AND " + holds("u")
                        + " LEFT JOIN access_role_interval r ON r.user_id = m.user_id AND " + holds("r")
                        + " WHERE g.connection_id = ? AND " + holds("g") + " AND g.group_id > ?"
                        + " ORDER BY g.group_id, m.user_id",
                rows,
                at,
                at,
                at,
                at,
                at,
                at,
                connectionId,
                at,
                at,
                afterGroupId == null ? "" : afterGroupId);
    }

    /**
     * What changed after {@code from} up to and including {@code to}, in the store's order (global index), so that the
     * snapshot at {@code from} with these changes applied is the snapshot at {@code to}. Names are the ones the user
     * and group had at that event: a user's status change carries its own; a role or membership change is joined to
     * the user's and the group's interval that held at its position (intervals of a key follow each other without
     * gaps in position, and no user or group interval opens or closes at a role or membership event's own position
     * but the group's deletion), rather than looked up row by row. A publicMetadata change carries the value before
     * it (the user's interval that the change closed) and after it; a new user's empty first value and an erased
     * user's values (kept at no instant) give no row.
     */
    public void changes(String connectionId, Instant from, Instant to, long afterPosition, Rows rows) {
        Timestamp start = at(from);
        Timestamp end = at(to);
        String window = " > ? AND %s <= ? AND %s > ?";
        read(
                "SELECT c.at, c.position, c.kind, c.user_id, c.user_name, c.group_id, c.group_name, c.old_role,"
                        + " c.new_role, c.role_source, c.mapped_group_id, c.mapped_group_name, c.aggregate_id,"
                        + " c.sequence_number, c.event_type, c.old_metadata, c.new_metadata FROM ("
                        + "SELECT u.valid_from AS at, u.from_position AS position, u.change_kind AS kind, u.user_id,"
                        + " u.user_name, CAST(NULL AS VARCHAR(64)) AS group_id, CAST(NULL AS VARCHAR(2048)) AS group_name,"
                        + " CAST(NULL AS VARCHAR(255)) AS old_role, CAST(NULL AS VARCHAR(255)) AS new_role,"
                        + " CAST(NULL AS VARCHAR(16)) AS role_source, CAST(NULL AS VARCHAR(64)) AS mapped_group_id,"
                        + " CAST(NULL AS VARCHAR(2048)) AS mapped_group_name, u.from_aggregate AS aggregate_id,"
                        + " u.from_sequence AS sequence_number, u.from_type AS event_type,"
                        + " CAST(NULL AS VARCHAR) AS old_metadata, CAST(NULL AS VARCHAR) AS new_metadata"
                        + " FROM access_user_interval u"
                        + " WHERE u.connection_id = ? AND u.change_kind <> 'updated'"
                        + " AND u.valid_from" + window.formatted("u.valid_from", "u.from_position")
                        + " UNION ALL SELECT r.valid_from, r.from_position, 'role-changed', r.user_id, x.user_name, NULL,"
                        + " NULL, r.previous_role, r.role_key, r.role_source, r.mapped_group_id, g.display_name,"
                        + " r.from_aggregate, r.from_sequence, r.from_type, NULL, NULL FROM access_role_interval r"
                        + userAt("r.user_id", "r.from_position") + groupAt("r.mapped_group_id", "r.from_position")
                        + " WHERE r.connection_id = ? AND r.valid_from"
                        + window.formatted("r.valid_from", "r.from_position")
                        + " UNION ALL SELECT m.valid_from, m.from_position, 'joined', m.user_id, x.user_name, m.group_id,"
                        + " g.display_name, NULL, NULL, NULL, NULL, NULL, m.from_aggregate, m.from_sequence, m.from_type,"
                        + " NULL, NULL FROM access_membership_interval m"
                        + userAt("m.user_id", "m.from_position") + groupAt("m.group_id", "m.from_position")
                        + " WHERE m.connection_id = ? AND m.valid_from"
                        + window.formatted("m.valid_from", "m.from_position")
                        + " UNION ALL SELECT m.valid_to, m.to_position, 'left', m.user_id, x.user_name, m.group_id,"
                        + " g.display_name, NULL, NULL, NULL, NULL, NULL, m.to_aggregate, m.to_sequence, m.to_type,"
                        + " NULL, NULL FROM access_membership_interval m"
                        + userAt("m.user_id", "m.to_position") + groupAt("m.group_id", "m.to_position")
                        + " WHERE m.connection_id = ? AND m.valid_to" + window.formatted("m.valid_to", "m.to_position")
                        + " UNION ALL SELECT p.valid_from, p.from_position, 'metadata-changed', p.user_id, x.user_name,"
                        + " NULL, NULL, NULL, NULL, NULL, NULL, NULL, p.from_aggregate, p.from_sequence, p.from_type,"
                        + " o.metadata, p.metadata FROM access_metadata_interval p"
                        + " LEFT JOIN access_metadata_interval o ON o.user_id = p.user_id"
                        + " AND o.to_position = p.from_position"
                        + userAt("p.user_id", "p.from_position")
                        + " WHERE p.connection_id = ? AND p.valid_from"
                        + window.formatted("p.valid_from", "p.from_position")
                        + " AND p.metadata IS NOT NULL AND (p.from_type <> 'UserProvisionedEvent' OR p.metadata <> '{}')"
                        + ") c ORDER BY c.position, c.user_id, c.group_id",
                rows,
                connectionId,
                start,
                end,
                afterPosition,
                connectionId,
                start,
                end,
                afterPosition,
                connectionId,
                start,
                end,
                afterPosition,
                connectionId,
                start,
                end,
                afterPosition,
                connectionId,
                start,
                end,
                afterPosition);
    }

    /** The user's interval that held when the event at {@code position} was applied, as {@code x}. */
    private static String userAt(String userId, String position) {
        return " LEFT JOIN access_user_interval x ON x.user_id = " + userId + " AND x.from_position <= " + position
                + " AND (x.to_position IS NULL OR x.to_position > " + position + ")";
    }

    /** The group's interval that held at {@code position}, or that the group's deletion at it closed, as {@code g}. */
    private static String groupAt(String groupId, String position) {
        return " LEFT JOIN access_group_interval g ON g.group_id = " + groupId + " AND g.from_position <= " + position
                + " AND (g.to_position IS NULL OR g.to_position >= " + position + ")";
    }

    private void read(String sql, Rows rows, Object... arguments) {
        readOnly.executeWithoutResult(status -> {
            if (postgres) {
                cursor.execute(POSTGRES_SETTINGS);
            }
            cursor.query(
                    sql,
                    (ResultSetExtractor<Void>) rs -> {
                        while (rs.next() && rows.accept(rs)) {
                            // each row is handed on as it is read
                        }
                        return null;
                    },
                    arguments);
        });
    }

    private static String holds(String alias) {
        return alias + ".valid_from <= ? AND (" + alias + ".valid_to IS NULL OR " + alias + ".valid_to > ?)";
    }

    /** Event times are kept to the millisecond; below the microsecond the databases round, so the instant is cut there. */
    private static Timestamp at(Instant instant) {
        return Timestamp.from(instant.truncatedTo(ChronoUnit.MICROS));
    }
}
