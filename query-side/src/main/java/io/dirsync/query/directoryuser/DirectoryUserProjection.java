package io.dirsync.query.directoryuser;

import io.dirsync.api.rolemapping.MemberRoleChangedEvent;
import io.dirsync.api.user.UserDeactivatedEvent;
import io.dirsync.api.user.UserDeletedEvent;
import io.dirsync.api.user.UserErasedEvent;
import io.dirsync.api.user.UserProfileUpdatedEvent;
import io.dirsync.api.user.UserProvisionedEvent;
import io.dirsync.api.user.UserReactivatedEvent;
import io.dirsync.api.user.UserReprovisionedEvent;
import io.dirsync.query.support.BatchRows;
import io.dirsync.query.support.KeyedUpdates;
import io.dirsync.query.support.KeyedUpdates.Column;
import io.dirsync.query.support.MultiRowInsert;
import io.dirsync.query.support.SqlLists;
import org.axonframework.config.ProcessingGroup;
import org.axonframework.eventhandling.EventHandler;
import org.axonframework.eventhandling.ResetHandler;
import org.axonframework.eventhandling.Timestamp;
import org.springframework.jdbc.core.JdbcTemplate;
import org.springframework.stereotype.Component;

import java.time.Instant;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;

/**
 * The admin's view of a connection's directory users: status and when the IdP last synced each one.
 * A pooled streaming projection: it can be rebuilt from the first event, and its handlers are written to
 * give the same table however often an event is applied.
 */
@Component
@ProcessingGroup(DirectoryUserProjection.PROCESSING_GROUP)
public class DirectoryUserProjection {
    public static final String PROCESSING_GROUP = "directory-users";
    private static final String ACTIVE = "Active";
    private static final String DEACTIVATED = "Deactivated";
    private static final String PENDING_ROWS = DirectoryUserProjection.class.getName() + ".pendingRows";
    private static final String PENDING_ROLES = DirectoryUserProjection.class.getName() + ".pendingRoles";

    private final JdbcTemplate jdbc;
    private final KeyedUpdates roleUpdates;

    public DirectoryUserProjection(JdbcTemplate jdbc) {
        this.jdbc = jdbc;
        this.roleUpdates = new KeyedUpdates(
                jdbc, "directory_user", List.of(Column.text("role_key")), List.of(Column.text("user_id")));
    }

    /**
     * New users' rows are inserted together when the processor's batch commits (a replay of a large store, or an IdP's
     * full sync, is mostly these events), and so are role changes (a mapping reorder is one per member). Every other
     * handler writes what is pending first, rows before roles, so the statements of one user still run in event order.
     */
    @EventHandler
    void on(UserProvisionedEvent event, @Timestamp Instant at) {
        Map<String, String> roles = BatchRows.collected(PENDING_ROLES);
        if (roles != null && !roles.isEmpty()) {
            writePending();
        }
        Object[] row = {
            event.userId(),
            event.connectionId(),
            event.profile().userName(),
            key(event.profile().userName()),
            event.profile().primaryEmail(),
            key(event.profile().primaryEmail()),
            event.active() ? ACTIVE : DEACTIVATED,
            java.sql.Timestamp.from(at)
        };
        Map<String, Object[]> batch = BatchRows.ofThisBatch(PENDING_ROWS, LinkedHashMap::new, rows -> writePending());
        if (batch == null) {
            insert(List.<Object[]>of(row));
        } else {
            batch.put(event.userId(), row);
        }
    }

    @EventHandler
    void on(UserReprovisionedEvent event, @Timestamp Instant at) {
        update(
                "UPDATE directory_user SET user_name = ?, user_name_key = ?, email = ?, email_key = ?, status = ?, last_synced_at = ?"
                        + " WHERE user_id = ?",
                event.profile().userName(),
                key(event.profile().userName()),
                event.profile().primaryEmail(),
                key(event.profile().primaryEmail()),
                event.active() ? ACTIVE : DEACTIVATED,
                java.sql.Timestamp.from(at),
                event.userId());
    }

    @EventHandler
    void on(UserProfileUpdatedEvent event, @Timestamp Instant at) {
        update(
                "UPDATE directory_user SET user_name = ?, user_name_key = ?, email = ?, email_key = ?, last_synced_at = ? WHERE user_id = ?",
                event.profile().userName(),
                key(event.profile().userName()),
                event.profile().primaryEmail(),
                key(event.profile().primaryEmail()),
                java.sql.Timestamp.from(at),
                event.userId());
    }

    @EventHandler
    void on(UserDeactivatedEvent event, @Timestamp Instant at) {
        status(event.userId(), DEACTIVATED, at);
    }

    @EventHandler
    void on(UserReactivatedEvent event, @Timestamp Instant at) {
        status(event.userId(), ACTIVE, at);
    }

    @EventHandler
    void on(UserDeletedEvent event, @Timestamp Instant at) {
        status(event.userId(), DEACTIVATED, at);
    }

    /** An erased user leaves the directory view entirely; its history (ids only) stays in the event log. */
    @EventHandler
    void on(UserErasedEvent event) {
        update("DELETE FROM directory_user WHERE user_id = ?", event.userId());
    }

    @EventHandler
    void on(MemberRoleChangedEvent event) {
        Map<String, String> roles = BatchRows.ofThisBatch(PENDING_ROLES, LinkedHashMap::new, pending -> writePending());
        if (roles == null) {
            roleUpdates.update(List.<Object[]>of(new Object[] {event.role(), event.userId()}));
        } else {
            roles.put(event.userId(), event.role());
        }
    }

    @ResetHandler
    void reset() {
        jdbc.update("DELETE FROM directory_user");
    }

    private void status(String userId, String status, Instant at) {
        update(
                "UPDATE directory_user SET status = ?, last_synced_at = ? WHERE user_id = ?",
                status,
                java.sql.Timestamp.from(at),
                userId);
    }

    /** A write after the pending ones, which may include this user's. */
    private void update(String sql, Object... arguments) {
        writePending();
        jdbc.update(sql, arguments);
    }

    /** New rows first: a role change in the batch may be for one of them. */
    private void writePending() {
        Map<String, Object[]> rows = BatchRows.collected(PENDING_ROWS);
        if (rows != null) {
            insert(drain(rows));
        }
        Map<String, String> roles = BatchRows.collected(PENDING_ROLES);
        if (roles != null && !roles.isEmpty()) {
            roleUpdates.update(roles.entrySet().stream()
                    .map(role -> new Object[] {role.getValue(), role.getKey()})
                    .toList());
            roles.clear();
        }
    }

    /**
     * Re-applying a provisioning replaces the user's row, so old rows go first; fresh tables of a rebuild hold none (a
     * user is provisioned once), and there the delete would only scan them.
     */
    private void insert(List<Object[]> rows) {
        if (rows.isEmpty()) {
            return;
        }
        if (!BatchRows.intoFreshTables()) {
            jdbc.update(
                    "DELETE FROM directory_user WHERE user_id IN (" + SqlLists.placeholders(rows.size()) + ")",
                    rows.stream().map(row -> row[0]).toArray());
        }
        MultiRowInsert.insert(
                jdbc,
                "directory_user",
                "user_id, connection_id, user_name, user_name_key, email, email_key, status, last_synced_at",
                rows);
    }

    private static List<Object[]> drain(Map<String, Object[]> pending) {
        List<Object[]> rows = new ArrayList<>(pending.values());
        pending.clear();
        return rows;
    }

    private static String key(String value) {
        return value == null ? null : value.toLowerCase(Locale.ROOT);
    }
}
