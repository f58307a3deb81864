package io.dirsync.command.erasure;

import org.springframework.beans.factory.annotation.Value;
import org.springframework.jdbc.core.JdbcTemplate;
import org.springframework.jdbc.core.RowCallbackHandler;
import org.springframework.stereotype.Component;

import java.nio.charset.StandardCharsets;
import java.security.SecureRandom;
import java.sql.Timestamp;
import java.time.Duration;
import java.time.Instant;
import java.util.Base64;
import java.util.Collection;
import java.util.Optional;

/**
 * {@link UserDataKeys} in the {@code user_data_key} table, with committed keys held briefly in memory
 * ({@link CommittedKeyCache} says what that means after an erasure on another node).
 *
 * <p>When {@code dirsync.erasure.master-key} (base64 of 32 random bytes) is set, each data key is stored wrapped
 * (AES-GCM, bound to its user id), so a copy of the database alone, a dump or a replica, reads no personal data.
 * Without it keys are stored as they are, and the database protects them like the rest of its content; erasure
 * works the same either way, since it deletes the row. Rows remember whether they are wrapped, so a master key can
 * be introduced later for new users (existing keys stay readable; rewrapping them is a one-off job not built yet).
 * Neither choice reaches into backups taken before an erasure: they hold the key as it was.
 */
@Component
class JdbcUserDataKeys implements UserDataKeys {
    private static final int KEY_BYTES = 32;
    private final JdbcTemplate jdbc;
    private final SecureRandom random = new SecureRandom();
    private final byte[] masterKey;
    private final CommittedKeyCache cache;

    JdbcUserDataKeys(
            JdbcTemplate jdbc,
            @Value("${dirsync.erasure.master-key:}") String masterKey,
            @Value("${dirsync.erasure.key-cache-ttl:10s}") Duration keyCacheTimeToLive,
            @Value("${dirsync.erasure.key-cache-size:100000}") long keyCacheSize) {
        this.jdbc = jdbc;
        this.cache = new CommittedKeyCache(keyCacheTimeToLive, keyCacheSize);
        this.masterKey = masterKey == null || masterKey.isBlank() ? null : decodeMasterKey(masterKey.trim());
    }

    @Override
    public byte[] obtain(String userId) {
        return find(userId).orElseGet(() -> create(userId));
    }

    @Override
    public Optional<byte[]> find(String userId) {
        Optional<byte[]> cached = cache.get(userId);
        if (cached.isPresent()) {
            return cached;
        }
        Optional<byte[]> stored = jdbc
                .query(
                        "SELECT key_bytes, wrapped FROM user_data_key WHERE user_id = ?",
                        (rs, i) -> rs.getBoolean(2) ? unwrap(userId, rs.getBytes(1)) : rs.getBytes(1),
                        userId)
                .stream()
                .findFirst();
        stored.ifPresent(key -> cache.put(userId, key));
        return stored;
    }

    /** One query for the keys not cached yet; they are cached as {@link #find} caches them (see {@link CommittedKeyCache}). */
    @Override
    public void prefetch(Collection<String> userIds) {
        if (!cache.enabled()) {
            return;
        }
        String[] missing = userIds.stream()
                .distinct()
                .filter(userId -> cache.get(userId).isEmpty())
                .toArray(String[]::new);
        if (missing.length == 0) {
            return;
        }
        jdbc.query(
                "SELECT user_id, key_bytes, wrapped FROM user_data_key WHERE user_id = ANY(?)",
                (RowCallbackHandler) rs -> {
                    String userId = rs.getString(1);
                    cache.put(userId, rs.getBoolean(3) ? unwrap(userId, rs.getBytes(2)) : rs.getBytes(2));
                },
                (Object) missing);
    }

    @Override
    public void destroy(String userId) {
        cache.evict(userId);
        jdbc.update("DELETE FROM user_data_key WHERE user_id = ?", userId);
    }

    @Override
    public byte[] createForNewUser(String userId) {
        return create(userId);
    }

    private byte[] create(String userId) {
        byte[] key = new byte[KEY_BYTES];
        random.nextBytes(key);
        byte[] stored = masterKey == null ? key : wrap(userId, key);
        jdbc.update(
                "INSERT INTO user_data_key (user_id, key_bytes, wrapped, created_at) VALUES (?, ?, ?, ?)",
                userId,
                stored,
                masterKey != null,
                Timestamp.from(Instant.now()));
        cache.put(userId, key);
        return key;
    }

    private byte[] wrap(String userId, byte[] key) {
        byte[] nonce = new byte[AesGcm.NONCE_BYTES];
        random.nextBytes(nonce);
        return AesGcm.seal(masterKey, nonce, key, userId.getBytes(StandardCharsets.UTF_8));
    }

    private byte[] unwrap(String userId, byte[] wrapped) {
        if (masterKey == null) {
            throw new IllegalStateException(
                    "The data key of user " + userId + " is wrapped, but dirsync.erasure.master-key is not set");
        }
        return AesGcm.open(masterKey, wrapped, userId.getBytes(StandardCharsets.UTF_8));
    }

    private static byte[] decodeMasterKey(String base64) {
        byte[] key;
        try {
            key = Base64.getDecoder().decode(base64);
        } catch (IllegalArgumentException e) {
            throw new IllegalStateException("dirsync.erasure.master-key must be base64", e);
        }
        if (key.length != KEY_BYTES) {
            throw new IllegalStateException("dirsync.erasure.master-key must decode to 32 bytes, not " + key.length);
        }
        return key;
    }
}
