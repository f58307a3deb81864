package io.dirsync.app;

import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.time.ZoneId;
import java.time.ZoneOffset;

/**
 * Real time plus what a test has skipped: it never runs behind the event timestamps Axon takes from the system clock,
 * so instants from both stay in order, while a test can still jump past an expiry.
 */
public final class AdvancingClock extends Clock {
    private volatile Duration skipped = Duration.ZERO;

    public void advance(Duration duration) {
        skipped = skipped.plus(duration);
    }

    @Override
    public Instant instant() {
        return Instant.now().plus(skipped);
    }

    @Override
    public ZoneId getZone() {
        return ZoneOffset.UTC;
    }

    @Override
    public Clock withZone(ZoneId zone) {
        return this;
    }
}
