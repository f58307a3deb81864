package io.dirsync.command.user;

import java.util.Locale;
import java.util.Optional;

/**
 * The command side's own index of users per connection: the set-based check that keeps userName unique
 * (case-insensitively) per connection. Command handlers read it before they apply an event; an event handler writes it
 * in the command's transaction, guarded by a database unique constraint, so two racing creates cannot both win, on
 * one node or several.
 */
public interface UserRegistry {

    record Registration(String userId, boolean deleted) {}

    Optional<Registration> findByUserName(String connectionId, String userName);

    Optional<Registration> findDeletedByExternalId(String connectionId, String externalId);

    /** Whether {@code userId} is a user of the connection that the IdP has not deleted: what a manager may reference. */
    boolean isCurrentUser(String connectionId, String userId);

    /** What the registry compares: the userName lower-cased, so that names differing only in case are one name. */
    static String userNameKey(String userName) {
        return userName.toLowerCase(Locale.ROOT);
    }
}
