package io.dirsync.query;

import org.axonframework.eventhandling.AnnotationEventHandlerAdapter;
import org.axonframework.eventhandling.DomainEventMessage;
import org.axonframework.eventhandling.EventMessage;
import org.axonframework.eventhandling.GenericDomainEventMessage;
import org.axonframework.messaging.MetaData;

import java.time.Instant;
import java.util.HashMap;
import java.util.Map;
import java.util.UUID;
import java.util.function.Consumer;

/**
 * The "given" of a projection test: events reach the projection as its processor hands them over, through its
 * annotated handlers (so {@code @Timestamp}, {@code @SequenceNumber} and catch-all handlers resolve as in the
 * application), as stored domain events: each aggregate's sequence counts from 0, each event comes one second after
 * the one before. {@link #reset()} is what a replay runs first. A handler's failure fails the test.
 */
public final class GivenEvents {
    private final AnnotationEventHandlerAdapter handlers;
    private final Map<String, Long> sequences = new HashMap<>();
    private Consumer<DomainEventMessage<?>> store = message -> {};
    private Instant clock;

    public GivenEvents(Object projection, Instant start) {
        this.handlers = new AnnotationEventHandlerAdapter(projection);
        this.clock = start;
    }

    /** Each event is handed to {@code store} before the projection sees it (for projections that read the event store). */
    public GivenEvents storingWith(Consumer<DomainEventMessage<?>> store) {
        this.store = store;
        return this;
    }

    /** The next event of {@code aggregateId}, one second after the previous event. */
    public DomainEventMessage<?> event(String aggregateId, Object payload) {
        return event(aggregateId, payload, Map.of());
    }

    public DomainEventMessage<?> event(String aggregateId, Object payload, Map<String, ?> metaData) {
        long sequence = sequences.merge(aggregateId, 0L, (previous, zero) -> previous + 1);
        clock = clock.plusSeconds(1);
        DomainEventMessage<?> message = new GenericDomainEventMessage<>(
                "Aggregate",
                aggregateId,
                sequence,
                payload,
                MetaData.from(metaData),
                UUID.randomUUID().toString(),
                clock);
        store.accept(message);
        handle(message);
        return message;
    }

    /** Hands over an event the projection has seen before, as a processor does after a crash or a replay. */
    public void again(EventMessage<?> message) {
        handle(message);
    }

    /** What a replay does before the first event: the projection's {@code @ResetHandler}s. */
    public void reset() {
        handlers.prepareReset();
    }

    /** The time of the last event. */
    public Instant now() {
        return clock;
    }

    private void handle(EventMessage<?> message) {
        try {
            handlers.handle(message);
        } catch (Exception e) {
            throw new IllegalStateException(
                    "The projection failed on " + message.getPayloadType().getSimpleName(), e);
        }
    }
}
