package io.dirsync.app.storage;

import com.zaxxer.hikari.SQLExceptionOverride;
import org.junit.jupiter.api.Test;

import java.sql.SQLException;
import java.time.Clock;
import java.time.Instant;
import java.time.ZoneOffset;
import java.util.concurrent.atomic.AtomicInteger;

import static org.assertj.core.api.Assertions.assertThat;

class EvictSessionsThatRefuseWritesTest {

    @Test
    void theConnectionPoolReplacesSessionsThatRefusedAWriteButNotThoseThatHitAConstraint() {
        AtomicInteger poolEvictions = new AtomicInteger();
        EvictSessionsThatRefuseWrites override = new EvictSessionsThatRefuseWrites(
                poolEvictions::incrementAndGet, Clock.fixed(Instant.parse("2026-12-06T10:00:00Z"), ZoneOffset.UTC));

        assertThat(override.adjudicate(new SQLException("read-only", "25006")))
                .isEqualTo(SQLExceptionOverride.Override.MUST_EVICT);
        assertThat(override.adjudicate(new SQLException("disk full", "53100")))
                .isEqualTo(SQLExceptionOverride.Override.MUST_EVICT);
        assertThat(override.adjudicate(new SQLException("duplicate key", "23505")))
                .isEqualTo(SQLExceptionOverride.Override.CONTINUE_EVICT);
        assertThat(poolEvictions)
                .as("the whole pool renewed once, not once per refused write")
                .hasValue(1);
    }
}
