package io.dirsync.query.directoryuser;

import io.dirsync.api.rolemapping.MemberRoleChangedEvent;
import io.dirsync.api.user.UserDeactivatedEvent;
import io.dirsync.api.user.UserDeletedEvent;
import io.dirsync.api.user.UserErasedEvent;
import io.dirsync.api.user.UserProfileUpdatedEvent;
import io.dirsync.api.user.UserProvisionedEvent;
import io.dirsync.api.user.UserReactivatedEvent;
import io.dirsync.api.user.UserReprovisionedEvent;
import io.dirsync.query.BatchRows;
import io.dirsync.query.SqlLists;
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

    private final JdbcTemplate jdbc;

    public DirectoryUserProjection(JdbcTemplate jdbc) {
        this.jdbc = jdbc;
    }

    /**
     * New users' rows are inserted together when the processor's batch commits (a replay of a large store, or an IdP's
     * full sync, is mostly these events); every other handler writes the pending rows first, so the statements of
     * one user still run in event order.
     */
    @EventHandler
    void on(UserProvisionedEvent event, @Timestamp Instant at) {
        Object[] row = {event.userId(), event.connectionId(), event.profile().userName(), key(event.profile().userName()),
                event.profile().primaryEmail(), key(event.profile().primaryEmail()), event.active() ? ACTIVE : DEACTIVATED,
                java.sql.Timestamp.from(at)};
        Map<String, Object[]> batch = BatchRows.ofThisBatch(PENDING_ROWS, LinkedHashMap::new, rows -> insert(drain(rows)));
        if (batch == null) {
            insert(List.<Object[]>of(row));
        } else {
            batch.put(event.userId(), row);
        }
    }

    @EventHandler
    void on(UserReprovisionedEvent event, @Timestamp Instant at) {
        update("UPDATE directory_user SET user_name = ?, user_name_key = ?, email = ?, email_key = ?, status = ?, last_synced_at = ?"
                        + " WHERE user_id = ?",
                event.profile().userName(), key(event.profile().userName()), event.profile().primaryEmail(),
                key(event.profile().primaryEmail()), event.active() ? ACTIVE : DEACTIVATED, java.sql.Timestamp.from(at), event.userId());
    }

    @EventHandler
    void on(UserProfileUpdatedEvent event, @Timestamp Instant at) {
        update("UPDATE directory_user SET user_name = ?, user_name_key = ?, email = ?, email_key = ?, last_synced_at = ? WHERE user_id = ?",
                event.profile().userName(), key(event.profile().userName()), event.profile().primaryEmail(),
                key(event.profile().primaryEmail()), java.sql.Timestamp.from(at), event.userId());
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
        update("UPDATE directory_user SET role_key = ? WHERE user_id = ?", event.role(), event.userId());
    }

    @ResetHandler
    void reset() {
        jdbc.update("DELETE FROM directory_user");
    }

    private void status(String userId, String status, Instant at) {
        update("UPDATE directory_user SET status = ?, last_synced_at = ? WHERE user_id = ?", status, java.sql.Timestamp.from(at), userId);
    }

    /** A write after the pending new rows, which may include this user's. */
    private void update(String sql, Object... arguments) {
        Map<String, Object[]> pending = BatchRows.collected(PENDING_ROWS);
        if (pending != null) {
            insert(drain(pending));
        }
        jdbc.update(sql, arguments);
    }

    /** Re-applying a provisioning replaces the user's row, so old rows go first. */
    private void insert(List<Object[]> rows) {
        if (rows.isEmpty()) {
            return;
        }
        jdbc.update("DELETE FROM directory_user WHERE user_id IN (" + SqlLists.placeholders(rows.size()) + ")",
                rows.stream().map(row -> row[0]).toArray());
        jdbc.batchUpdate("INSERT INTO directory_user (user_id, connection_id, user_name, user_name_key, email, email_key, status,"
                + " last_synced_at) VALUES (?, ?, ?, ?, ?, ?, ?, ?)", rows);
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
