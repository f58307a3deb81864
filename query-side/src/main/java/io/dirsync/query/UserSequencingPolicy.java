package io.dirsync.query;

import org.axonframework.eventhandling.DomainEventMessage;
import org.axonframework.eventhandling.EventMessage;
import org.axonframework.eventhandling.async.SequencingPolicy;

import java.lang.reflect.Method;
import java.lang.reflect.RecordComponent;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.ConcurrentHashMap;

/**
 * Keeps all events about one user in one segment, in order, even when they come from different aggregates
 * (the user's own and its membership's). Axon's default orders per aggregate only, so a projection that
 * joins both could apply a role before the user it belongs to exists.
 */
public class UserSequencingPolicy implements SequencingPolicy<EventMessage<?>> {
    private final Map<Class<?>, Optional<Method>> userIdAccessors = new ConcurrentHashMap<>();

    @Override
    public Object getSequenceIdentifierFor(EventMessage<?> event) {
        Object payload = event.getPayload();
        Optional<Method> accessor = userIdAccessors.computeIfAbsent(payload.getClass(), UserSequencingPolicy::userIdAccessor);
        if (accessor.isPresent()) {
            try {
                Object userId = accessor.get().invoke(payload);
                if (userId != null) {
                    return userId;
                }
            } catch (ReflectiveOperationException e) {
                throw new IllegalStateException("Cannot read userId of " + payload.getClass().getName(), e);
            }
        }
        return event instanceof DomainEventMessage<?> domain ? domain.getAggregateIdentifier() : event.getIdentifier();
    }

    private static Optional<Method> userIdAccessor(Class<?> type) {
        if (!type.isRecord()) {
            return Optional.empty();
        }
        for (RecordComponent component : type.getRecordComponents()) {
            if (component.getName().equals("userId") && component.getType() == String.class) {
                return Optional.of(component.getAccessor());
            }
        }
        return Optional.empty();
    }
}
