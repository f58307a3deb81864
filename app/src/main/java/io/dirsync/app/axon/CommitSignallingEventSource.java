package io.dirsync.app.axon;

import org.axonframework.common.stream.BlockingStream;
import org.axonframework.eventhandling.EventMessage;
import org.axonframework.eventhandling.TrackedEventMessage;
import org.axonframework.eventhandling.TrackingToken;
import org.axonframework.eventsourcing.eventstore.EventStore;
import org.axonframework.messaging.MessageDispatchInterceptor;
import org.axonframework.messaging.StreamableMessageSource;
import org.axonframework.messaging.unitofwork.CurrentUnitOfWork;
import org.axonframework.messaging.unitofwork.UnitOfWork;

import java.time.Duration;
import java.util.List;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.Executors;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.function.BiFunction;

/**
 * The event store as the pooled streaming processors read it, with a signal when events are committed.
 * <p>
 * A pooled processor's coordinator asks its stream for an availability callback. The embedded event store's
 * private streams (see {@link AxonStorageConfiguration#eventStore}) offer none, so an idle coordinator looked
 * again only every 500 ms: half a second of lag on every projection (docs/benchmarks/RESULTS.md). Here each
 * stream offers the callback and fires it when a unit of work that published events has committed. The callback
 * also fires on a fixed tick, for what this node does not commit itself: the events of other nodes sharing the
 * database, and events published without a unit of work.
 * <p>
 * Signals are gathered for a short delay before they fire: woken by every single commit, each of the eight
 * processors ran its own query and its own one-event transaction per SCIM write, and creates slowed to half their
 * rate. The delay trades a few milliseconds of lag for batches.
 */
final class CommitSignallingEventSource extends ForwardingEventSource implements AutoCloseable {
    private static final String SIGNAL_REGISTERED = CommitSignallingEventSource.class.getName() + ".registered";

    private final Set<Runnable> callbacks = ConcurrentHashMap.newKeySet();
    private final ScheduledExecutorService ticker;
    private final AtomicBoolean signalPending = new AtomicBoolean();
    private final long gatherMillis;
    private final Duration tick;
    private volatile EventStore store;

    CommitSignallingEventSource(Duration tick, Duration gather) {
        this.tick = tick;
        this.gatherMillis = gather.toMillis();
        this.ticker = Executors.newSingleThreadScheduledExecutor(runnable -> {
            Thread thread = new Thread(runnable, "event-source-tick");
            thread.setDaemon(true);
            return thread;
        });
    }

    /**
     * The store to read, bound when Axon builds the first processor (a Spring dependency on the event store would be
     * circular: the store is built from the configuration this source helps build). Its publications are signalled.
     */
    synchronized CommitSignallingEventSource reading(EventStore eventStore) {
        if (store == null) {
            eventStore.registerDispatchInterceptor(signalAfterCommit());
            ticker.scheduleWithFixedDelay(this::signal, tick.toMillis(), tick.toMillis(), TimeUnit.MILLISECONDS);
            store = eventStore;
        } else if (store != eventStore) {
            throw new IllegalStateException("One event store per configuration");
        }
        return this;
    }

    /** Signals once per unit of work, after it committed what it published. */
    private MessageDispatchInterceptor<EventMessage<?>> signalAfterCommit() {
        return new MessageDispatchInterceptor<>() {
            @Override
            public BiFunction<Integer, EventMessage<?>, EventMessage<?>> handle(
                    List<? extends EventMessage<?>> messages) {
                if (CurrentUnitOfWork.isStarted()) {
                    UnitOfWork<?> root = CurrentUnitOfWork.get().root();
                    if (root.resources().putIfAbsent(SIGNAL_REGISTERED, Boolean.TRUE) == null) {
                        root.afterCommit(unitOfWork -> signalSoon());
                    }
                }
                return (index, message) -> message;
            }
        };
    }

    private void signalSoon() {
        if (gatherMillis <= 0) {
            signal();
        } else if (signalPending.compareAndSet(false, true)) {
            ticker.schedule(
                    () -> {
                        signalPending.set(false);
                        signal();
                    },
                    gatherMillis,
                    TimeUnit.MILLISECONDS);
        }
    }

    private void signal() {
        callbacks.forEach(Runnable::run);
    }

    @Override
    public BlockingStream<TrackedEventMessage<?>> openStream(TrackingToken trackingToken) {
        return new SignalledStream(store.openStream(trackingToken), callbacks);
    }

    @Override
    StreamableMessageSource<TrackedEventMessage<?>> source() {
        return store;
    }

    @Override
    public void close() {
        ticker.shutdownNow();
    }
}
