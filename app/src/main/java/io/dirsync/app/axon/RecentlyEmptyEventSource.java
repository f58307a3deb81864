package io.dirsync.app.axon;

import org.axonframework.common.stream.BlockingStream;
import org.axonframework.eventhandling.TrackedEventMessage;
import org.axonframework.eventhandling.TrackingToken;
import org.axonframework.messaging.StreamableMessageSource;

import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.Optional;
import java.util.concurrent.TimeUnit;

/**
 * The event source as the pooled processors read it, where a stream that has just found nothing new answers "nothing
 * yet" for a moment without asking the store again. Why: a coordinator asks three times a pass, and each question is
 * a query pair on the event table, even on an idle node. An event committed meanwhile is not missed: the stream's
 * position does not move, and the next pass reads it. Measurements: docs/benchmarks/design-notes.md.
 */
public final class RecentlyEmptyEventSource extends ForwardingEventSource {
    private final StreamableMessageSource<TrackedEventMessage<?>> source;
    private final Duration quiet;
    private final Clock clock;

    RecentlyEmptyEventSource(StreamableMessageSource<TrackedEventMessage<?>> source, Duration quiet, Clock clock) {
        this.source = source;
        this.quiet = quiet;
        this.clock = clock;
    }

    @Override
    public BlockingStream<TrackedEventMessage<?>> openStream(TrackingToken trackingToken) {
        return new QuietStream(source.openStream(trackingToken));
    }

    @Override
    StreamableMessageSource<TrackedEventMessage<?>> source() {
        return source;
    }

    private final class QuietStream extends ForwardingStream {
        /** When the store last had nothing new for this stream; null once it had, or once a commit signal came. */
        private volatile Instant emptyAt;

        private QuietStream(BlockingStream<TrackedEventMessage<?>> delegate) {
            super(delegate);
        }

        /** A wait for events (a timeout) always asks; only the instant questions of a coordinator's pass are answered here. */
        @Override
        public boolean hasNextAvailable(int timeout, TimeUnit unit) throws InterruptedException {
            if (timeout <= 0 && recentlyEmpty()) {
                return false;
            }
            return remember(delegate.hasNextAvailable(timeout, unit));
        }

        @Override
        public Optional<TrackedEventMessage<?>> peek() {
            if (recentlyEmpty()) {
                return Optional.empty();
            }
            Optional<TrackedEventMessage<?>> next = delegate.peek();
            remember(next.isPresent());
            return next;
        }

        @Override
        public TrackedEventMessage<?> nextAvailable() throws InterruptedException {
            emptyAt = null;
            return delegate.nextAvailable();
        }

        private boolean recentlyEmpty() {
            return emptyAt != null && clock.instant().isBefore(emptyAt.plus(quiet));
        }

        private boolean remember(boolean available) {
            emptyAt = available ? null : clock.instant();
            return available;
        }

        @Override
        public boolean setOnAvailableCallback(Runnable callback) {
            return delegate.setOnAvailableCallback(() -> {
                emptyAt = null;
                callback.run();
            });
        }
    }
}
