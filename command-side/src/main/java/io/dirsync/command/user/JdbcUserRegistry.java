package io.dirsync.command.user;

import io.dirsync.api.user.UserNameTakenException;
import io.dirsync.api.user.UserProfile;
import org.springframework.dao.DuplicateKeyException;
import org.springframework.jdbc.core.JdbcTemplate;
import org.springframework.stereotype.Component;

import java.util.Locale;
import java.util.Optional;

/**
 * {@link UserRegistry} on the {@code user_registration} table; {@code UNIQUE (connection_id, user_name_key)}
 * decides races. A deleted user keeps its userName (a later POST with it brings the user back) until a live
 * user needs the name: then the deleted one gives it up rather than block the IdP with a 409 forever.
 */
@Component
class JdbcUserRegistry implements UserRegistry {
    /** The userName check of every create; its plan on a PostgreSQL without statistics is tested (JdbcUserRegistryPlanTest). */
    static final String BY_USER_NAME = "SELECT user_id, deleted FROM user_registration WHERE connection_id = ? AND user_name_key = ?";
    static final String DELETED_BY_EXTERNAL_ID = "SELECT user_id, deleted FROM user_registration"
            + " WHERE connection_id = ? AND external_id = ? AND deleted ORDER BY user_id";
    private final JdbcTemplate jdbc;

    JdbcUserRegistry(JdbcTemplate jdbc) {
        this.jdbc = jdbc;
    }

    @Override
    public Optional<Registration> findByUserName(String connectionId, String userName) {
        return jdbc.query(BY_USER_NAME, (rs, i) -> new Registration(rs.getString(1), rs.getBoolean(2)),
                connectionId, key(userName)).stream().findFirst();
    }

    @Override
    public boolean isCurrentUser(String connectionId, String userId) {
        return !jdbc.queryForList("SELECT 1 FROM user_registration WHERE user_id = ? AND connection_id = ? AND NOT deleted",
                Integer.class, userId, connectionId).isEmpty();
    }

    @Override
    public Optional<Registration> findDeletedByExternalId(String connectionId, String externalId) {
        return jdbc.query(DELETED_BY_EXTERNAL_ID, (rs, i) -> new Registration(rs.getString(1), rs.getBoolean(2)),
                connectionId, externalId).stream().findFirst();
    }

    @Override
    public void register(String connectionId, String userId, UserProfile profile) {
        // no release from a deleted user here: the caller found no registration holding the name, deleted or not (a
        // deleted one brings its user back instead), so it would be one more statement per SCIM create for nothing
        try {
            jdbc.update("INSERT INTO user_registration (user_id, connection_id, user_name_key, external_id, deleted) VALUES (?, ?, ?, ?, FALSE)",
                    userId, connectionId, key(profile.userName()), profile.externalId());
        } catch (DuplicateKeyException e) {
            throw new UserNameTakenException(profile.userName());
        }
    }

    @Override
    public void update(String connectionId, String userId, UserProfile profile, boolean deleted) {
        if (!deleted) {
            releaseFromDeleted(connectionId, userId, profile.userName());
        }
        try {
            jdbc.update("UPDATE user_registration SET user_name_key = ?, external_id = ?, deleted = ? WHERE user_id = ?",
                    key(profile.userName()), profile.externalId(), deleted, userId);
        } catch (DuplicateKeyException e) {
            throw new UserNameTakenException(profile.userName());
        }
    }

    @Override
    public void forget(String userId) {
        jdbc.update("DELETE FROM user_registration WHERE user_id = ?", userId);
    }

    private void releaseFromDeleted(String connectionId, String userId, String userName) {
        jdbc.update("UPDATE user_registration SET user_name_key = NULL WHERE connection_id = ? AND user_name_key = ? AND deleted AND user_id <> ?",
                connectionId, key(userName), userId);
    }

    static String key(String userName) {
        return userName.toLowerCase(Locale.ROOT);
    }
}
