package io.dirsync.query.attributemapping;

import org.axonframework.eventhandling.EventMessage;
import org.axonframework.eventhandling.async.SequencingPolicy;
import org.axonframework.eventhandling.async.SequentialPerAggregatePolicy;

import java.lang.reflect.RecordComponent;
import java.util.Arrays;
import java.util.Optional;

/**
 * Orders events by the connection they belong to (the {@code connectionId} component of the event record) rather
 * than by aggregate: a mapping change (Connection aggregate) and a user's profile change (User aggregate) of one
 * connection must be applied in the order they were stored, or a user provisioned while the mappings change could
 * keep values of the old mappings. Connections still spread over segments; events without a connection fall back
 * to per-aggregate order.
 */
public final class ConnectionSequencingPolicy implements SequencingPolicy<EventMessage<?>> {
    private static final ClassValue<Optional<RecordComponent>> CONNECTION_ID = new ClassValue<>() {
        @Override
        protected Optional<RecordComponent> computeValue(Class<?> type) {
            return type.isRecord()
                    ? Arrays.stream(type.getRecordComponents())
                            .filter(c -> c.getName().equals("connectionId") && c.getType() == String.class)
                            .findFirst()
                    : Optional.empty();
        }
    };

    @Override
    public Object getSequenceIdentifierFor(EventMessage<?> event) {
        Object payload = event.getPayload();
        Optional<RecordComponent> component =
                payload == null ? Optional.empty() : CONNECTION_ID.get(payload.getClass());
        if (component.isPresent()) {
            try {
                Object connectionId = component.get().getAccessor().invoke(payload);
                if (connectionId != null) {
                    return "connection:" + connectionId;
                }
            } catch (ReflectiveOperationException e) {
                throw new IllegalStateException(
                        "Cannot read connectionId of " + payload.getClass().getName(), e);
            }
        }
        return SequentialPerAggregatePolicy.instance().getSequenceIdentifierFor(event);
    }
}
