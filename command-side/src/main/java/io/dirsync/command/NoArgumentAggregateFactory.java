package io.dirsync.command;

import org.axonframework.eventhandling.DomainEventMessage;
import org.axonframework.eventsourcing.AggregateFactory;
import org.axonframework.eventsourcing.IncompatibleAggregateException;

import java.lang.reflect.Constructor;
import java.lang.reflect.InvocationTargetException;

/**
 * Creates an aggregate with its no-argument constructor, or takes it from its snapshot, as Axon's generic factory
 * does. Axon's own, in Spring, creates each aggregate as a prototype bean, which ran the context's post-processors
 * for every command and every aggregate loaded (docs/benchmarks/design-notes.md). Our aggregates have nothing for Spring to inject; they take their
 * collaborators as handler parameters. (Axon's {@code GenericAggregateFactory} would inspect the handlers again
 * without Spring's parameter resolvers, and refuse them.)
 */
public final class NoArgumentAggregateFactory<T> implements AggregateFactory<T> {
    private final Class<T> aggregateType;
    private final Constructor<T> constructor;

    public NoArgumentAggregateFactory(Class<T> aggregateType) {
        this.aggregateType = aggregateType;
        try {
            this.constructor = aggregateType.getDeclaredConstructor();
        } catch (NoSuchMethodException e) {
            throw new IncompatibleAggregateException(
                    "The aggregate " + aggregateType.getSimpleName() + " has no no-argument constructor", e);
        }
        this.constructor.setAccessible(true);
    }

    @Override
    public T createAggregateRoot(String aggregateIdentifier, DomainEventMessage<?> firstEvent) {
        if (aggregateType.equals(firstEvent.getPayloadType())) {
            return aggregateType.cast(firstEvent.getPayload());
        }
        try {
            return constructor.newInstance();
        } catch (InstantiationException | IllegalAccessException | InvocationTargetException e) {
            throw new IncompatibleAggregateException(
                    "Could not create the aggregate " + aggregateType.getSimpleName(), e);
        }
    }

    @Override
    public Class<T> getAggregateType() {
        return aggregateType;
    }
}
