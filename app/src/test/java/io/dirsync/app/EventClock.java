package io.dirsync.app;

import org.axonframework.eventhandling.GenericEventMessage;

import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.time.ZoneId;
import java.time.ZoneOffset;

/**
 * The clock Axon stamps new events with, moved by the test: the real time plus an offset the test advances, so a
 * history spans days within seconds. Never behind the real time, so the event store's gap detection, which gives up
 * on gaps older than its timeout by event time, behaves as in production.
 */
final class EventClock extends Clock implements AutoCloseable {
    private final Clock previous = GenericEventMessage.clock;
    private volatile Duration offset = Duration.ZERO;

    EventClock() {
        GenericEventMessage.clock = this;
    }

    void advance(Duration duration) {
        offset = offset.plus(duration);
    }

    @Override
    public Instant instant() {
        return Instant.now().plus(offset);
    }

    @Override
    public ZoneId getZone() {
        return ZoneOffset.UTC;
    }

    @Override
    public Clock withZone(ZoneId zone) {
        return this;
    }

    @Override
    public void close() {
        GenericEventMessage.clock = previous;
    }
}
