package io.dirsync.app.erasure;

import io.dirsync.command.erasure.UserDataKeys;

import java.security.SecureRandom;
import java.util.HashMap;
import java.util.Map;
import java.util.Optional;

/** Random keys in a map: the key table without a database. */
final class MapUserDataKeys implements UserDataKeys {
    private final Map<String, byte[]> keys = new HashMap<>();
    private final SecureRandom random = new SecureRandom();

    @Override
    public byte[] obtain(String userId) {
        return keys.computeIfAbsent(userId, id -> {
            byte[] key = new byte[32];
            random.nextBytes(key);
            return key;
        });
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
