package io.dirsync.app.metrics;

import io.dirsync.command.webhook.DeliveryOutcomes;
import org.springframework.stereotype.Component;

/** Counts the webhook worker's delivery attempts by outcome. */
@Component
public class WebhookDeliveryMetrics implements DeliveryOutcomes {
    private final DirsyncMetrics metrics;

    public WebhookDeliveryMetrics(DirsyncMetrics metrics) {
        this.metrics = metrics;
        for (String outcome : new String[] {DELIVERED, RETRYING, FAILED}) {
            metrics.webhookDeliveries(outcome);
        }
    }

    @Override
    public void attempted(String outcome) {
        metrics.webhookDelivery(outcome);
    }
}
