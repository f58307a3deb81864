package io.dirsync.query.group;

import io.dirsync.api.group.FindScimGroupQuery;
import io.dirsync.api.group.FindUserGroupsQuery;
import io.dirsync.api.group.GroupCreatedEvent;
import io.dirsync.api.group.GroupDeletedEvent;
import io.dirsync.api.group.GroupExternalIdChangedEvent;
import io.dirsync.api.group.GroupMembersAddedEvent;
import io.dirsync.api.group.GroupMembersRemovedEvent;
import io.dirsync.api.group.GroupPage;
import io.dirsync.api.group.GroupRenamedEvent;
import io.dirsync.api.group.GroupState;
import io.dirsync.api.group.GroupSummary;
import io.dirsync.api.group.ListConnectionGroupsQuery;
import io.dirsync.api.group.ListScimGroupsQuery;
import io.dirsync.api.group.UserGroups;
import io.dirsync.query.filter.FilterSql;
import io.dirsync.query.filter.PagedSelect;
import io.dirsync.query.filter.SqlCondition;
import io.dirsync.query.rebuild.RebuildableReadModel;
import io.dirsync.query.support.EventTimes;
import io.dirsync.query.support.SqlLists;
import org.axonframework.config.ProcessingGroup;
import org.axonframework.eventhandling.EventHandler;
import org.axonframework.eventhandling.SequenceNumber;
import org.axonframework.eventhandling.Timestamp;
import org.axonframework.queryhandling.QueryHandler;
import org.springframework.jdbc.core.JdbcTemplate;
import org.springframework.jdbc.core.RowCallbackHandler;
import org.springframework.stereotype.Component;

import java.sql.ResultSet;
import java.sql.SQLException;
import java.time.Instant;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.HashSet;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Optional;
import java.util.Set;

/**
 * The SCIM read model of groups, written in the command's transaction (a subscribing processor), so a GET
 * after an answered write sees it. Member rows change one by one with the delta events, after the group's row: a
 * rebuild ({@link RebuildableReadModel}) locks that row first.
 */
@Component
@ProcessingGroup(ScimGroupProjection.PROCESSING_GROUP)
public class ScimGroupProjection implements RebuildableReadModel {
    public static final String PROCESSING_GROUP = "scim-groups";
    private static final String COLUMNS =
            "group_id, connection_id, display_name, external_id, version, created_at, last_modified";

    private final JdbcTemplate jdbc;

    public ScimGroupProjection(JdbcTemplate jdbc) {
        this.jdbc = jdbc;
    }

    /** Overwrites the row if there is one, which only a rebuild finds ({@link RebuildableReadModel}). */
    @EventHandler
    void on(GroupCreatedEvent event, @SequenceNumber long sequence, @Timestamp Instant at) {
        Object[] parameters = {
            event.connectionId(),
            event.displayName(),
            key(event.displayName()),
            event.externalId(),
            sequence,
            EventTimes.stored(at),
            EventTimes.stored(at),
            event.groupId()
        };
        if (jdbc.update(
                        "UPDATE scim_group SET connection_id = ?, display_name = ?, display_name_key = ?, external_id = ?,"
                                + " member_count = 0, deleted = FALSE, version = ?, created_at = ?, last_modified = ? WHERE group_id = ?",
                        parameters)
                == 0) {
            jdbc.update(
                    "INSERT INTO scim_group (connection_id, display_name, display_name_key, external_id, member_count, deleted,"
                            + " version, created_at, last_modified, group_id) VALUES (?, ?, ?, ?, 0, FALSE, ?, ?, ?, ?)",
                    parameters);
        }
    }

    @EventHandler
    void on(GroupRenamedEvent event, @SequenceNumber long sequence, @Timestamp Instant at) {
        jdbc.update(
                "UPDATE scim_group SET display_name = ?, display_name_key = ?, version = ?, last_modified = ? WHERE group_id = ?",
                event.displayName(),
                key(event.displayName()),
                sequence,
                EventTimes.stored(at),
                event.groupId());
    }

    @EventHandler
    void on(GroupExternalIdChangedEvent event, @SequenceNumber long sequence, @Timestamp Instant at) {
        jdbc.update(
                "UPDATE scim_group SET external_id = ?, version = ?, last_modified = ? WHERE group_id = ?",
                event.externalId(),
                sequence,
                EventTimes.stored(at),
                event.groupId());
    }

    @EventHandler
    void on(GroupMembersAddedEvent event, @SequenceNumber long sequence, @Timestamp Instant at) {
        jdbc.update(
                "UPDATE scim_group SET member_count = member_count + ?, version = ?, last_modified = ? WHERE group_id = ?",
                event.userIds().size(),
                sequence,
                EventTimes.stored(at),
                event.groupId());
        List<Object[]> rows = new ArrayList<>();
        for (String userId : event.userIds()) {
            rows.add(new Object[] {event.groupId(), userId, sequence});
        }
        jdbc.batchUpdate("INSERT INTO scim_group_member (group_id, user_id, joined) VALUES (?, ?, ?)", rows);
    }

    @EventHandler
    void on(GroupMembersRemovedEvent event, @SequenceNumber long sequence, @Timestamp Instant at) {
        jdbc.update(
                "UPDATE scim_group SET member_count = member_count - ?, version = ?, last_modified = ? WHERE group_id = ?",
                event.userIds().size(),
                sequence,
                EventTimes.stored(at),
                event.groupId());
        List<Object[]> rows = new ArrayList<>();
        for (String userId : event.userIds()) {
            rows.add(new Object[] {event.groupId(), userId});
        }
        jdbc.batchUpdate("DELETE FROM scim_group_member WHERE group_id = ? AND user_id = ?", rows);
    }

    @EventHandler
    void on(GroupDeletedEvent event, @SequenceNumber long sequence, @Timestamp Instant at) {
        jdbc.update(
                "UPDATE scim_group SET deleted = TRUE, member_count = 0, version = ?, last_modified = ? WHERE group_id = ?",
                sequence,
                EventTimes.stored(at),
                event.groupId());
        jdbc.update("DELETE FROM scim_group_member WHERE group_id = ?", event.groupId());
    }

    @Override
    public String processingGroup() {
        return PROCESSING_GROUP;
    }

    @Override
    public Class<?> creatingEvent() {
        return GroupCreatedEvent.class;
    }

    @Override
    public boolean lockMainRow(String groupId) {
        return !jdbc.queryForList(
                        "SELECT group_id FROM scim_group WHERE group_id = ? FOR UPDATE", String.class, groupId)
                .isEmpty();
    }

    @Override
    public void deleteDependentRows(String groupId) {
        jdbc.update("DELETE FROM scim_group_member WHERE group_id = ?", groupId);
    }

    /** Ascending order, as the default's one by one: PostgreSQL locks the rows in the order they are returned. */
    @Override
    public Set<String> lockMainRows(List<String> sortedIds) {
        return new HashSet<>(jdbc.queryForList(
                "SELECT group_id FROM scim_group WHERE group_id IN (" + SqlLists.placeholders(sortedIds.size())
                        + ") ORDER BY group_id FOR UPDATE",
                String.class,
                sortedIds.toArray()));
    }

    @Override
    public void deleteDependentRows(List<String> groupIds) {
        jdbc.update(
                "DELETE FROM scim_group_member WHERE group_id IN (" + SqlLists.placeholders(groupIds.size()) + ")",
                groupIds.toArray());
    }

    @QueryHandler
    public Optional<GroupState> handle(FindScimGroupQuery query) {
        return jdbc
                .query(
                        "SELECT " + COLUMNS
                                + " FROM scim_group WHERE group_id = ? AND connection_id = ? AND NOT deleted",
                        (rs, i) -> toState(rs, query.withMembers()),
                        query.groupId(),
                        query.connectionId())
                .stream()
                .findFirst();
    }

    @QueryHandler
    public GroupPage handle(ListScimGroupsQuery query) {
        SqlCondition condition = FilterSql.where(query.filter(), GroupColumns.GROUPS);
        String where = " FROM scim_group WHERE connection_id = ? AND NOT deleted AND (" + condition.sql() + ")";
        List<Object> params = new ArrayList<>(List.of(query.connectionId()));
        params.addAll(condition.parameters());
        PagedSelect.Page<GroupState> page = PagedSelect.read(
                jdbc,
                COLUMNS,
                where,
                params,
                "created_at, group_id",
                query.startIndex(),
                query.count(),
                (rs, i) -> toState(rs, query.withMembers()));
        return new GroupPage(page.totalResults(), page.resources());
    }

    /** The SCIM User's read-only {@code groups}: direct memberships, chunked for long lists of users. */
    @QueryHandler
    public UserGroups handle(FindUserGroupsQuery query) {
        Map<String, List<UserGroups.Group>> groups = new HashMap<>();
        for (int from = 0; from < query.userIds().size(); from += 500) {
            List<String> chunk = query.userIds()
                    .subList(from, Math.min(from + 500, query.userIds().size()));
            List<Object> parameters = new ArrayList<>(chunk);
            parameters.add(query.connectionId());
            jdbc.query(
                    "SELECT m.user_id, g.group_id, g.display_name FROM scim_group_member m JOIN scim_group g ON g.group_id = m.group_id"
                            + " WHERE m.user_id IN (" + SqlLists.placeholders(chunk.size())
                            + ") AND g.connection_id = ? AND NOT g.deleted"
                            + " ORDER BY g.display_name_key, g.group_id",
                    (RowCallbackHandler) row -> groups.computeIfAbsent(row.getString(1), user -> new ArrayList<>())
                            .add(new UserGroups.Group(row.getString(2), row.getString(3))),
                    parameters.toArray());
        }
        return new UserGroups(groups);
    }

    @QueryHandler
    public List<GroupSummary> handle(ListConnectionGroupsQuery query) {
        String connectionId = query.connectionId();
        return jdbc.query(
                "SELECT group_id, display_name, member_count FROM scim_group WHERE connection_id = ? AND NOT deleted"
                        + " ORDER BY display_name_key, group_id",
                (rs, i) -> new GroupSummary(rs.getString(1), rs.getString(2), rs.getInt(3)),
                connectionId);
    }

    /**
     * Members with their current names (displayName, else userName). A user the IdP deleted is left out: RFC 7644
     * section 3.6 returns a deleted resource from no query, and the IdP brings it back into its groups if it pushes it
     * again (its membership rows are kept for that). An erased user has no row left, and is left out as well.
     */
    private GroupState toState(ResultSet rs, boolean withMembers) throws SQLException {
        String groupId = rs.getString("group_id");
        List<String> members = new ArrayList<>();
        Map<String, String> names = new HashMap<>();
        if (withMembers) {
            jdbc.query(
                    "SELECT m.user_id, COALESCE(u.display_name, u.user_name) FROM scim_group_member m"
                            + " JOIN scim_user u ON u.user_id = m.user_id WHERE m.group_id = ? AND NOT u.deleted"
                            + " ORDER BY m.joined, m.user_id",
                    (RowCallbackHandler) row -> {
                        members.add(row.getString(1));
                        if (row.getString(2) != null) {
                            names.put(row.getString(1), row.getString(2));
                        }
                    },
                    groupId);
        }
        return new GroupState(
                groupId,
                rs.getString("connection_id"),
                rs.getString("display_name"),
                rs.getString("external_id"),
                members,
                names,
                rs.getLong("version"),
                rs.getTimestamp("created_at").toInstant(),
                rs.getTimestamp("last_modified").toInstant());
    }

    private static String key(String displayName) {
        return displayName.toLowerCase(Locale.ROOT);
    }
}
