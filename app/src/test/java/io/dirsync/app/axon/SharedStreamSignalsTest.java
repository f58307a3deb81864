package io.dirsync.app.axon;

import org.axonframework.common.stream.BlockingStream;
import org.axonframework.eventhandling.GenericEventMessage;
import org.axonframework.eventhandling.TrackedEventMessage;
import org.axonframework.eventhandling.TrackingToken;
import org.axonframework.eventsourcing.eventstore.EmbeddedEventStore;
import org.axonframework.eventsourcing.eventstore.EventStorageEngine;
import org.axonframework.eventsourcing.eventstore.inmemory.InMemoryEventStorageEngine;
import org.axonframework.messaging.unitofwork.DefaultUnitOfWork;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;

import java.sql.Connection;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.BlockingQueue;
import java.util.concurrent.LinkedBlockingQueue;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.stream.Stream;

import static org.assertj.core.api.Assertions.assertThat;

class SharedStreamSignalsTest {
    private final AtomicBoolean horizonWaiting = new AtomicBoolean();
    private final SharedStreamSignals signals = new SharedStreamSignals(Duration.ofMillis(1), new CommitHorizon() {
        @Override
        public void beforeAppend(Connection connection) {}

        @Override
        public long horizon(Connection connection) {
            return Long.MAX_VALUE;
        }

        @Override
        public boolean waiting() {
            return horizonWaiting.get();
        }
    });
    private final List<EmbeddedEventStore> stores = new ArrayList<>();

    @AfterEach
    void shutDown() {
        stores.forEach(EmbeddedEventStore::shutDown);
    }

    private EmbeddedEventStore sharedStore(EventStorageEngine engine) {
        EmbeddedEventStore store = EmbeddedEventStore.builder()
                .storageEngine(signals.signalling(engine))
                .fetchDelay(60_000)
                .optimizeEventConsumption(true)
                .build();
        signals.wakeReaderWith(() -> store.publish(List.of()));
        stores.add(store);
        return store;
    }

    @Test
    void eachProcessorIsWokenWithItsEventsAlreadyInTheSharedCache() throws Exception {
        EmbeddedEventStore store = sharedStore(new InMemoryEventStorageEngine());
        List<BlockingStream<TrackedEventMessage<?>>> streams = new ArrayList<>();
        List<BlockingQueue<String>> seen = new ArrayList<>();
        for (int i = 0; i < 3; i++) {
            BlockingStream<TrackedEventMessage<?>> stream =
                    signals.source(store).openStream(null);
            BlockingQueue<String> payloads = new LinkedBlockingQueue<>();
            // what the coordinator does when woken: take what is there, without waiting
            assertThat(stream.setOnAvailableCallback(() -> drain(stream, payloads)))
                    .isTrue();
            assertThat(stream.hasNextAvailable()).as("an empty store").isFalse();
            streams.add(stream);
            seen.add(payloads);
        }

        DefaultUnitOfWork.startAndGet(null)
                .execute(() -> store.publish(
                        GenericEventMessage.asEventMessage("first"), GenericEventMessage.asEventMessage("second")));

        for (BlockingQueue<String> payloads : seen) {
            assertThat(payloads.poll(10, TimeUnit.SECONDS)).isEqualTo("first");
            assertThat(payloads.poll(10, TimeUnit.SECONDS)).isEqualTo("second");
        }
        streams.forEach(BlockingStream::close);
    }

    @Test
    void aProcessorThatStartsBehindReadsOnItsOwnThenFollowsTheSharedReader() throws Exception {
        EmbeddedEventStore store = sharedStore(new InMemoryEventStorageEngine());
        BlockingStream<TrackedEventMessage<?>> leader = signals.source(store).openStream(null);
        leader.setOnAvailableCallback(() -> {});
        assertThat(leader.hasNextAvailable()).isFalse();
        DefaultUnitOfWork.startAndGet(null)
                .execute(() -> store.publish(
                        GenericEventMessage.asEventMessage("one"), GenericEventMessage.asEventMessage("two")));
        assertThat(leader.hasNextAvailable(10, TimeUnit.SECONDS)).isTrue();

        BlockingStream<TrackedEventMessage<?>> late = signals.source(store).openStream(null);
        BlockingQueue<String> seen = new LinkedBlockingQueue<>();
        late.setOnAvailableCallback(() -> drain(late, seen));
        drain(late, seen);
        assertThat(seen).containsExactly("one", "two");
        DefaultUnitOfWork.startAndGet(null).execute(() -> store.publish(GenericEventMessage.asEventMessage("three")));
        assertThat(seen.poll(10, TimeUnit.SECONDS)).isEqualTo("one");
        assertThat(seen.poll(10, TimeUnit.SECONDS)).isEqualTo("two");
        assertThat(seen.poll(10, TimeUnit.SECONDS))
                .as("woken by the shared reader")
                .isEqualTo("three");
        leader.close();
        late.close();
    }

    @Test
    void aFailingReadEndsQuietlyAndTheNextReadGoesOn() throws Exception {
        FailingOnce failingOnce = new FailingOnce();
        EmbeddedEventStore store = sharedStore(failingOnce);
        BlockingStream<TrackedEventMessage<?>> stream = signals.source(store).openStream(null);
        stream.setOnAvailableCallback(() -> {});
        assertThat(stream.hasNextAvailable()).isFalse();

        DefaultUnitOfWork.startAndGet(null).execute(() -> store.publish(GenericEventMessage.asEventMessage("first")));
        DefaultUnitOfWork.startAndGet(null).execute(() -> store.publish(GenericEventMessage.asEventMessage("next")));

        assertThat(stream.hasNextAvailable(10, TimeUnit.SECONDS)).isTrue();
        assertThat(stream.nextAvailable().getPayload()).isEqualTo("first");
        assertThat(failingOnce.failed).isTrue();
        stream.close();
    }

    @Test
    void theReaderReadsAgainWhileTheHorizonWaitsForOpenTransactionsAndThenRestsUntilWoken() throws Exception {
        CountingReads engine = new CountingReads();
        EmbeddedEventStore store = sharedStore(engine);
        BlockingStream<TrackedEventMessage<?>> stream = signals.source(store).openStream(null);
        stream.setOnAvailableCallback(() -> {});
        horizonWaiting.set(true);
        assertThat(stream.hasNextAvailable()).isFalse();
        Thread.sleep(500);
        assertThat(engine.reads.get()).as("reads while the horizon waits").isGreaterThan(10);

        horizonWaiting.set(false);
        Thread.sleep(100);
        int rested = engine.reads.get();
        Thread.sleep(500);
        assertThat(engine.reads.get()).as("reads once it no longer waits").isEqualTo(rested);
        stream.close();
    }

    /** Counts the shared reader's reads. */
    private static final class CountingReads extends InMemoryEventStorageEngine {
        private final AtomicInteger reads = new AtomicInteger();

        @Override
        public Stream<? extends TrackedEventMessage<?>> readEvents(TrackingToken trackingToken, boolean mayBlock) {
            if (mayBlock) {
                reads.incrementAndGet();
            }
            return super.readEvents(trackingToken, mayBlock);
        }
    }

    private static void drain(BlockingStream<TrackedEventMessage<?>> stream, BlockingQueue<String> payloads) {
        try {
            while (stream.hasNextAvailable()) {
                payloads.add((String) stream.nextAvailable().getPayload());
            }
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
    }

    /** The shared reader's first read fails, as when the database is away. */
    private static final class FailingOnce extends InMemoryEventStorageEngine {
        private volatile boolean failed;

        @Override
        public Stream<? extends TrackedEventMessage<?>> readEvents(TrackingToken trackingToken, boolean mayBlock) {
            if (mayBlock && !failed) {
                failed = true;
                return Stream.<TrackedEventMessage<?>>generate(() -> {
                            throw new IllegalStateException("the database is away");
                        })
                        .limit(1);
            }
            return super.readEvents(trackingToken, mayBlock);
        }
    }
}
