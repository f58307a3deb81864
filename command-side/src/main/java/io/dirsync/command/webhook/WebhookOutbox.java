package io.dirsync.command.webhook;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ObjectNode;
import io.dirsync.api.user.UserErasedEvent;
import org.axonframework.config.ProcessingGroup;
import org.axonframework.eventhandling.EventHandler;
import org.axonframework.eventhandling.EventMessage;
import org.axonframework.messaging.unitofwork.CurrentUnitOfWork;
import org.springframework.stereotype.Component;

import java.io.IOException;
import java.time.Instant;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;

/**
 * Feeds the outbox: a streaming processor (one segment, so rows are written in the order events are seen) that
 * writes, in its own transaction and never in a SCIM command's, one delivery per subscribed endpoint and event.
 * SCIM writes therefore never wait on delivery, and an event is never lost between the store and the outbox:
 * a failed batch is rolled back and retried (propagating error handler), and a replay re-finds existing rows.
 *
 * <p>The body is rendered once, here, and stored: every attempt sends the same bytes under the same webhook-id.
 * An endpoint receives only events that happened after it was registered.
 */
@Component
@ProcessingGroup(WebhookOutbox.PROCESSING_GROUP)
public class WebhookOutbox {
    public static final String PROCESSING_GROUP = "webhook-outbox";
    /** The fields of a user event's data that hold personal data (see {@link WebhookEvents}). */
    private static final List<String> PERSONAL_FIELDS = List.of("profile", "set");

    private static final String ENDPOINTS = WebhookOutbox.class.getName() + ".endpoints";
    private final WebhookEndpoints endpoints;
    private final WebhookDeliveries deliveries;
    private final ObjectMapper objectMapper;

    public WebhookOutbox(WebhookEndpoints endpoints, WebhookDeliveries deliveries, ObjectMapper objectMapper) {
        this.endpoints = endpoints;
        this.deliveries = deliveries;
        this.objectMapper = objectMapper;
    }

    @EventHandler
    void on(Object payload, EventMessage<?> message) throws JsonProcessingException {
        Optional<WebhookEvents.Mapped> mapped = WebhookEvents.map(payload);
        if (mapped.isEmpty()) {
            return;
        }
        byte[] body = null;
        for (WebhookEndpoints.Endpoint endpoint : endpointsOfThisBatch()) {
            if (endpoint.receives(mapped.get().type(), message.getTimestamp())) {
                body = body != null ? body : body(message, mapped.get());
                deliveries.enqueue(
                        endpoint.id(),
                        message.getIdentifier(),
                        mapped.get().type(),
                        mapped.get().orderingKey(),
                        body,
                        Instant.now());
            }
        }
    }

    /**
     * An erased user's personal data leaves the outbox too: stored bodies, delivered or still pending, lose their
     * {@code profile} and the publicMetadata values an admin {@code set}; they keep the ids and the change, which is what a consumer's log needs. Pending ones then go
     * out without it. The user.deleted that came with the erasure carried only ids anyway.
     */
    @EventHandler
    void on(UserErasedEvent event) throws IOException {
        for (Map.Entry<Long, byte[]> delivery :
                deliveries.bodies("user:" + event.userId()).entrySet()) {
            JsonNode body = objectMapper.readTree(delivery.getValue());
            if (body.get("data") instanceof ObjectNode data
                    && PERSONAL_FIELDS.stream().anyMatch(data::has)) {
                data.remove(PERSONAL_FIELDS);
                deliveries.replaceBody(delivery.getKey(), objectMapper.writeValueAsBytes(body));
            }
        }
    }

    /**
     * Read once per processor batch, not once per event: a role reorder brings one event per member. Registrations
     * reach this table through their own processor anyway, so a batch's events see the endpoints as they were when it
     * began, and which events an endpoint receives is decided by {@code registeredAt}, not by when the row appeared.
     */
    private List<WebhookEndpoints.Endpoint> endpointsOfThisBatch() {
        if (!CurrentUnitOfWork.isStarted()) {
            return endpoints.all();
        }
        return CurrentUnitOfWork.get().root().getOrComputeResource(ENDPOINTS, key -> endpoints.all());
    }

    private byte[] body(EventMessage<?> message, WebhookEvents.Mapped mapped) throws JsonProcessingException {
        Map<String, Object> envelope = new LinkedHashMap<>();
        envelope.put("id", message.getIdentifier());
        envelope.put("type", mapped.type());
        envelope.put("timestamp", message.getTimestamp().toString());
        envelope.put("data", mapped.data());
        return objectMapper.writeValueAsBytes(envelope);
    }
}
