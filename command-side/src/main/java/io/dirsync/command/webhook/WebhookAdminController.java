package io.dirsync.command.webhook;

import io.dirsync.api.webhook.RegisterWebhookCommand;
import io.dirsync.api.webhook.UnknownWebhookException;
import org.axonframework.commandhandling.gateway.CommandGateway;
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

import java.net.URI;
import java.net.URISyntaxException;
import java.security.SecureRandom;
import java.time.Instant;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.UUID;

/**
 * Admin API for webhooks. The secret appears in the registration answer and nowhere else. The reads are
 * here, beside the outbox they read, because the outbox is the delivery process's own state, not a projection.
 */
@RestController
@RequestMapping("/api/webhooks")
public class WebhookAdminController {
    private final CommandGateway commands;
    private final WebhookEndpoints endpoints;
    private final WebhookDeliveries deliveries;
    private final WebhookTargets targets;
    private final SecureRandom random = new SecureRandom();

    public WebhookAdminController(CommandGateway commands, WebhookEndpoints endpoints, WebhookDeliveries deliveries,
                                  WebhookTargets targets) {
        this.commands = commands;
        this.endpoints = endpoints;
        this.deliveries = deliveries;
        this.targets = targets;
    }

    public record RegisterWebhookRequest(String url, List<String> events) {
    }

    /** One row of {@code GET /api/webhooks/{id}/deliveries}; {@code id} is the deliveryId a redeliver names. */
    public record DeliveryView(long id, String eventId, String type, String status, int attempts, Integer lastStatusCode,
                               String lastError, Instant nextAttemptAt, Instant deliveredAt, Instant createdAt) {
        static DeliveryView of(WebhookDeliveries.Delivery d) {
            return new DeliveryView(d.id(), d.eventId(), d.type(), d.status(), d.attempts(), d.lastStatusCode(), d.lastError(),
                    d.nextAttemptAt(), d.deliveredAt(), d.createdAt());
        }
    }

    @PostMapping
    public ResponseEntity<Map<String, String>> register(@RequestBody RegisterWebhookRequest request) {
        targetOf(request.url()).ifPresent(targets::checkRegistration);
        String webhookId = UUID.randomUUID().toString();
        String secret = WebhookSignature.newSecret(random);
        commands.sendAndWait(new RegisterWebhookCommand(webhookId, request.url(), request.events(), secret));
        return ResponseEntity.status(HttpStatus.CREATED)
                .location(ServletUriComponentsBuilder.fromCurrentRequest().path("/{id}").buildAndExpand(webhookId).toUri())
                .body(Map.of("id", webhookId, "secret", secret));
    }

    /** A URL that does not parse is left to the aggregate's own validation, which says so. */
    private static Optional<URI> targetOf(String url) {
        try {
            return url == null ? Optional.empty() : Optional.of(new URI(url.trim()));
        } catch (URISyntaxException e) {
            return Optional.empty();
        }
    }

    @GetMapping
    public List<WebhookEndpoints.Endpoint> list() {
        return endpoints.all();
    }

    @GetMapping("/{webhookId}/deliveries")
    public List<DeliveryView> deliveries(@PathVariable String webhookId, @RequestParam(defaultValue = "100") int limit) {
        if (!endpoints.exists(webhookId)) {
            throw new UnknownWebhookException(webhookId);
        }
        return deliveries.log(webhookId, Math.max(1, Math.min(limit, 1000))).stream().map(DeliveryView::of).toList();
    }

    /** Queues the delivery again with a fresh set of attempts; it is sent in its turn (202: not yet sent). */
    @PostMapping("/{webhookId}/deliveries/{deliveryId}/redeliver")
    public ResponseEntity<DeliveryView> redeliver(@PathVariable String webhookId, @PathVariable long deliveryId) {
        if (!deliveries.redeliver(webhookId, deliveryId, Instant.now())) {
            throw new UnknownWebhookException(webhookId, deliveryId);
        }
        return ResponseEntity.accepted().body(deliveries.find(webhookId, deliveryId).map(DeliveryView::of)
                .orElseThrow(() -> new UnknownWebhookException(webhookId, deliveryId)));
    }
}
