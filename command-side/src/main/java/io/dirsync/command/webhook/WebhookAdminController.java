package io.dirsync.command.webhook;

import io.dirsync.api.webhook.UnknownWebhookException;
import org.springframework.http.HttpStatus;
import org.springframework.http.ResponseEntity;
import org.springframework.web.bind.annotation.GetMapping;
import org.springframework.web.bind.annotation.PathVariable;
import org.springframework.web.bind.annotation.PostMapping;
import org.springframework.web.bind.annotation.RequestBody;
import org.springframework.web.bind.annotation.RequestMapping;
import org.springframework.web.bind.annotation.RequestParam;
import org.springframework.web.bind.annotation.RestController;
import org.springframework.web.servlet.support.ServletUriComponentsBuilder;

import java.time.Instant;
import java.util.List;
import java.util.Map;

/**
 * Admin API for webhooks. The secret appears in the registration answer and nowhere else. The reads are
 * here, beside the outbox they read, because the outbox is the delivery process's own state, not a projection.
 */
@RestController
@RequestMapping("/api/webhooks")
public class WebhookAdminController {
    private final WebhookRegistration registration;
    private final WebhookEndpoints endpoints;
    private final WebhookDeliveries deliveries;

    public WebhookAdminController(
            WebhookRegistration registration, WebhookEndpoints endpoints, WebhookDeliveries deliveries) {
        this.registration = registration;
        this.endpoints = endpoints;
        this.deliveries = deliveries;
    }

    public record RegisterWebhookRequest(String url, List<String> events) {}

    /** One row of {@code GET /api/webhooks/{id}/deliveries}; {@code id} is the deliveryId a redeliver names. */
    public record DeliveryView(
            long id,
            String eventId,
            String type,
            String status,
            int attempts,
            Integer lastStatusCode,
            String lastError,
            Instant nextAttemptAt,
            Instant deliveredAt,
            Instant createdAt) {
        static DeliveryView of(WebhookDeliveries.Delivery d) {
            return new DeliveryView(
                    d.id(),
                    d.eventId(),
                    d.type(),
                    d.status(),
                    d.attempts(),
                    d.lastStatusCode(),
                    d.lastError(),
                    d.nextAttemptAt(),
                    d.deliveredAt(),
                    d.createdAt());
        }
    }

    @PostMapping
    public ResponseEntity<Map<String, String>> register(@RequestBody RegisterWebhookRequest request) {
        WebhookRegistration.Registered registered = registration.register(request.url(), request.events());
        return ResponseEntity.status(HttpStatus.CREATED)
                .location(ServletUriComponentsBuilder.fromCurrentRequest()
                        .path("/{id}")
                        .buildAndExpand(registered.id())
                        .toUri())
                .body(Map.of("id", registered.id(), "secret", registered.secret()));
    }

    @GetMapping
    public List<WebhookEndpoints.Endpoint> list() {
        return endpoints.all();
    }

    @GetMapping("/{webhookId}/deliveries")
    public List<DeliveryView> deliveries(
            @PathVariable String webhookId, @RequestParam(defaultValue = "100") int limit) {
        if (!endpoints.exists(webhookId)) {
            throw new UnknownWebhookException(webhookId);
        }
        return deliveries.log(webhookId, Math.max(1, Math.min(limit, 1000))).stream()
                .map(DeliveryView::of)
                .toList();
    }

    /** Queues the delivery again with a fresh set of attempts; it is sent in its turn (202: not yet sent). */
    @PostMapping("/{webhookId}/deliveries/{deliveryId}/redeliver")
    public ResponseEntity<DeliveryView> redeliver(@PathVariable String webhookId, @PathVariable long deliveryId) {
        if (!deliveries.redeliver(webhookId, deliveryId, Instant.now())) {
            throw new UnknownWebhookException(webhookId, deliveryId);
        }
        return ResponseEntity.accepted()
                .body(deliveries
                        .find(webhookId, deliveryId)
                        .map(DeliveryView::of)
                        .orElseThrow(() -> new UnknownWebhookException(webhookId, deliveryId)));
    }
}
