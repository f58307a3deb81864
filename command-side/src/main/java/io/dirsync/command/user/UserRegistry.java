package io.dirsync.command.user;

import io.dirsync.api.user.UserProfile;

import java.util.Optional;

/**
 * The command side's own index of users per connection: the set-based check that keeps userName unique
 * (case-insensitively) per connection. Writes happen inside the command's transaction and are guarded by a
 * database unique constraint, so two racing creates cannot both win, on one node or several.
 */
public interface UserRegistry {

    record Registration(String userId, boolean deleted) {
    }

    Optional<Registration> findByUserName(String connectionId, String userName);

    Optional<Registration> findDeletedByExternalId(String connectionId, String externalId);

    /** Whether {@code userId} is a user of the connection that the IdP has not deleted: what a manager may reference. */
    boolean isCurrentUser(String connectionId, String userId);

    /**
     * A new user, once {@link #findByUserName} found no registration holding its userName.
     *
     * @throws io.dirsync.api.user.UserNameTakenException when another user took the userName meanwhile
     */
    void register(String connectionId, String userId, UserProfile profile);

    /** @throws io.dirsync.api.user.UserNameTakenException when another user holds the new userName */
    void update(String connectionId, String userId, UserProfile profile, boolean deleted);

    /** An erased user gives up its registration: no userName or externalId of it stays, and none can bring it back. */
    void forget(String userId);
}
