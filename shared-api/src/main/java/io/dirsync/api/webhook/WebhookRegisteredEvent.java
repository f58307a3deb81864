package io.dirsync.api.webhook;

import org.axonframework.serialization.Revision;

import java.util.List;

/**
 * An endpoint now receives the listed webhook events (names from {@link WebhookEventTypes}). The signing
 * secret is deliberately absent: events are kept forever and shown to auditors.
 */
@Revision("1")
public record WebhookRegisteredEvent(String webhookId, String url, List<String> events) {
    public WebhookRegisteredEvent {
        events = List.copyOf(events);
    }
}
