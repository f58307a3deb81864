package io.dirsync.app.axon;

import org.axonframework.common.stream.BlockingStream;
import org.axonframework.eventhandling.GenericEventMessage;
import org.axonframework.eventhandling.TrackedEventMessage;
import org.axonframework.eventsourcing.eventstore.EmbeddedEventStore;
import org.axonframework.eventsourcing.eventstore.inmemory.InMemoryEventStorageEngine;
import org.axonframework.messaging.unitofwork.DefaultUnitOfWork;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;

import java.time.Duration;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;

import static org.assertj.core.api.Assertions.assertThat;

class CommitSignallingEventSourceTest {
    private final EmbeddedEventStore store = EmbeddedEventStore.builder()
            .storageEngine(new InMemoryEventStorageEngine())
            .build();
    private CommitSignallingEventSource source;

    @AfterEach
    void close() {
        source.close();
        store.shutDown();
    }

    @Test
    void aStreamIsSignalledOnceWhenAUnitOfWorkThatPublishedEventsCommits() {
        source = new CommitSignallingEventSource(Duration.ofHours(1), Duration.ZERO).reading(store);
        AtomicInteger signals = new AtomicInteger();
        BlockingStream<TrackedEventMessage<?>> stream = source.openStream(null);
        assertThat(stream.setOnAvailableCallback(signals::incrementAndGet)).isTrue();

        DefaultUnitOfWork<?> unitOfWork = DefaultUnitOfWork.startAndGet(null);
        store.publish(GenericEventMessage.asEventMessage("first"), GenericEventMessage.asEventMessage("second"));
        store.publish(GenericEventMessage.asEventMessage("third"));
        assertThat(signals).as("nothing is committed yet").hasValue(0);
        unitOfWork.commit();

        assertThat(signals).hasValue(1);
        assertThat(stream.hasNextAvailable()).isTrue();
    }

    @Test
    void aRolledBackUnitOfWorkSignalsNothingAndAClosedStreamIsNotSignalledAgain() {
        source = new CommitSignallingEventSource(Duration.ofHours(1), Duration.ZERO).reading(store);
        AtomicInteger signals = new AtomicInteger();
        BlockingStream<TrackedEventMessage<?>> stream = source.openStream(null);
        stream.setOnAvailableCallback(signals::incrementAndGet);

        DefaultUnitOfWork<?> unitOfWork = DefaultUnitOfWork.startAndGet(null);
        store.publish(GenericEventMessage.asEventMessage("lost"));
        unitOfWork.rollback();
        assertThat(signals).hasValue(0);

        stream.close();
        DefaultUnitOfWork.startAndGet(null).execute(() -> store.publish(GenericEventMessage.asEventMessage("later")));
        assertThat(signals).hasValue(0);
    }

    @Test
    void commitsCloseTogetherAreSignalledOnceAfterTheDelay() throws InterruptedException {
        source = new CommitSignallingEventSource(Duration.ofHours(1), Duration.ofSeconds(1)).reading(store);
        AtomicInteger signals = new AtomicInteger();
        CountDownLatch signalled = new CountDownLatch(1);
        source.openStream(null).setOnAvailableCallback(() -> {
            signals.incrementAndGet();
            signalled.countDown();
        });

        for (int i = 0; i < 5; i++) {
            DefaultUnitOfWork.startAndGet(null)
                    .execute(() -> store.publish(GenericEventMessage.asEventMessage("event")));
        }
        assertThat(signals).as("gathered, not yet fired").hasValue(0);

        assertThat(signalled.await(5, TimeUnit.SECONDS)).isTrue();
        Thread.sleep(300);
        assertThat(signals).hasValue(1);
    }

    @Test
    void theTickSignalsForEventsThisNodeDidNotCommit() throws InterruptedException {
        source = new CommitSignallingEventSource(Duration.ofMillis(20), Duration.ZERO).reading(store);
        CountDownLatch signals = new CountDownLatch(3);
        source.openStream(null).setOnAvailableCallback(signals::countDown);

        assertThat(signals.await(5, TimeUnit.SECONDS)).isTrue();
    }
}
