package io.dirsync.command.webhook;

import jakarta.annotation.PreDestroy;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.springframework.beans.factory.ObjectProvider;
import org.springframework.scheduling.annotation.Scheduled;
import org.springframework.stereotype.Component;

import java.security.SecureRandom;
import java.time.Clock;
import java.time.Instant;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.RejectedExecutionException;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.random.RandomGenerator;

/**
 * Drains the outbox. Each round looks at every endpoint on its own, takes the due deliveries at the head of
 * their line (see {@link WebhookDeliveries#dueHeads}) up to the endpoint's free in-flight slots, claims them and
 * sends them without waiting: a dead or slow endpoint occupies only its own slots, never the round, other
 * endpoints or any SCIM request. The answer is recorded when it comes: delivered, retried after a backoff
 * with jitter, or given up after the last attempt; a refused target is given up at once (a redeliver tries again).
 *
 * <p>A slot that frees up is refilled at once by a round of that endpoint alone, so a backlog drains at the pace
 * the receiver answers (up to {@code max-in-flight} at a time), not at {@code max-in-flight} per poll. The poll
 * picks up what the outbox queued since and what a backoff made due.
 */
@Component
public class WebhookDeliveryWorker {
    private static final Logger log = LoggerFactory.getLogger(WebhookDeliveryWorker.class);

    private final WebhookEndpoints endpoints;
    private final WebhookSecrets secrets;
    private final WebhookDeliveries deliveries;
    private final WebhookSender sender;
    private final WebhookProperties properties;
    private final Backoff backoff;
    private final DeliveryOutcomes outcomes;
    private final Clock clock = Clock.systemUTC();
    private final RandomGenerator jitter = new SecureRandom();
    /** Attempts this node has in the air, per endpoint; claims in the table keep other nodes off the same rows. */
    private final Map<String, AtomicInteger> inFlight = new ConcurrentHashMap<>();
    /** Refill rounds run here, one at a time, off the HTTP client's threads; an endpoint is queued at most once. */
    private final ExecutorService refills = Executors.newSingleThreadExecutor(runnable -> {
        Thread thread = new Thread(runnable, "webhook-refill");
        thread.setDaemon(true);
        return thread;
    });

    private final Set<String> refillQueued = ConcurrentHashMap.newKeySet();

    public WebhookDeliveryWorker(
            WebhookEndpoints endpoints,
            WebhookSecrets secrets,
            WebhookDeliveries deliveries,
            WebhookSender sender,
            WebhookProperties properties,
            ObjectProvider<DeliveryOutcomes> outcomes) {
        this.endpoints = endpoints;
        this.secrets = secrets;
        this.deliveries = deliveries;
        this.sender = sender;
        this.properties = properties;
        this.backoff = properties.backoff();
        this.outcomes = outcomes.getIfAvailable(() -> outcome -> {});
    }

    @Scheduled(fixedDelayString = "${dirsync.webhooks.poll-ms:500}")
    public void drain() {
        for (WebhookEndpoints.Endpoint endpoint : endpoints.all()) {
            drainQuietly(endpoint);
        }
    }

    @PreDestroy
    void stop() {
        refills.shutdownNow();
    }

    private void refill(WebhookEndpoints.Endpoint endpoint) {
        if (refillQueued.add(endpoint.id())) {
            try {
                refills.execute(() -> {
                    refillQueued.remove(endpoint.id());
                    drainQuietly(endpoint);
                });
            } catch (RejectedExecutionException stopping) {
                refillQueued.remove(endpoint.id());
            }
        }
    }

    private void drainQuietly(WebhookEndpoints.Endpoint endpoint) {
        try {
            drain(endpoint);
        } catch (RuntimeException e) {
            log.warn("Webhook {}: could not start deliveries; trying again next round", endpoint.id(), e);
        }
    }

    /** One round of one endpoint; rounds do not overlap, so an endpoint never has more than its slots in the air. */
    private synchronized void drain(WebhookEndpoints.Endpoint endpoint) {
        AtomicInteger busy = inFlight.computeIfAbsent(endpoint.id(), id -> new AtomicInteger());
        int free = properties.maxInFlight() - busy.get();
        if (free <= 0) {
            return;
        }
        Instant now = clock.instant();
        List<WebhookDeliveries.Delivery> due = deliveries.dueHeads(endpoint.id(), now, free);
        Optional<String> secret = due.isEmpty() ? Optional.empty() : secrets.find(endpoint.id());
        if (secret.isEmpty()) {
            return;
        }
        for (WebhookDeliveries.Delivery delivery : due) {
            if (deliveries.claim(delivery, now.plus(properties.lease()))) {
                busy.incrementAndGet();
                attempt(endpoint, secret.get(), delivery, now).whenComplete((ignored, failure) -> {
                    busy.decrementAndGet();
                    refill(endpoint);
                    if (failure != null) {
                        log.warn(
                                "Webhook {}: recording delivery {} failed; it is due again when its lease ends",
                                endpoint.id(),
                                delivery.id(),
                                failure);
                    }
                });
            }
        }
    }

    private CompletableFuture<Void> attempt(
            WebhookEndpoints.Endpoint endpoint, String secret, WebhookDeliveries.Delivery delivery, Instant now) {
        long claimedVersion = delivery.version() + 1;
        CompletableFuture<WebhookSender.Outcome> outcome;
        try {
            outcome = sender.send(endpoint.url(), secret, delivery.eventId(), delivery.body(), now);
        } catch (RuntimeException e) {
            outcome = CompletableFuture.completedFuture(new WebhookSender.Outcome(null, e.toString()));
        }
        return outcome.thenAccept(result -> record(delivery, claimedVersion, result));
    }

    private void record(WebhookDeliveries.Delivery delivery, long claimedVersion, WebhookSender.Outcome outcome) {
        Instant now = clock.instant();
        if (outcome.delivered()) {
            deliveries.delivered(delivery.id(), claimedVersion, outcome.statusCode(), now);
            outcomes.attempted(DeliveryOutcomes.DELIVERED);
            return;
        }
        int attempts = delivery.attempts() + 1;
        Optional<Instant> next = outcome.refused() || backoff.exhausted(attempts)
                ? Optional.empty()
                : Optional.of(now.plus(backoff.delayAfter(attempts, jitter.nextDouble())));
        deliveries.failed(delivery.id(), claimedVersion, outcome.statusCode(), outcome.error(), next);
        outcomes.attempted(next.isPresent() ? DeliveryOutcomes.RETRYING : DeliveryOutcomes.FAILED);
        log.info(
                "Webhook {}: delivery {} attempt {} failed ({}); {}",
                delivery.webhookId(),
                delivery.id(),
                attempts,
                outcome.error(),
                next.map(at -> "next attempt at " + at).orElse("given up"));
    }
}
