package io.dirsync.command.user;

import java.util.LinkedHashMap;
import java.util.Map;
import java.util.Optional;

/**
 * The reads of {@link UserRegistry} in memory, over registrations a test sets up as earlier events would have left
 * them (JdbcUserRegistryTest covers how events write them): userName per connection ignoring case.
 */
final class InMemoryUserRegistry implements UserRegistry {

    record Entry(String connectionId, String userNameKey, String externalId, boolean deleted) {}

    private final Map<String, Entry> byUserId = new LinkedHashMap<>();

    /** Test setup: a registration as it would be after earlier commands. */
    InMemoryUserRegistry with(String connectionId, String userId, String userName, String externalId, boolean deleted) {
        byUserId.put(userId, new Entry(connectionId, key(userName), externalId, deleted));
        return this;
    }

    @Override
    public Optional<Registration> findByUserName(String connectionId, String userName) {
        return byUserId.entrySet().stream()
                .filter(e -> e.getValue().connectionId().equals(connectionId)
                        && key(userName).equals(e.getValue().userNameKey()))
                .map(e -> new Registration(e.getKey(), e.getValue().deleted()))
                .findFirst();
    }

    @Override
    public boolean isCurrentUser(String connectionId, String userId) {
        Entry entry = byUserId.get(userId);
        return entry != null && entry.connectionId().equals(connectionId) && !entry.deleted();
    }

    @Override
    public Optional<Registration> findDeletedByExternalId(String connectionId, String externalId) {
        return byUserId.entrySet().stream()
                .filter(e -> e.getValue().connectionId().equals(connectionId)
                        && e.getValue().deleted()
                        && externalId.equals(e.getValue().externalId()))
                .map(e -> new Registration(e.getKey(), true))
                .findFirst();
    }

    private static String key(String userName) {
        return userName == null ? null : UserRegistry.userNameKey(userName);
    }
}
