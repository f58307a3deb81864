package io.dirsync.query.accessreview;

import io.dirsync.api.rolemapping.RoleSource;
import io.dirsync.api.user.ErasedProfile;
import io.dirsync.query.support.EventPositions;
import io.dirsync.query.support.Evidence;
import io.dirsync.query.support.MultiRowInsert;
import org.axonframework.eventhandling.DomainEventMessage;
import org.springframework.jdbc.core.JdbcTemplate;
import org.springframework.jdbc.core.RowCallbackHandler;

import java.util.ArrayList;
import java.util.Arrays;
import java.util.Collection;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.function.Function;
import java.util.function.UnaryOperator;

/**
 * The statements of the access-history projection, for a batch of events at a time. Opening an interval closes the
 * key's open one at the same instant, citing the event; an interval is keyed by the global index of the event that
 * opened it. A batch first undoes what an earlier application of its own events wrote (rows they opened go, rows they
 * closed open again), so applying events again rewrites their rows rather than adding some; then it reads the open
 * intervals of the keys it touches, applies its events in order in memory, and writes the closes and the new rows in
 * one JDBC batch per table.
 */
final class IntervalTables {
    private static final String EVIDENCE = "valid_from, from_aggregate, from_sequence, from_type";
    private final JdbcTemplate jdbc;

    IntervalTables(JdbcTemplate jdbc) {
        this.jdbc = jdbc;
    }

    /** One event's change to the history. */
    sealed interface Change {}

    /** A user provisioned or provisioned again: its profile and status as the event gives them. */
    record UserOpened(String userId, String kind, UserInterval user) implements Change {}

    /** A change of a user the history has seen provisioned; a user it never saw has nothing to change. */
    record UserChanged(String userId, String kind, UnaryOperator<UserInterval> change, boolean erases)
            implements Change {}

    record RoleOpened(
            String userId,
            String connectionId,
            String organizationId,
            String role,
            RoleSource source,
            String mappedGroupId)
            implements Change {}

    record GroupOpened(String groupId, String connectionId, String displayName) implements Change {}

    /** A deleted group's name interval ends, and every membership still open in it with the same evidence. */
    record GroupClosed(String groupId) implements Change {}

    /** Opens the memberships not open already (a member added twice stays one interval). */
    record Joined(String groupId, String connectionId, List<String> userIds) implements Change {}

    record Left(String groupId, List<String> userIds) implements Change {}

    record Step(DomainEventMessage<?> event, Change change) {}

    private record UserRow(String kind, UserInterval user) {}

    private record RoleRow(
            String connectionId,
            String organizationId,
            String role,
            String source,
            String mappedGroupId,
            String previousRole,
            String previousSource) {}

    private record GroupRow(String connectionId, String displayName) {}

    private record Member(String groupId, String userId) {}

    /** An interval of one key: stored (read from the table) or opened by this batch, and the event that ends it. */
    private static final class Interval<K, V> {
        final K key;
        final long fromPosition;
        final V value;
        final Evidence opened;
        Evidence closedBy;

        Interval(K key, long fromPosition, V value, Evidence opened) {
            this.key = key;
            this.fromPosition = fromPosition;
            this.value = value;
            this.opened = opened;
        }

        boolean stored() {
            return opened == null;
        }
    }

    /** The open intervals of one table for the keys a batch touches, and what the batch writes to it. */
    private static final class Intervals<K, V> {
        private final Map<K, Interval<K, V>> open = new HashMap<>();
        final List<Interval<K, V>> inserts = new ArrayList<>();
        final List<Interval<K, V>> storedCloses = new ArrayList<>();

        void loaded(K key, long fromPosition, V value) {
            open.put(key, new Interval<>(key, fromPosition, value, null));
        }

        boolean isOpen(K key) {
            return open.containsKey(key);
        }

        V current(K key) {
            Interval<K, V> interval = open.get(key);
            return interval == null ? null : interval.value;
        }

        List<K> openKeys() {
            return new ArrayList<>(open.keySet());
        }

        void open(K key, V value, Evidence evidence) {
            close(key, evidence);
            Interval<K, V> interval = new Interval<>(key, evidence.position(), value, evidence);
            open.put(key, interval);
            inserts.add(interval);
        }

        void close(K key, Evidence evidence) {
            Interval<K, V> interval = open.remove(key);
            if (interval != null) {
                interval.closedBy = evidence;
                if (interval.stored()) {
                    storedCloses.add(interval);
                }
            }
        }
    }

    /** Writes a batch's steps, in their order. */
    void write(List<Step> steps) {
        if (steps.isEmpty()) {
            return;
        }
        Map<String, Long> positions = EventPositions.of(
                jdbc,
                steps.stream()
                        .map(step -> step.event().getIdentifier())
                        .distinct()
                        .toList());
        Long[] batchPositions = positions.values().toArray(Long[]::new);
        Set<String> userKeys = new LinkedHashSet<>();
        Set<String> roleKeys = new LinkedHashSet<>();
        Set<String> groupKeys = new LinkedHashSet<>();
        Map<String, Set<String>> memberKeys = new LinkedHashMap<>();
        Set<String> closedGroups = new LinkedHashSet<>();
        for (Step step : steps) {
            Change change = step.change();
            if (change instanceof UserOpened opened) {
                userKeys.add(opened.userId());
            } else if (change instanceof UserChanged changed) {
                userKeys.add(changed.userId());
            } else if (change instanceof RoleOpened role) {
                roleKeys.add(role.userId());
            } else if (change instanceof GroupOpened group) {
                groupKeys.add(group.groupId());
            } else if (change instanceof GroupClosed closed) {
                groupKeys.add(closed.groupId());
                closedGroups.add(closed.groupId());
                memberKeys.computeIfAbsent(closed.groupId(), id -> new LinkedHashSet<>());
            } else if (change instanceof Joined joined) {
                memberKeys
                        .computeIfAbsent(joined.groupId(), id -> new LinkedHashSet<>())
                        .addAll(joined.userIds());
            } else if (change instanceof Left left) {
                memberKeys
                        .computeIfAbsent(left.groupId(), id -> new LinkedHashSet<>())
                        .addAll(left.userIds());
            }
        }

        Intervals<String, UserRow> users = new Intervals<>();
        if (!userKeys.isEmpty()) {
            undo("access_user_interval", "user_id", userKeys, batchPositions, false);
            jdbc.query(
                    "SELECT user_id, from_position, connection_id, status, deleted, erased, user_name, email, given_name,"
                            + " family_name FROM access_user_interval WHERE user_id = ANY(?) AND valid_to IS NULL",
                    (RowCallbackHandler) rs -> users.loaded(
                            rs.getString(1),
                            rs.getLong(2),
                            new UserRow(
                                    null,
                                    new UserInterval(
                                            rs.getString(3),
                                            rs.getString(4),
                                            rs.getBoolean(5),
                                            rs.getBoolean(6),
                                            rs.getString(7),
                                            rs.getString(8),
                                            rs.getString(9),
                                            rs.getString(10)))),
                    (Object) userKeys.toArray(String[]::new));
        }
        Intervals<String, RoleRow> roles = new Intervals<>();
        if (!roleKeys.isEmpty()) {
            undo("access_role_interval", "user_id", roleKeys, batchPositions, false);
            jdbc.query(
                    "SELECT user_id, from_position, role_key, role_source FROM access_role_interval"
                            + " WHERE user_id = ANY(?) AND valid_to IS NULL",
                    (RowCallbackHandler) rs -> roles.loaded(
                            rs.getString(1),
                            rs.getLong(2),
                            new RoleRow(null, null, rs.getString(3), rs.getString(4), null, null, null)),
                    (Object) roleKeys.toArray(String[]::new));
        }
        Intervals<String, GroupRow> groups = new Intervals<>();
        if (!groupKeys.isEmpty()) {
            undo("access_group_interval", "group_id", groupKeys, batchPositions, false);
            jdbc.query(
                    "SELECT group_id, from_position FROM access_group_interval WHERE group_id = ANY(?)"
                            + " AND valid_to IS NULL",
                    (RowCallbackHandler) rs -> groups.loaded(rs.getString(1), rs.getLong(2), null),
                    (Object) groupKeys.toArray(String[]::new));
        }
        Intervals<Member, String> members = new Intervals<>();
        if (!memberKeys.isEmpty()) {
            undo("access_membership_interval", "group_id", memberKeys.keySet(), batchPositions, true);
            memberKeys.forEach((groupId, userIds) -> {
                RowCallbackHandler load =
                        rs -> members.loaded(new Member(groupId, rs.getString(1)), rs.getLong(2), rs.getString(3));
                String open = "SELECT user_id, from_position, connection_id FROM access_membership_interval"
                        + " WHERE group_id = ? AND valid_to IS NULL";
                if (closedGroups.contains(groupId)) {
                    jdbc.query(open, load, groupId);
                } else {
                    jdbc.query(open + " AND user_id = ANY(?)", load, groupId, userIds.toArray(String[]::new));
                }
            });
        }

        Set<String> erased = new LinkedHashSet<>();
        for (Step step : steps) {
            Evidence evidence =
                    Evidence.of(step.event(), positions.get(step.event().getIdentifier()));
            Change change = step.change();
            if (change instanceof UserOpened opened) {
                users.open(opened.userId(), new UserRow(opened.kind(), opened.user()), evidence);
            } else if (change instanceof UserChanged changed) {
                UserRow current = users.current(changed.userId());
                if (current != null) {
                    users.open(
                            changed.userId(),
                            new UserRow(changed.kind(), changed.change().apply(current.user())),
                            evidence);
                    if (changed.erases()) {
                        erased.add(changed.userId());
                    }
                }
            } else if (change instanceof RoleOpened role) {
                RoleRow previous = roles.current(role.userId());
                roles.open(
                        role.userId(),
                        new RoleRow(
                                role.connectionId(),
                                role.organizationId(),
                                role.role(),
                                role.source().name(),
                                role.mappedGroupId(),
                                previous == null ? null : previous.role(),
                                previous == null ? null : previous.source()),
                        evidence);
            } else if (change instanceof GroupOpened group) {
                groups.open(group.groupId(), new GroupRow(group.connectionId(), group.displayName()), evidence);
            } else if (change instanceof GroupClosed closed) {
                groups.close(closed.groupId(), evidence);
                members.openKeys().stream()
                        .filter(member -> member.groupId().equals(closed.groupId()))
                        .toList()
                        .forEach(member -> members.close(member, evidence));
            } else if (change instanceof Joined joined) {
                for (String userId : joined.userIds()) {
                    Member member = new Member(joined.groupId(), userId);
                    if (!members.isOpen(member)) {
                        members.open(member, joined.connectionId(), evidence);
                    }
                }
            } else if (change instanceof Left left) {
                left.userIds().forEach(userId -> members.close(new Member(left.groupId(), userId), evidence));
            }
        }

        close("access_user_interval", "user_id = ?", users, user -> new Object[] {user}, false);
        close("access_role_interval", "user_id = ?", roles, user -> new Object[] {user}, false);
        close("access_group_interval", "group_id = ?", groups, group -> new Object[] {group}, false);
        close(
                "access_membership_interval",
                "group_id = ? AND user_id = ?",
                members,
                member -> new Object[] {member.groupId(), member.userId()},
                true);
        insertUsers(users.inserts);
        insertRoles(roles.inserts);
        insertGroups(groups.inserts);
        insertMembers(members.inserts);
        erased.forEach(this::scrubUser);
    }

    void reset() {
        for (String table : new String[] {
            "access_user_interval", "access_role_interval", "access_group_interval", "access_membership_interval"
        }) {
            jdbc.update("DELETE FROM " + table);
        }
    }

    /** Erasure reaches back: no interval of the user keeps what it was called. */
    private void scrubUser(String userId) {
        jdbc.update(
                "UPDATE access_user_interval SET user_name = ?, email = NULL, given_name = NULL, family_name = NULL"
                        + " WHERE user_id = ?",
                ErasedProfile.MARKER,
                userId);
    }

    /** Rows an earlier application of these events opened go; rows it closed are open again. */
    private void undo(String table, String keyColumn, Collection<String> keys, Long[] positions, boolean citesEnd) {
        String[] keyArray = keys.toArray(String[]::new);
        jdbc.update(
                "DELETE FROM " + table + " WHERE " + keyColumn + " = ANY(?) AND from_position = ANY(?)",
                keyArray,
                positions);
        jdbc.update(
                "UPDATE " + table + " SET valid_to = NULL, to_position = NULL"
                        + (citesEnd ? ", to_aggregate = NULL, to_sequence = NULL, to_type = NULL" : "")
                        + " WHERE " + keyColumn + " = ANY(?) AND to_position = ANY(?)",
                keyArray,
                positions);
    }

    private <K> void close(
            String table, String key, Intervals<K, ?> intervals, Function<K, Object[]> keyValues, boolean citesEnd) {
        if (intervals.storedCloses.isEmpty()) {
            return;
        }
        List<Object[]> rows = new ArrayList<>();
        for (Interval<K, ?> row : intervals.storedCloses) {
            List<Object> values = new ArrayList<>(Arrays.asList(row.closedBy.at(), row.closedBy.position()));
            if (citesEnd) {
                values.addAll(Arrays.asList(row.closedBy.aggregateId(), row.closedBy.sequence(), row.closedBy.type()));
            }
            values.addAll(Arrays.asList(keyValues.apply(row.key)));
            values.add(row.fromPosition);
            rows.add(values.toArray());
        }
        jdbc.batchUpdate(
                "UPDATE " + table + " SET valid_to = ?, to_position = ?"
                        + (citesEnd ? ", to_aggregate = ?, to_sequence = ?, to_type = ?" : "")
                        + " WHERE " + key + " AND from_position = ?",
                rows);
    }

    private void insertUsers(List<Interval<String, UserRow>> rows) {
        insert(
                "access_user_interval",
                "user_id, from_position, connection_id, change_kind, status, deleted, erased, user_name, email,"
                        + " given_name, family_name",
                rows,
                row -> {
                    UserInterval user = row.value.user();
                    return new Object[] {
                        row.key,
                        row.fromPosition,
                        user.connectionId(),
                        row.value.kind(),
                        user.status(),
                        user.deleted(),
                        user.erased(),
                        user.userName(),
                        user.email(),
                        user.givenName(),
                        user.familyName()
                    };
                },
                false);
    }

    private void insertRoles(List<Interval<String, RoleRow>> rows) {
        insert(
                "access_role_interval",
                "user_id, from_position, connection_id, organization_id, role_key, role_source, mapped_group_id,"
                        + " previous_role, previous_source",
                rows,
                row -> new Object[] {
                    row.key,
                    row.fromPosition,
                    row.value.connectionId(),
                    row.value.organizationId(),
                    row.value.role(),
                    row.value.source(),
                    row.value.mappedGroupId(),
                    row.value.previousRole(),
                    row.value.previousSource()
                },
                false);
    }

    private void insertGroups(List<Interval<String, GroupRow>> rows) {
        insert(
                "access_group_interval",
                "group_id, from_position, connection_id, display_name",
                rows,
                row -> new Object[] {row.key, row.fromPosition, row.value.connectionId(), row.value.displayName()},
                false);
    }

    private void insertMembers(List<Interval<Member, String>> rows) {
        insert(
                "access_membership_interval",
                "group_id, user_id, from_position, connection_id",
                rows,
                row -> new Object[] {row.key.groupId(), row.key.userId(), row.fromPosition, row.value},
                true);
    }

    /** New rows with their evidence, and their end where a later event of the same batch closed them. */
    private <K, V> void insert(
            String table,
            String columns,
            List<Interval<K, V>> rows,
            Function<Interval<K, V>, Object[]> values,
            boolean citesEnd) {
        if (rows.isEmpty()) {
            return;
        }
        List<Object[]> batch = new ArrayList<>();
        for (Interval<K, V> row : rows) {
            List<Object> all = new ArrayList<>(Arrays.asList(values.apply(row)));
            Evidence from = row.opened;
            Evidence to = row.closedBy;
            all.addAll(Arrays.asList(from.at(), from.aggregateId(), from.sequence(), from.type()));
            all.add(to == null ? null : to.at());
            all.add(to == null ? null : to.position());
            if (citesEnd) {
                all.add(to == null ? null : to.aggregateId());
                all.add(to == null ? null : to.sequence());
                all.add(to == null ? null : to.type());
            }
            batch.add(all.toArray());
        }
        String allColumns = columns + ", " + EVIDENCE + ", valid_to, to_position"
                + (citesEnd ? ", to_aggregate, to_sequence, to_type" : "");
        MultiRowInsert.insert(jdbc, table, allColumns, batch);
    }
}
