package io.dirsync.command.erasure;

import com.github.benmanes.caffeine.cache.Cache;
import com.github.benmanes.caffeine.cache.Caffeine;
import org.springframework.transaction.support.TransactionSynchronization;
import org.springframework.transaction.support.TransactionSynchronizationManager;

import java.time.Duration;
import java.util.HashMap;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;

/**
 * Data keys that are committed in {@code user_data_key}, kept in memory for a short time. Every projection opens every
 * user event with the user's key, so without it one SCIM create read the same row eight times, and a replay or a
 * catch-up read one row per event per processor.
 *
 * <p>Only committed keys enter the cache: a key read or created inside a transaction is held for that transaction
 * alone and published when it commits. A key cached before a rollback would otherwise seal events under a key the
 * database never kept. Destroying a key evicts it at once, and that user's key is never cached again on this node.
 * Another node may keep the key up to the time to live after an erasure here. During that time it could still open the
 * user's history, and its projections could write rows from events older than the erasure; they delete those rows
 * again when they reach the {@code UserErasedEvent}. A time to live of zero turns the cache off.
 */
final class CommittedKeyCache {
    private final Cache<String, byte[]> committed;
    private final Set<String> destroyed = ConcurrentHashMap.newKeySet();
    private final boolean enabled;

    CommittedKeyCache(Duration timeToLive, long maximumSize) {
        this.enabled = !timeToLive.isZero() && !timeToLive.isNegative();
        this.committed = Caffeine.newBuilder()
                .expireAfterWrite(enabled ? timeToLive : Duration.ofNanos(1))
                .maximumSize(enabled ? maximumSize : 0)
                .build();
    }

    boolean enabled() {
        return enabled;
    }

    Optional<byte[]> get(String userId) {
        if (!enabled) {
            return Optional.empty();
        }
        Map<String, byte[]> pending = transactionKeys(false);
        byte[] key = pending == null ? null : pending.get(userId);
        return Optional.ofNullable(key != null ? key : committed.getIfPresent(userId));
    }

    /** A key this transaction read or wrote: cached for everyone once the transaction commits. */
    void put(String userId, byte[] key) {
        if (!enabled || destroyed.contains(userId)) {
            return;
        }
        Map<String, byte[]> pending = transactionKeys(true);
        if (pending != null) {
            pending.put(userId, key);
        } else {
            committed.put(userId, key);
        }
    }

    void evict(String userId) {
        destroyed.add(userId);
        committed.invalidate(userId);
        Map<String, byte[]> pending = transactionKeys(false);
        if (pending != null) {
            pending.remove(userId);
        }
    }

    @SuppressWarnings("unchecked")
    private Map<String, byte[]> transactionKeys(boolean create) {
        if (!TransactionSynchronizationManager.isSynchronizationActive()) {
            return null;
        }
        Map<String, byte[]> pending = (Map<String, byte[]>) TransactionSynchronizationManager.getResource(this);
        if (pending == null && create) {
            Map<String, byte[]> keys = new HashMap<>();
            TransactionSynchronizationManager.bindResource(this, keys);
            TransactionSynchronizationManager.registerSynchronization(new TransactionSynchronization() {
                @Override
                public void afterCommit() {
                    keys.forEach((userId, key) -> {
                        if (!destroyed.contains(userId)) {
                            committed.put(userId, key);
                        }
                    });
                }

                @Override
                public void afterCompletion(int status) {
                    TransactionSynchronizationManager.unbindResourceIfPossible(CommittedKeyCache.this);
                }
            });
            pending = keys;
        }
        return pending;
    }
}
