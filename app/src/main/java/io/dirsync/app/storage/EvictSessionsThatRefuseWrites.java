package io.dirsync.app.storage;

import com.zaxxer.hikari.SQLExceptionOverride;

import java.sql.SQLException;
import java.time.Clock;
import java.time.Duration;
import java.util.concurrent.atomic.AtomicLong;

/**
 * Tells Hikari to drop a pooled connection whose session refused a write (SQLState 25006, read-only transaction)
 * or ran out of a server resource (class 53), and the rest of the pool with it (softly, at most once per
 * {@link #POOL_EVICTION_INTERVAL}). A session opened while the database was read-only (a failover, or
 * {@code default_transaction_read_only}) stays read-only for its life; its siblings were opened under the same
 * regime. Without this, writes kept failing after the database allowed them again, once per pooled session, until
 * the pool's max lifetime (30 min). A new session sees the current settings.
 */
public class EvictSessionsThatRefuseWrites implements SQLExceptionOverride {
    static final Duration POOL_EVICTION_INTERVAL = Duration.ofSeconds(2);

    private final Runnable evictPool;
    private final Clock clock;
    private final AtomicLong lastPoolEviction = new AtomicLong(Long.MIN_VALUE / 2);

    public EvictSessionsThatRefuseWrites(Runnable evictPool, Clock clock) {
        this.evictPool = evictPool;
        this.clock = clock;
    }

    @java.lang.Override
    public Override adjudicate(SQLException failure) {
        String state = failure.getSQLState();
        if (state == null || !(state.equals("25006") || state.startsWith("53"))) {
            return Override.CONTINUE_EVICT;
        }
        long now = clock.millis();
        long last = lastPoolEviction.get();
        if (now - last >= POOL_EVICTION_INTERVAL.toMillis() && lastPoolEviction.compareAndSet(last, now)) {
            evictPool.run();
        }
        return Override.MUST_EVICT;
    }
}
