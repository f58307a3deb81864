package io.dirsync.command.user;

import io.dirsync.command.erasure.UserDataKeys;

import java.util.HashMap;
import java.util.Map;
import java.util.Optional;

/** {@link UserDataKeys} in memory: enough to see which keys exist after a command. */
final class InMemoryUserDataKeys implements UserDataKeys {
    private final Map<String, byte[]> keys = new HashMap<>();

    InMemoryUserDataKeys with(String userId) {
        keys.put(userId, new byte[32]);
        return this;
    }

    @Override
    public byte[] obtain(String userId) {
        return keys.computeIfAbsent(userId, id -> new byte[32]);
    }

    @Override
    public Optional<byte[]> find(String userId) {
        return Optional.ofNullable(keys.get(userId));
    }

    @Override
    public void destroy(String userId) {
        keys.remove(userId);
    }
}
