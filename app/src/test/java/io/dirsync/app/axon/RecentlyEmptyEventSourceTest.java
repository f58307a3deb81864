package io.dirsync.app.axon;

import io.dirsync.app.MovableClock;
import org.axonframework.common.stream.BlockingStream;
import org.axonframework.eventhandling.GenericEventMessage;
import org.axonframework.eventhandling.GenericTrackedEventMessage;
import org.axonframework.eventhandling.GlobalSequenceTrackingToken;
import org.axonframework.eventhandling.TrackedEventMessage;
import org.axonframework.eventhandling.TrackingToken;
import org.axonframework.messaging.StreamableMessageSource;
import org.junit.jupiter.api.Test;

import java.time.Duration;
import java.time.Instant;
import java.util.ArrayDeque;
import java.util.Deque;
import java.util.Optional;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;

import static org.assertj.core.api.Assertions.assertThat;

/** A coordinator's pass asks its stream three times whether anything is new; an idle stream asks the store once. */
class RecentlyEmptyEventSourceTest {
    private final MovableClock clock = new MovableClock(Instant.parse("2026-11-29T07:00:00Z"));
    private final FakeStore store = new FakeStore();
    private final BlockingStream<TrackedEventMessage<?>> stream =
            new RecentlyEmptyEventSource(store, Duration.ofMillis(50), clock).openStream(null);

    @Test
    void aPassThatFindsNothingAsksTheStoreOnce() throws InterruptedException {
        assertThat(stream.hasNextAvailable()).isFalse();
        assertThat(stream.hasNextAvailable()).isFalse();
        assertThat(stream.peek()).isEmpty();
        assertThat(stream.hasNextAvailable()).isFalse();

        assertThat(store.questions.get()).isEqualTo(1);
    }

    @Test
    void anEventCommittedMeanwhileIsReadByTheNextPass() throws InterruptedException {
        assertThat(stream.hasNextAvailable()).isFalse();
        TrackedEventMessage<?> event = store.append();
        assertThat(stream.hasNextAvailable()).as("within the quiet moment").isFalse();

        clock.advance(Duration.ofMillis(50));

        assertThat(stream.hasNextAvailable()).isTrue();
        assertThat(stream.peek()).containsSame(event);
        assertThat(stream.nextAvailable()).isSameAs(event);
        assertThat(store.questions.get()).isEqualTo(3);
    }

    @Test
    void whileEventsComeEveryQuestionGoesToTheStore() throws InterruptedException {
        store.append();
        store.append();

        assertThat(stream.hasNextAvailable()).isTrue();
        stream.nextAvailable();
        assertThat(stream.hasNextAvailable()).isTrue();
        stream.nextAvailable();
        assertThat(stream.hasNextAvailable()).isFalse();

        assertThat(store.questions.get()).isEqualTo(3);
    }

    @Test
    void aWaitForEventsAlwaysAsks() throws InterruptedException {
        assertThat(stream.hasNextAvailable()).isFalse();
        store.append();

        assertThat(stream.hasNextAvailable(10, TimeUnit.MILLISECONDS)).isTrue();
    }

    @Test
    void aCommitSignalEndsTheQuietMoment() throws InterruptedException {
        AtomicInteger woken = new AtomicInteger();
        assertThat(stream.setOnAvailableCallback(woken::incrementAndGet)).isTrue();
        assertThat(stream.hasNextAvailable()).isFalse();
        store.append();

        store.signal();

        assertThat(woken.get()).isEqualTo(1);
        assertThat(stream.hasNextAvailable()).isTrue();
    }

    private static final class FakeStore implements StreamableMessageSource<TrackedEventMessage<?>> {
        private final Deque<TrackedEventMessage<?>> events = new ArrayDeque<>();
        private final AtomicInteger questions = new AtomicInteger();
        private Runnable callback = () -> {};
        private long position;

        TrackedEventMessage<?> append() {
            TrackedEventMessage<?> event = new GenericTrackedEventMessage<>(
                    new GlobalSequenceTrackingToken(position++),
                    GenericEventMessage.asEventMessage("event " + position));
            events.add(event);
            return event;
        }

        void signal() {
            callback.run();
        }

        @Override
        public BlockingStream<TrackedEventMessage<?>> openStream(TrackingToken trackingToken) {
            return new BlockingStream<>() {
                @Override
                public Optional<TrackedEventMessage<?>> peek() {
                    questions.incrementAndGet();
                    return Optional.ofNullable(events.peek());
                }

                @Override
                public boolean hasNextAvailable(int timeout, TimeUnit unit) {
                    questions.incrementAndGet();
                    return !events.isEmpty();
                }

                @Override
                public TrackedEventMessage<?> nextAvailable() {
                    return events.remove();
                }

                @Override
                public boolean setOnAvailableCallback(Runnable onAvailable) {
                    callback = onAvailable;
                    return true;
                }

                @Override
                public void close() {}
            };
        }
    }
}
