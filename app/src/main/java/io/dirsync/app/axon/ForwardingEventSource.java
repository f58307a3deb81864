package io.dirsync.app.axon;

import org.axonframework.common.stream.BlockingStream;
import org.axonframework.eventhandling.TrackedEventMessage;
import org.axonframework.eventhandling.TrackingToken;
import org.axonframework.messaging.StreamableMessageSource;

import java.time.Duration;
import java.time.Instant;
import java.util.Optional;
import java.util.concurrent.TimeUnit;
import java.util.stream.Stream;

/**
 * The event store as the processors read it, changed only in how its streams read: the tokens come from the store, a
 * stream forwards what its subclass leaves alone.
 */
abstract class ForwardingEventSource implements StreamableMessageSource<TrackedEventMessage<?>> {

    /** The source read. */
    abstract StreamableMessageSource<TrackedEventMessage<?>> source();

    @Override
    public TrackingToken createTailToken() {
        return source().createTailToken();
    }

    @Override
    public TrackingToken createHeadToken() {
        return source().createHeadToken();
    }

    @Override
    public TrackingToken createTokenAt(Instant dateTime) {
        return source().createTokenAt(dateTime);
    }

    @Override
    public TrackingToken createTokenSince(Duration duration) {
        return source().createTokenSince(duration);
    }

    abstract static class ForwardingStream implements BlockingStream<TrackedEventMessage<?>> {
        final BlockingStream<TrackedEventMessage<?>> delegate;

        ForwardingStream(BlockingStream<TrackedEventMessage<?>> delegate) {
            this.delegate = delegate;
        }

        @Override
        public Optional<TrackedEventMessage<?>> peek() {
            return delegate.peek();
        }

        @Override
        public boolean hasNextAvailable(int timeout, TimeUnit unit) throws InterruptedException {
            return delegate.hasNextAvailable(timeout, unit);
        }

        @Override
        public TrackedEventMessage<?> nextAvailable() throws InterruptedException {
            return delegate.nextAvailable();
        }

        @Override
        public boolean setOnAvailableCallback(Runnable callback) {
            return delegate.setOnAvailableCallback(callback);
        }

        @Override
        public void skipMessagesWithPayloadTypeOf(TrackedEventMessage<?> ignoredMessage) {
            delegate.skipMessagesWithPayloadTypeOf(ignoredMessage);
        }

        @Override
        public Stream<TrackedEventMessage<?>> asStream() {
            return delegate.asStream();
        }

        @Override
        public void close() {
            delegate.close();
        }
    }
}
