package io.dirsync.app.metrics;

import io.dirsync.app.cluster.CommandOutcomes;
import io.micrometer.core.instrument.Counter;
import io.micrometer.core.instrument.MeterRegistry;
import io.micrometer.core.instrument.Timer;
import org.springframework.stereotype.Component;

import java.time.Duration;

/**
 * The one place that names dirsync's own meters (Prometheus: {@code dirsync_*}) and their labels; the gauges read
 * from the database are registered by {@link BacklogGauges} and {@link ProcessorGauges} under names declared here.
 * Labels stay bounded: a connection id only once the connection is known to exist (never an id taken from a
 * path as sent), SCIM resource types rather than paths, command class names, never a user id.
 */
@Component
public class DirsyncMetrics implements CommandOutcomes {
    public static final String SCIM_REQUESTS = "dirsync.scim.requests";
    public static final String COMMANDS = "dirsync.commands";
    public static final String COMMAND_CONFLICT_RETRIES = "dirsync.command.conflict.retries";
    public static final String RATE_LIMITED = "dirsync.scim.rate.limited";
    public static final String PROVISIONING_FAILURES = "dirsync.provisioning.failures";
    public static final String WEBHOOK_DELIVERIES = "dirsync.webhook.deliveries";
    public static final String WEBHOOK_BACKLOG = "dirsync.webhook.backlog";
    public static final String WEBHOOK_OLDEST_PENDING_AGE = "dirsync.webhook.oldest.pending.age.seconds";
    public static final String ROLE_RESOLUTION_BACKLOG = "dirsync.role.resolution.backlog";
    public static final String PROCESSOR_LAG_EVENTS = "dirsync.processor.lag.events";
    public static final String PROCESSOR_LAG_SECONDS = "dirsync.processor.lag.seconds";
    public static final String PROCESSOR_POSITION = "dirsync.processor.position";
    public static final String PROCESSOR_RUNNING = "dirsync.processor.running";
    public static final String PROCESSOR_ERROR = "dirsync.processor.error";
    public static final String PROCESSOR_SEGMENTS_CLAIMED = "dirsync.processor.segments.claimed";
    public static final String PROCESSOR_REPLAYING = "dirsync.processor.replaying";

    /** The connection label of a request whose connection is unknown or not yet authenticated. */
    public static final String UNKNOWN_CONNECTION = "unknown";

    /** Fixed latency buckets: a full percentile histogram per connection, resource, method and status would be ~70 series each. */
    private static final Duration[] LATENCY_BUCKETS = {
        Duration.ofMillis(5),
        Duration.ofMillis(10),
        Duration.ofMillis(25),
        Duration.ofMillis(50),
        Duration.ofMillis(100),
        Duration.ofMillis(250),
        Duration.ofMillis(500),
        Duration.ofSeconds(1),
        Duration.ofMillis(2500),
        Duration.ofSeconds(5),
        Duration.ofSeconds(10)
    };

    private final MeterRegistry registry;

    public DirsyncMetrics(MeterRegistry registry) {
        this.registry = registry;
    }

    public void scimRequest(String connection, String resource, String method, int status, long nanos) {
        if (!connection.equals(UNKNOWN_CONNECTION)) {
            rateLimitedCounter(connection); // from 0, so the first 429 shows as an increase
        }
        Timer.builder(SCIM_REQUESTS)
                .description("SCIM requests answered, by connection, resource type, method and status")
                .tags(
                        "connection",
                        connection,
                        "resource",
                        resource,
                        "method",
                        method,
                        "status",
                        Integer.toString(status))
                .serviceLevelObjectives(LATENCY_BUCKETS)
                .register(registry)
                .record(Duration.ofNanos(nanos));
    }

    /** @param outcome {@code success}, {@code conflict} (lost its race on every retry), {@code rejected} (a domain refusal) or {@code error} */
    @Override
    public void command(String type, String outcome, long nanos) {
        Timer.builder(COMMANDS)
                .description("Commands sent through the gateway, by type and outcome, retries included")
                .tags("command", type, "outcome", outcome)
                .serviceLevelObjectives(LATENCY_BUCKETS)
                .register(registry)
                .record(Duration.ofNanos(nanos));
        retriesCounter(type); // from 0, so the first retry shows as an increase
    }

    @Override
    public void conflictRetry(String type) {
        retriesCounter(type).increment();
    }

    public void rateLimited(String connection) {
        rateLimitedCounter(connection).increment();
    }

    public void provisioningFailure(String connection, int status, String scimType) {
        Counter.builder(PROVISIONING_FAILURES)
                .description("SCIM requests answered 4xx/5xx, as in the provisioning-failure log")
                .tags(
                        "connection",
                        connection,
                        "status",
                        Integer.toString(status),
                        "scim_type",
                        scimType == null ? "none" : scimType)
                .register(registry)
                .increment();
    }

    /** @param outcome {@code delivered}, {@code retrying} or {@code failed} (given up) */
    public void webhookDelivery(String outcome) {
        webhookDeliveries(outcome).increment();
    }

    /** Registers a webhook outcome's counter at 0 (the outcomes are few and known). */
    public Counter webhookDeliveries(String outcome) {
        return Counter.builder(WEBHOOK_DELIVERIES)
                .description("Webhook delivery attempts, by outcome")
                .tag("outcome", outcome)
                .register(registry);
    }

    private Counter retriesCounter(String type) {
        return Counter.builder(COMMAND_CONFLICT_RETRIES)
                .description("Commands run again after losing a race on their aggregate")
                .tag("command", type)
                .register(registry);
    }

    private Counter rateLimitedCounter(String connection) {
        return Counter.builder(RATE_LIMITED)
                .description("SCIM requests refused with 429 by the per-connection rate limit")
                .tag("connection", connection)
                .register(registry);
    }
}
