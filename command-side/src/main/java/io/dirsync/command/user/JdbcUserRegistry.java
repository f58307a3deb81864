package io.dirsync.command.user;

import io.dirsync.api.user.ErasedProfile;
import io.dirsync.api.user.UserDeletedEvent;
import io.dirsync.api.user.UserErasedEvent;
import io.dirsync.api.user.UserNameTakenException;
import io.dirsync.api.user.UserProfile;
import io.dirsync.api.user.UserProfileUpdatedEvent;
import io.dirsync.api.user.UserProvisionedEvent;
import io.dirsync.api.user.UserReprovisionedEvent;
import org.axonframework.config.ProcessingGroup;
import org.axonframework.eventhandling.EventHandler;
import org.axonframework.messaging.unitofwork.CurrentUnitOfWork;
import org.springframework.dao.ConcurrencyFailureException;
import org.springframework.dao.DataAccessException;
import org.springframework.dao.DuplicateKeyException;
import org.springframework.jdbc.core.JdbcTemplate;
import org.springframework.stereotype.Component;

import java.sql.SQLException;
import java.util.Optional;

/**
 * {@link UserRegistry} on the {@code user_registration} table, written by a subscribing event handler in the command's
 * transaction (as AxonIQ's set-based validation sample does), so the table can be rebuilt from the events.
 * {@code UNIQUE (connection_id, user_name_key)} decides races: the loser's insert fails and its command answers
 * {@link UserNameTakenException}. A deleted user keeps its userName (a later POST with it brings the user back) until
 * a live user needs the name: then the deleted one gives it up rather than block the IdP with a 409 forever.
 *
 * <p>A rebuild (one user at a time, outside any unit of work) never takes a name another row holds from a live user: a
 * name the user had before someone else took it is left empty until the user's later events rename it. A deleted
 * user whose name a live user took and gave up again gets it back: a POST of it then brings that user back.
 */
@Component
@ProcessingGroup(JdbcUserRegistry.PROCESSING_GROUP)
public class JdbcUserRegistry implements UserRegistry {
    public static final String PROCESSING_GROUP = "user-registry";
    /** The userName check of every create; its plan on a PostgreSQL without statistics is tested (JdbcUserRegistryPlanTest). */
    static final String BY_USER_NAME =
            "SELECT user_id, deleted FROM user_registration WHERE connection_id = ? AND user_name_key = ?";

    static final String DELETED_BY_EXTERNAL_ID = "SELECT user_id, deleted FROM user_registration"
            + " WHERE connection_id = ? AND external_id = ? AND deleted ORDER BY user_id";
    private static final String H2_CONCURRENT_UPDATE = "90131";
    private final JdbcTemplate jdbc;

    JdbcUserRegistry(JdbcTemplate jdbc) {
        this.jdbc = jdbc;
    }

    @Override
    public Optional<Registration> findByUserName(String connectionId, String userName) {
        return jdbc
                .query(
                        BY_USER_NAME,
                        (rs, i) -> new Registration(rs.getString(1), rs.getBoolean(2)),
                        connectionId,
                        UserRegistry.userNameKey(userName))
                .stream()
                .findFirst();
    }

    @Override
    public boolean isCurrentUser(String connectionId, String userId) {
        return !jdbc.queryForList(
                        "SELECT 1 FROM user_registration WHERE user_id = ? AND connection_id = ? AND NOT deleted",
                        Integer.class,
                        userId,
                        connectionId)
                .isEmpty();
    }

    @Override
    public Optional<Registration> findDeletedByExternalId(String connectionId, String externalId) {
        return jdbc
                .query(
                        DELETED_BY_EXTERNAL_ID,
                        (rs, i) -> new Registration(rs.getString(1), rs.getBoolean(2)),
                        connectionId,
                        externalId)
                .stream()
                .findFirst();
    }

    /** Locks the user's row until the transaction ends; false when there is none. What a rebuild locks first. */
    public boolean lock(String userId) {
        return !jdbc.queryForList(
                        "SELECT user_id FROM user_registration WHERE user_id = ? FOR UPDATE", String.class, userId)
                .isEmpty();
    }

    @EventHandler
    void on(UserProvisionedEvent event) {
        if (rebuilding()) {
            claim(event.connectionId(), event.userId(), event.profile(), false);
            return;
        }
        // live, the creating command found no registration holding the name, so there is nothing to release: one insert
        insert(event.connectionId(), event.userId(), key(event.profile()), event.profile());
    }

    @EventHandler
    void on(UserReprovisionedEvent event) {
        claim(event.connectionId(), event.userId(), event.profile(), true);
    }

    @EventHandler
    void on(UserProfileUpdatedEvent event) {
        claim(event.connectionId(), event.userId(), event.profile(), true);
    }

    @EventHandler
    void on(UserDeletedEvent event) {
        jdbc.update("UPDATE user_registration SET deleted = TRUE WHERE user_id = ?", event.userId());
    }

    /** An erased user gives up its registration: no userName or externalId of it stays, and none can bring it back. */
    @EventHandler
    void on(UserErasedEvent event) {
        jdbc.update("DELETE FROM user_registration WHERE user_id = ?", event.userId());
    }

    /**
     * The user's row, live, with the profile's userName. Its own row is written first (a rebuild locks it first too);
     * then a deleted holder of the name gives it up if {@code fromDeleted}.
     */
    private void claim(String connectionId, String userId, UserProfile profile, boolean fromDeleted) {
        String key = key(profile);
        boolean exists = jdbc.update("UPDATE user_registration SET deleted = FALSE WHERE user_id = ?", userId) > 0;
        if (fromDeleted && key != null) {
            jdbc.update(
                    "UPDATE user_registration SET user_name_key = NULL WHERE connection_id = ? AND user_name_key = ? AND deleted"
                            + " AND user_id <> ?",
                    connectionId,
                    key,
                    userId);
        }
        if (rebuilding() && key != null && heldByAnother(connectionId, key, userId)) {
            key = null;
        }
        if (!exists) {
            insert(connectionId, userId, key, profile);
            return;
        }
        try {
            jdbc.update(
                    "UPDATE user_registration SET user_name_key = ?, external_id = ? WHERE user_id = ?",
                    key,
                    profile.externalId(),
                    userId);
        } catch (DataAccessException e) {
            throw takenMeanwhile(e, profile);
        }
    }

    private void insert(String connectionId, String userId, String key, UserProfile profile) {
        try {
            jdbc.update(
                    "INSERT INTO user_registration (user_id, connection_id, user_name_key, external_id, deleted)"
                            + " VALUES (?, ?, ?, ?, FALSE)",
                    userId,
                    connectionId,
                    key,
                    profile.externalId());
        } catch (DataAccessException e) {
            throw takenMeanwhile(e, profile);
        }
    }

    /**
     * Another transaction claimed the name after the command's check (or, in a rebuild, after {@link #heldByAnother}):
     * the command answers that the name is taken; the rebuild of this user is tried again. PostgreSQL waits for that
     * transaction and reports a duplicate key; H2 refuses at once while it is uncommitted, with "concurrent update"
     * (90131): on the row written here, whose own row this transaction already holds or creates, that can only be the name.
     */
    private static RuntimeException takenMeanwhile(DataAccessException failure, UserProfile profile) {
        boolean taken = failure instanceof DuplicateKeyException;
        for (Throwable cause = failure.getCause(); cause != null && !taken; cause = cause.getCause()) {
            taken = cause instanceof SQLException sql && H2_CONCURRENT_UPDATE.equals(sql.getSQLState());
        }
        if (!taken) {
            return failure;
        }
        return rebuilding()
                ? new ConcurrencyFailureException("A command took the name meanwhile", failure)
                : new UserNameTakenException(profile.userName());
    }

    private boolean heldByAnother(String connectionId, String key, String userId) {
        return jdbc.query(BY_USER_NAME, (rs, i) -> rs.getString(1), connectionId, key).stream()
                .anyMatch(id -> !id.equals(userId));
    }

    /** Live, events reach this handler in the command's unit of work; a rebuild applies them outside any. */
    private static boolean rebuilding() {
        return !CurrentUnitOfWork.isStarted();
    }

    /** An erased profile (read back after its key was destroyed) claims no name. */
    private static String key(UserProfile profile) {
        return ErasedProfile.isErased(profile) ? null : UserRegistry.userNameKey(profile.userName());
    }
}
