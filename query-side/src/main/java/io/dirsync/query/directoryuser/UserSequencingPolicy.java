package io.dirsync.query.directoryuser;

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
 *
 * <p>An event of the user's own aggregate is sequenced by its aggregate identifier, which is the user id, without
 * reading its payload: the payload is sealed, and opening it here, on the processor's single coordinator thread,
 * for every event, was what bounded a catch-up (one key lookup and decryption per event, in series).
 */
public class UserSequencingPolicy implements SequencingPolicy<EventMessage<?>> {
    /** The type Axon stores for the command side's User aggregate, whose identifier is the user id. */
    public static final String USER_AGGREGATE = "User";

    private final Map<Class<?>, Optional<Method>> userIdAccessors = new ConcurrentHashMap<>();

    @Override
    public Object getSequenceIdentifierFor(EventMessage<?> event) {
        if (event instanceof DomainEventMessage<?> domain && USER_AGGREGATE.equals(domain.getType())) {
            return domain.getAggregateIdentifier();
        }
        Object payload = event.getPayload();
        Optional<Method> accessor =
                userIdAccessors.computeIfAbsent(payload.getClass(), UserSequencingPolicy::userIdAccessor);
        if (accessor.isPresent()) {
            try {
                Object userId = accessor.get().invoke(payload);
                if (userId != null) {
                    return userId;
                }
            } catch (ReflectiveOperationException e) {
                throw new IllegalStateException(
                        "Cannot read userId of " + payload.getClass().getName(), e);
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
