package io.dirsync.command.upcasting;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import io.dirsync.api.user.UserDeactivatedEvent;
import org.axonframework.serialization.SimpleSerializedType;
import org.axonframework.serialization.upcasting.event.IntermediateEventRepresentation;
import org.axonframework.serialization.upcasting.event.SingleEventUpcaster;
import org.springframework.core.annotation.Order;
import org.springframework.stereotype.Component;

/**
 * UserDeactivatedEvent revision 1 to 2: adds {@code requestedVia = "unknown"}. Stored events are never
 * rewritten (their hashes stay valid); they are upgraded as they are read. One upcaster per step, so a
 * revision 3 adds a class rather than editing this one.
 */
@Component
@Order(1)
public class UserDeactivatedEventUpcaster extends SingleEventUpcaster {
    private static final SimpleSerializedType REVISION_1 =
            new SimpleSerializedType(UserDeactivatedEvent.class.getName(), "1");
    private static final SimpleSerializedType REVISION_2 =
            new SimpleSerializedType(UserDeactivatedEvent.class.getName(), "2");

    @Override
    protected boolean canUpcast(IntermediateEventRepresentation representation) {
        return representation.getType().equals(REVISION_1);
    }

    @Override
    protected IntermediateEventRepresentation doUpcast(IntermediateEventRepresentation representation) {
        return representation.upcastPayload(REVISION_2, JsonNode.class, payload -> {
            ((ObjectNode) payload).put("requestedVia", "unknown");
            return payload;
        });
    }
}
