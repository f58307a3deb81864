package io.dirsync.api.webhook;

import org.axonframework.modelling.command.TargetAggregateIdentifier;

import java.util.List;

/**
 * Registers an endpoint for the listed webhook events. The caller generates the signing secret: unlike a
 * bearer token, whose digest is enough to check it, the secret itself is needed to sign every delivery, so
 * it is kept (outside the event store) and the command has to carry it to the handler that keeps it.
 * Commands are never stored; {@link #toString()} hides the secret so it never reaches a log either.
 */
public record RegisterWebhookCommand(
        @TargetAggregateIdentifier String webhookId, String url, List<String> events, String secret) {

    @Override
    public String toString() {
        return "RegisterWebhookCommand[webhookId=" + webhookId + ", url=" + url + ", events=" + events
                + ", secret=<hidden>]";
    }
}
