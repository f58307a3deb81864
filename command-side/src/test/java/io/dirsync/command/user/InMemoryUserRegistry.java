package io.dirsync.command.user;

import io.dirsync.api.user.UserNameTakenException;
import io.dirsync.api.user.UserProfile;

import java.util.LinkedHashMap;
import java.util.Locale;
import java.util.Map;
import java.util.Optional;

/**
 * {@link UserRegistry} with the rules of {@code JdbcUserRegistry}, in memory: userName unique per connection ignoring
 * case, a deleted user keeps its name until a live user needs it.
 */
final class InMemoryUserRegistry implements UserRegistry {

    record Entry(String connectionId, String userNameKey, String externalId, boolean deleted) {
    }

    private final Map<String, Entry> byUserId = new LinkedHashMap<>();

    /** Test setup: a registration as it would be after earlier commands. */
    InMemoryUserRegistry with(String connectionId, String userId, String userName, String externalId, boolean deleted) {
        byUserId.put(userId, new Entry(connectionId, key(userName), externalId, deleted));
        return this;
    }

    Optional<Entry> entry(String userId) {
        return Optional.ofNullable(byUserId.get(userId));
    }

    @Override
    public Optional<Registration> findByUserName(String connectionId, String userName) {
        return byUserId.entrySet().stream()
                .filter(e -> e.getValue().connectionId().equals(connectionId) && key(userName).equals(e.getValue().userNameKey()))
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
                .filter(e -> e.getValue().connectionId().equals(connectionId) && e.getValue().deleted()
                        && externalId.equals(e.getValue().externalId()))
                .map(e -> new Registration(e.getKey(), true))
                .findFirst();
    }

    @Override
    public void register(String connectionId, String userId, UserProfile profile) {
        // as the table's unique key: any holder, deleted or not, makes the name taken (the caller looked first)
        if (byUserId.values().stream().anyMatch(entry -> entry.connectionId().equals(connectionId)
                && key(profile.userName()).equals(entry.userNameKey()))) {
            throw new UserNameTakenException(profile.userName());
        }
        byUserId.put(userId, new Entry(connectionId, key(profile.userName()), profile.externalId(), false));
    }

    @Override
    public void update(String connectionId, String userId, UserProfile profile, boolean deleted) {
        if (!deleted) {
            claim(connectionId, userId, profile.userName());
        }
        byUserId.put(userId, new Entry(connectionId, key(profile.userName()), profile.externalId(), deleted));
    }

    @Override
    public void forget(String userId) {
        byUserId.remove(userId);
    }

    /** A deleted holder gives the name up; a live one keeps it. */
    private void claim(String connectionId, String userId, String userName) {
        byUserId.replaceAll((id, entry) -> !id.equals(userId) && entry.deleted() && entry.connectionId().equals(connectionId)
                && key(userName).equals(entry.userNameKey())
                ? new Entry(entry.connectionId(), null, entry.externalId(), true) : entry);
        boolean takenByLiveUser = byUserId.entrySet().stream()
                .anyMatch(e -> !e.getKey().equals(userId) && e.getValue().connectionId().equals(connectionId)
                        && key(userName).equals(e.getValue().userNameKey()));
        if (takenByLiveUser) {
            throw new UserNameTakenException(userName);
        }
    }

    private static String key(String userName) {
        return userName == null ? null : userName.toLowerCase(Locale.ROOT);
    }
}
