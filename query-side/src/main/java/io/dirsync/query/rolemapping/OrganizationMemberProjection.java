package io.dirsync.query.rolemapping;

import io.dirsync.api.rolemapping.FindMemberNamesQuery;
import io.dirsync.api.rolemapping.ListOrganizationMembersQuery;
import io.dirsync.api.rolemapping.MemberNames;
import io.dirsync.api.rolemapping.MemberRoleChangedEvent;
import io.dirsync.api.rolemapping.OrganizationMember;
import io.dirsync.api.rolemapping.RoleSource;
import io.dirsync.api.user.UserErasedEvent;
import io.dirsync.api.user.UserProfileUpdatedEvent;
import io.dirsync.api.user.UserProvisionedEvent;
import io.dirsync.api.user.UserReprovisionedEvent;
import io.dirsync.query.support.BatchRows;
import io.dirsync.query.support.KeyedUpdates;
import io.dirsync.query.support.KeyedUpdates.Column;
import io.dirsync.query.support.MultiRowInsert;
import io.dirsync.query.support.SqlLists;
import org.axonframework.config.ProcessingGroup;
import org.axonframework.eventhandling.EventHandler;
import org.axonframework.eventhandling.ResetHandler;
import org.axonframework.queryhandling.QueryHandler;
import org.springframework.jdbc.core.JdbcTemplate;
import org.springframework.jdbc.core.RowCallbackHandler;
import org.springframework.stereotype.Component;

import java.util.ArrayList;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;

/** An organization's members with their role and why they have it (a replayable streaming projection). */
@Component
@ProcessingGroup(OrganizationMemberProjection.PROCESSING_GROUP)
public class OrganizationMemberProjection {
    public static final String PROCESSING_GROUP = "organization-members";
    private static final String PENDING_ROLES = OrganizationMemberProjection.class.getName() + ".pendingRoles";
    private static final String PENDING_NAMES = OrganizationMemberProjection.class.getName() + ".pendingNames";
    private final JdbcTemplate jdbc;
    private final KeyedUpdates roleUpdates;

    public OrganizationMemberProjection(JdbcTemplate jdbc) {
        this.jdbc = jdbc;
        this.roleUpdates = new KeyedUpdates(
                jdbc,
                "org_member",
                List.of(Column.text("role_key"), Column.text("role_source"), Column.text("mapped_group_id")),
                List.of(Column.text("user_id")));
    }

    /** A new member's name is written with the batch's others when the batch commits: one insert for all of them. */
    @EventHandler
    void on(UserProvisionedEvent event) {
        String userName = event.profile().userName();
        Object[] row = {event.userId(), userName, userName.toLowerCase(Locale.ROOT)};
        Map<String, Object[]> batch = BatchRows.ofThisBatch(PENDING_NAMES, LinkedHashMap::new, this::insertNames);
        if (batch == null) {
            insertNames(new LinkedHashMap<>(Map.of(event.userId(), row)));
        } else {
            batch.put(event.userId(), row);
        }
    }

    @EventHandler
    void on(UserReprovisionedEvent event) {
        userName(event.userId(), event.profile().userName());
    }

    @EventHandler
    void on(UserProfileUpdatedEvent event) {
        userName(event.userId(), event.profile().userName());
    }

    /** The name goes; the membership row holds ids and a role only, and follows the role events as before. */
    @EventHandler
    void on(UserErasedEvent event) {
        insertPendingNames();
        jdbc.update("DELETE FROM org_member_name WHERE user_id = ?", event.userId());
    }

    /**
     * Written when the processor's batch commits, all the batch's changes in two statements or JDBC batches: a mapping reorder is one
     * event per member. Only these events write {@code org_member}, so nothing else in the batch needs them earlier.
     */
    @EventHandler
    void on(MemberRoleChangedEvent event) {
        Map<String, MemberRoleChangedEvent> batch =
                BatchRows.ofThisBatch(PENDING_ROLES, LinkedHashMap::new, this::write);
        if (batch == null) {
            write(new LinkedHashMap<>(Map.of(event.userId(), event)));
        } else {
            batch.put(event.userId(), event);
        }
    }

    /** The batch's last change of each member: an update, or an insert for a member seen for the first time. */
    private void write(Map<String, MemberRoleChangedEvent> changes) {
        if (changes.isEmpty()) {
            return;
        }
        List<MemberRoleChangedEvent> events = List.copyOf(changes.values());
        changes.clear();
        boolean[] updated = roleUpdates.update(events.stream()
                .map(e -> new Object[] {e.role(), e.source().name(), e.mappedGroupId(), e.userId()})
                .toList());
        List<Object[]> missing = new ArrayList<>();
        for (int i = 0; i < events.size(); i++) {
            MemberRoleChangedEvent e = events.get(i);
            if (!updated[i]) {
                missing.add(new Object[] {
                    e.userId(),
                    e.organizationId(),
                    e.connectionId(),
                    e.role(),
                    e.source().name(),
                    e.mappedGroupId()
                });
            }
        }
        if (!missing.isEmpty()) {
            jdbc.batchUpdate(
                    "INSERT INTO org_member (user_id, organization_id, connection_id, role_key, role_source, mapped_group_id)"
                            + " VALUES (?, ?, ?, ?, ?, ?)",
                    missing);
        }
    }

    @ResetHandler
    void reset() {
        jdbc.update("DELETE FROM org_member");
        jdbc.update("DELETE FROM org_member_name");
    }

    @QueryHandler
    public List<OrganizationMember> handle(ListOrganizationMembersQuery query) {
        return jdbc.query(
                "SELECT m.user_id, n.user_name, m.role_key, m.role_source, m.mapped_group_id FROM org_member m"
                        + " LEFT JOIN org_member_name n ON n.user_id = m.user_id WHERE m.organization_id = ?"
                        + " ORDER BY n.user_name_key, m.user_id",
                (rs, i) -> new OrganizationMember(
                        rs.getString(1),
                        rs.getString(2),
                        rs.getString(3),
                        roleSource(rs.getString(4)),
                        rs.getString(5)),
                query.organizationId());
    }

    /** Chunked: a preview may name thousands of members, more than a statement should carry as parameters. */
    @QueryHandler
    public MemberNames handle(FindMemberNamesQuery query) {
        Map<String, String> names = new HashMap<>();
        for (int from = 0; from < query.userIds().size(); from += 500) {
            List<String> chunk = query.userIds()
                    .subList(from, Math.min(from + 500, query.userIds().size()));
            jdbc.query(
                    "SELECT user_id, user_name FROM org_member_name WHERE user_id IN ("
                            + SqlLists.placeholders(chunk.size()) + ")",
                    (RowCallbackHandler) rs -> names.put(rs.getString(1), rs.getString(2)),
                    chunk.toArray());
        }
        return new MemberNames(names);
    }

    private static String roleSource(String source) {
        return RoleSource.valueOf(source) == RoleSource.NONE ? null : source.toLowerCase(Locale.ROOT);
    }

    /** A write of one name after the batch's new ones, which may include this member's. */
    private void userName(String userId, String userName) {
        insertPendingNames();
        if (jdbc.update(
                        "UPDATE org_member_name SET user_name = ?, user_name_key = ? WHERE user_id = ?",
                        userName,
                        userName.toLowerCase(Locale.ROOT),
                        userId)
                == 0) {
            jdbc.update(
                    "INSERT INTO org_member_name (user_id, user_name, user_name_key) VALUES (?, ?, ?)",
                    userId,
                    userName,
                    userName.toLowerCase(Locale.ROOT));
        }
    }

    private void insertPendingNames() {
        Map<String, Object[]> pending = BatchRows.collected(PENDING_NAMES);
        if (pending != null) {
            insertNames(pending);
        }
    }

    /**
     * Re-applying a provisioning replaces the member's name, so old rows go first; fresh tables of a rebuild hold none
     * (a user is provisioned once).
     */
    private void insertNames(Map<String, Object[]> pending) {
        if (pending.isEmpty()) {
            return;
        }
        List<Object[]> rows = new ArrayList<>(pending.values());
        pending.clear();
        if (!BatchRows.intoFreshTables()) {
            jdbc.update(
                    "DELETE FROM org_member_name WHERE user_id IN (" + SqlLists.placeholders(rows.size()) + ")",
                    rows.stream().map(row -> row[0]).toArray());
        }
        MultiRowInsert.insert(jdbc, "org_member_name", "user_id, user_name, user_name_key", rows);
    }
}
