package io.dirsync.query.accessreview;

import io.dirsync.api.rolemapping.RoleSource;
import org.springframework.jdbc.core.JdbcTemplate;

import java.util.List;
import java.util.Optional;

/**
 * The statements of the access-history projection. Opening an interval closes the key's open one at the same instant,
 * citing the event; an interval is keyed by the global index of the event that opened it, so applying an event again
 * rewrites its own row rather than adding one.
 */
final class IntervalTables {
    private static final String EVIDENCE = "valid_from, from_aggregate, from_sequence, from_type";
    private final JdbcTemplate jdbc;

    IntervalTables(JdbcTemplate jdbc) {
        this.jdbc = jdbc;
    }

    /** The user's interval an event at {@code position} changes: the last one opened before it. */
    Optional<UserInterval> openUserBefore(String userId, long position) {
        return jdbc
                .query(
                        "SELECT connection_id, status, deleted, erased, user_name, email, given_name, family_name"
                                + " FROM access_user_interval WHERE user_id = ? AND from_position < ? ORDER BY from_position DESC LIMIT 1",
                        (rs, i) -> new UserInterval(
                                rs.getString(1),
                                rs.getString(2),
                                rs.getBoolean(3),
                                rs.getBoolean(4),
                                rs.getString(5),
                                rs.getString(6),
                                rs.getString(7),
                                rs.getString(8)),
                        userId,
                        position)
                .stream()
                .findFirst();
    }

    void openUser(String userId, String kind, UserInterval user, Evidence evidence) {
        reopen("access_user_interval", "user_id = ?", evidence, userId);
        jdbc.update(
                "INSERT INTO access_user_interval (user_id, from_position, connection_id, change_kind, status, deleted, erased,"
                        + " user_name, email, given_name, family_name, " + EVIDENCE
                        + ") VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?)",
                userId,
                evidence.position(),
                user.connectionId(),
                kind,
                user.status(),
                user.deleted(),
                user.erased(),
                user.userName(),
                user.email(),
                user.givenName(),
                user.familyName(),
                evidence.at(),
                evidence.aggregateId(),
                evidence.sequence(),
                evidence.type());
    }

    /** Erasure reaches back: no interval of the user keeps what it was called. */
    void scrubUser(String userId, String marker) {
        jdbc.update(
                "UPDATE access_user_interval SET user_name = ?, email = NULL, given_name = NULL, family_name = NULL WHERE user_id = ?",
                marker,
                userId);
    }

    void openRole(
            String userId,
            String connectionId,
            String organizationId,
            String role,
            RoleSource source,
            String mappedGroupId,
            Evidence evidence) {
        reopen("access_role_interval", "user_id = ?", evidence, userId);
        List<String[]> previous = jdbc.query(
                "SELECT role_key, role_source FROM access_role_interval WHERE user_id = ? AND to_position = ?",
                (rs, i) -> new String[] {rs.getString(1), rs.getString(2)},
                userId,
                evidence.position());
        jdbc.update(
                "INSERT INTO access_role_interval (user_id, from_position, connection_id, organization_id, role_key, role_source,"
                        + " mapped_group_id, previous_role, previous_source, " + EVIDENCE
                        + ") VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?)",
                userId,
                evidence.position(),
                connectionId,
                organizationId,
                role,
                source.name(),
                mappedGroupId,
                previous.isEmpty() ? null : previous.get(0)[0],
                previous.isEmpty() ? null : previous.get(0)[1],
                evidence.at(),
                evidence.aggregateId(),
                evidence.sequence(),
                evidence.type());
    }

    void openGroup(String groupId, String connectionId, String displayName, Evidence evidence) {
        reopen("access_group_interval", "group_id = ?", evidence, groupId);
        jdbc.update(
                "INSERT INTO access_group_interval (group_id, from_position, connection_id, display_name, " + EVIDENCE
                        + ") VALUES (?, ?, ?, ?, ?, ?, ?, ?)",
                groupId,
                evidence.position(),
                connectionId,
                displayName,
                evidence.at(),
                evidence.aggregateId(),
                evidence.sequence(),
                evidence.type());
    }

    /** A deleted group's name interval ends, and every membership still open in it with the same evidence. */
    void closeGroup(String groupId, Evidence evidence) {
        close("access_group_interval", "group_id = ?", evidence, groupId);
        endMemberships("group_id = ?", evidence, groupId);
    }

    /** Opens the membership unless it is open already (a member added twice stays one interval). */
    void join(String groupId, String userId, String connectionId, Evidence evidence) {
        jdbc.update(
                "DELETE FROM access_membership_interval WHERE group_id = ? AND user_id = ? AND from_position = ?",
                groupId,
                userId,
                evidence.position());
        Integer open = jdbc.queryForObject(
                "SELECT COUNT(*) FROM access_membership_interval WHERE group_id = ? AND user_id = ?"
                        + " AND valid_to IS NULL",
                Integer.class,
                groupId,
                userId);
        if (open == 0) {
            jdbc.update(
                    "INSERT INTO access_membership_interval (group_id, user_id, from_position, connection_id, "
                            + EVIDENCE + ") VALUES (?, ?, ?, ?, ?, ?, ?, ?)",
                    groupId,
                    userId,
                    evidence.position(),
                    connectionId,
                    evidence.at(),
                    evidence.aggregateId(),
                    evidence.sequence(),
                    evidence.type());
        }
    }

    void leave(String groupId, String userId, Evidence evidence) {
        endMemberships("group_id = ? AND user_id = ?", evidence, groupId, userId);
    }

    void reset() {
        for (String table : new String[] {
            "access_user_interval", "access_role_interval", "access_group_interval", "access_membership_interval"
        }) {
            jdbc.update("DELETE FROM " + table);
        }
    }

    private void endMemberships(String key, Evidence evidence, Object... keyValues) {
        jdbc.update(
                "UPDATE access_membership_interval SET valid_to = ?, to_position = ?, to_aggregate = ?, to_sequence = ?, to_type = ?"
                        + " WHERE " + key + " AND (valid_to IS NULL OR to_position = ?)",
                concat(
                        new Object[] {
                            evidence.at(),
                            evidence.position(),
                            evidence.aggregateId(),
                            evidence.sequence(),
                            evidence.type()
                        },
                        concat(keyValues, new Object[] {evidence.position()})));
    }

    /** Drops a row this event opened before (it is being applied again) and closes the open one, or the one it closed before. */
    private void reopen(String table, String key, Evidence evidence, Object... keyValues) {
        jdbc.update(
                "DELETE FROM " + table + " WHERE " + key + " AND from_position = ?",
                concat(keyValues, new Object[] {evidence.position()}));
        close(table, key, evidence, keyValues);
    }

    private void close(String table, String key, Evidence evidence, Object... keyValues) {
        jdbc.update(
                "UPDATE " + table + " SET valid_to = ?, to_position = ? WHERE " + key
                        + " AND (valid_to IS NULL OR to_position = ?)",
                concat(
                        new Object[] {evidence.at(), evidence.position()},
                        concat(keyValues, new Object[] {evidence.position()})));
    }

    private static Object[] concat(Object[] first, Object[] second) {
        Object[] all = new Object[first.length + second.length];
        System.arraycopy(first, 0, all, 0, first.length);
        System.arraycopy(second, 0, all, first.length, second.length);
        return all;
    }
}
