package io.dirsync.app.metrics;

import io.dirsync.command.rolemapping.RoleResolutionState;
import io.dirsync.command.webhook.WebhookDeliveries;
import io.micrometer.core.instrument.Gauge;
import io.micrometer.core.instrument.MeterRegistry;
import io.micrometer.core.instrument.binder.MeterBinder;
import org.springframework.stereotype.Component;

import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.function.Supplier;

/**
 * The work queued in the database, read at each scrape: pending webhook deliveries and the age of the oldest, and
 * the members marked for role re-resolution. Shared by every node, so each node reports the same values. NaN while
 * the database is away.
 */
@Component
public class BacklogGauges implements MeterBinder {
    private final WebhookDeliveries deliveries;
    private final RoleResolutionState roles;
    private final Clock clock = Clock.systemUTC();

    public BacklogGauges(WebhookDeliveries deliveries, RoleResolutionState roles) {
        this.deliveries = deliveries;
        this.roles = roles;
    }

    @Override
    public void bindTo(MeterRegistry registry) {
        Gauge.builder(
                        DirsyncMetrics.WEBHOOK_BACKLOG,
                        this,
                        gauges -> read(() -> deliveries.backlog().pending()))
                .description("Webhook deliveries not yet delivered or given up")
                .register(registry);
        Gauge.builder(DirsyncMetrics.WEBHOOK_OLDEST_PENDING_AGE, this, gauges -> read(this::oldestPendingAge))
                .description("Age of the oldest pending webhook delivery (0 when none is pending)")
                .register(registry);
        Gauge.builder(DirsyncMetrics.ROLE_RESOLUTION_BACKLOG, this, gauges -> read(roles::markedMembers))
                .description("Members marked for role re-resolution and not yet resolved")
                .register(registry);
    }

    private double oldestPendingAge() {
        Instant oldest = deliveries.backlog().oldestCreatedAt();
        return oldest == null
                ? 0
                : Math.max(0, Duration.between(oldest, clock.instant()).toMillis() / 1000.0);
    }

    private static double read(Supplier<Number> value) {
        try {
            return value.get().doubleValue();
        } catch (RuntimeException databaseAway) {
            return Double.NaN;
        }
    }
}
