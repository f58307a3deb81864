package io.dirsync.query.accessreview;

import io.dirsync.api.rolemapping.RoleSource;
import io.dirsync.api.user.ErasedProfile;
import io.dirsync.query.support.EventPositions;
import io.dirsync.query.support.Evidence;
import io.dirsync.query.support.IntervalWriter;
import io.dirsync.query.support.IntervalWriter.Intervals;
import io.dirsync.query.support.KeyedUpdates.Column;
import org.axonframework.eventhandling.DomainEventMessage;
import org.springframework.jdbc.core.JdbcTemplate;
import org.springframework.jdbc.core.RowCallbackHandler;

import java.util.LinkedHashMap;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.function.UnaryOperator;

/**
 * The statements of the access-history projection, for a batch of events at a time, through an {@link IntervalWriter}:
 * undo what an earlier application of the batch's events wrote, read the open intervals of the keys it touches, apply
 * its events in order in memory, then write the closes and the new rows a few statements per table.
 */
final class IntervalTables {
    private final JdbcTemplate jdbc;
    private final IntervalWriter writer;

    IntervalTables(JdbcTemplate jdbc) {
        this.jdbc = jdbc;
        this.writer = new IntervalWriter(jdbc);
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
            writer.undo("access_user_interval", "user_id", userKeys, batchPositions, false);
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
            writer.undo("access_role_interval", "user_id", roleKeys, batchPositions, false);
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
            writer.undo("access_group_interval", "group_id", groupKeys, batchPositions, false);
            jdbc.query(
                    "SELECT group_id, from_position FROM access_group_interval WHERE group_id = ANY(?)"
                            + " AND valid_to IS NULL",
                    (RowCallbackHandler) rs -> groups.loaded(rs.getString(1), rs.getLong(2), null),
                    (Object) groupKeys.toArray(String[]::new));
        }
        Intervals<Member, String> members = new Intervals<>();
        if (!memberKeys.isEmpty()) {
            writer.undo("access_membership_interval", "group_id", memberKeys.keySet(), batchPositions, true);
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

        writer.close(
                "access_user_interval", List.of(Column.text("user_id")), users, user -> new Object[] {user}, false);
        writer.close(
                "access_role_interval", List.of(Column.text("user_id")), roles, user -> new Object[] {user}, false);
        writer.close(
                "access_group_interval",
                List.of(Column.text("group_id")),
                groups,
                group -> new Object[] {group},
                false);
        writer.close(
                "access_membership_interval",
                List.of(Column.text("group_id"), Column.text("user_id")),
                members,
                member -> new Object[] {member.groupId(), member.userId()},
                true);
        insertUsers(users);
        insertRoles(roles);
        insertGroups(groups);
        insertMembers(members);
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

    private void insertUsers(Intervals<String, UserRow> rows) {
        writer.insert(
                "access_user_interval",
                "user_id, from_position, connection_id, change_kind, status, deleted, erased, user_name, email,"
                        + " given_name, family_name",
                rows,
                row -> {
                    UserInterval user = row.value().user();
                    return new Object[] {
                        row.key(),
                        row.fromPosition(),
                        user.connectionId(),
                        row.value().kind(),
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

    private void insertRoles(Intervals<String, RoleRow> rows) {
        writer.insert(
                "access_role_interval",
                "user_id, from_position, connection_id, organization_id, role_key, role_source, mapped_group_id,"
                        + " previous_role, previous_source",
                rows,
                row -> new Object[] {
                    row.key(),
                    row.fromPosition(),
                    row.value().connectionId(),
                    row.value().organizationId(),
                    row.value().role(),
                    row.value().source(),
                    row.value().mappedGroupId(),
                    row.value().previousRole(),
                    row.value().previousSource()
                },
                false);
    }

    private void insertGroups(Intervals<String, GroupRow> rows) {
        writer.insert(
                "access_group_interval",
                "group_id, from_position, connection_id, display_name",
                rows,
                row -> new Object[] {
                    row.key(),
                    row.fromPosition(),
                    row.value().connectionId(),
                    row.value().displayName()
                },
                false);
    }

    private void insertMembers(Intervals<Member, String> rows) {
        writer.insert(
                "access_membership_interval",
                "group_id, user_id, from_position, connection_id",
                rows,
                row -> new Object[] {row.key().groupId(), row.key().userId(), row.fromPosition(), row.value()},
                true);
    }
}
