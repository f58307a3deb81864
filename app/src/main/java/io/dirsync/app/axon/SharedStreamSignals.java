package io.dirsync.app.axon;

import org.axonframework.common.stream.BlockingStream;
import org.axonframework.eventhandling.TrackedEventMessage;
import org.axonframework.eventhandling.TrackingToken;
import org.axonframework.eventsourcing.eventstore.EventStorageEngine;
import org.axonframework.messaging.StreamableMessageSource;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

import java.time.Duration;
import java.util.Optional;
import java.util.Set;
import java.util.Spliterator;
import java.util.Spliterators;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.locks.LockSupport;
import java.util.function.Consumer;
import java.util.stream.Stream;
import java.util.stream.StreamSupport;

/**
 * What lets the streaming processors follow Axon's shared stream without polling it. With the shared stream, one
 * reader per node (the embedded store's producer) reads the store and appends what it read to a cache that every
 * processor's stream follows, so each event is read and deserialised once. The producer is woken by local commits;
 * the processors, whose streams offer no availability callback of their own, are woken here: after each read that
 * brought events to the cache, every processor's callback runs, and its coordinator takes them from memory.
 * <p>
 * Reads of the shared reader are at least {@code readInterval} apart, so that a stream of commits costs a bounded
 * number of reads rather than one per commit. A read that stopped at the {@link CommitHorizon} while the horizon
 * waits for open transactions is followed by another, rather than by the reader's poll.
 */
final class SharedStreamSignals {
    /** Catching up, the processors are woken every this many events rather than only at the end of the read. */
    private static final int SIGNAL_EVERY = 100;

    private static final Logger log = LoggerFactory.getLogger(SharedStreamSignals.class);
    private static final long LOG_FAILURES_EVERY_NANOS = Duration.ofSeconds(30).toNanos();

    private final Set<Runnable> callbacks = ConcurrentHashMap.newKeySet();
    private final long readIntervalNanos;
    private final CommitHorizon horizon;
    private volatile Runnable wakeReader = () -> {};
    private long lastReadAt = System.nanoTime();
    private long lastFailureLoggedAt = System.nanoTime() - LOG_FAILURES_EVERY_NANOS - 1;

    SharedStreamSignals(Duration readInterval, CommitHorizon horizon) {
        this.readIntervalNanos = readInterval.toNanos();
        this.horizon = horizon;
    }

    /** How to wake the shared reader: it reads again at once (after the read interval) when woken during a read. */
    void wakeReaderWith(Runnable wake) {
        this.wakeReader = wake;
    }

    /** The engine as the event store should see it: the shared reader's reads (the only ones that may block) signal. */
    EventStorageEngine signalling(EventStorageEngine engine) {
        return new SignallingEngine(engine);
    }

    /** The store as the processors read it: streams that accept an availability callback. */
    StreamableMessageSource<TrackedEventMessage<?>> source(StreamableMessageSource<TrackedEventMessage<?>> store) {
        return new SignalledSource(store);
    }

    private void signal() {
        callbacks.forEach(Runnable::run);
    }

    private void awaitReadInterval() {
        long wait = lastReadAt + readIntervalNanos - System.nanoTime();
        if (wait > 0) {
            LockSupport.parkNanos(wait);
        }
        lastReadAt = System.nanoTime();
    }

    /**
     * A read that fails (the database is away) ends as if the store had nothing new, and the reader tries again at
     * its next poll: Axon's reader would log every attempt as an error, several a second during an outage.
     */
    private void failed(RuntimeException e) {
        long now = System.nanoTime();
        if (now - lastFailureLoggedAt > LOG_FAILURES_EVERY_NANOS) {
            lastFailureLoggedAt = now;
            log.warn("The shared reader could not read the event store, retrying at each poll: {}", e.toString());
        } else {
            log.debug("The shared reader could not read the event store", e);
        }
    }

    private Stream<? extends TrackedEventMessage<?>> sharedRead(Stream<? extends TrackedEventMessage<?>> read) {
        Spliterator<? extends TrackedEventMessage<?>> events = read.spliterator();
        return StreamSupport.stream(
                        new Spliterators.AbstractSpliterator<TrackedEventMessage<?>>(
                                Long.MAX_VALUE, Spliterator.ORDERED | Spliterator.NONNULL) {
                            private int unsignalled;

                            // the producer appends each event to the cache inside the action, so a signal after it
                            // finds the event there
                            @Override
                            public boolean tryAdvance(Consumer<? super TrackedEventMessage<?>> action) {
                                boolean advanced;
                                try {
                                    advanced = events.tryAdvance(action);
                                } catch (RuntimeException e) {
                                    failed(e);
                                    advanced = false;
                                }
                                if (advanced ? ++unsignalled >= SIGNAL_EVERY : unsignalled > 0) {
                                    unsignalled = 0;
                                    signal();
                                }
                                if (!advanced && horizon.waiting()) {
                                    // committed events wait below the horizon for a transaction that was open when
                                    // it was sampled: no commit may come to wake the reader for them
                                    wakeReader.run();
                                }
                                return advanced;
                            }
                        },
                        false)
                .onClose(read::close);
    }

    private final class SignallingEngine extends ForwardingStorageEngine {
        private SignallingEngine(EventStorageEngine delegate) {
            super(delegate);
        }

        @Override
        public Stream<? extends TrackedEventMessage<?>> readEvents(TrackingToken trackingToken, boolean mayBlock) {
            if (!mayBlock) {
                return delegate.readEvents(trackingToken, false);
            }
            awaitReadInterval();
            return sharedRead(delegate.readEvents(trackingToken, true));
        }
    }

    private final class SignalledSource extends ForwardingEventSource {
        private final StreamableMessageSource<TrackedEventMessage<?>> store;

        private SignalledSource(StreamableMessageSource<TrackedEventMessage<?>> store) {
            this.store = store;
        }

        @Override
        StreamableMessageSource<TrackedEventMessage<?>> source() {
            return store;
        }

        @Override
        public BlockingStream<TrackedEventMessage<?>> openStream(TrackingToken trackingToken) {
            return new SharedSignalledStream(store.openStream(trackingToken));
        }
    }

    private final class SharedSignalledStream extends SignalledStream {
        private SharedSignalledStream(BlockingStream<TrackedEventMessage<?>> delegate) {
            super(delegate, callbacks);
        }

        /**
         * A stream that has just read the store to its end moves onto the shared cache and answers "nothing" that
         * once, though the cache may already hold its next events; no signal would come for those, so it is asked
         * again.
         */
        @Override
        public boolean hasNextAvailable(int timeout, TimeUnit unit) throws InterruptedException {
            return delegate.hasNextAvailable(timeout, unit) || (timeout <= 0 && delegate.hasNextAvailable(0, unit));
        }

        @Override
        public Optional<TrackedEventMessage<?>> peek() {
            Optional<TrackedEventMessage<?>> next = delegate.peek();
            return next.isPresent() ? next : delegate.peek();
        }
    }
}
