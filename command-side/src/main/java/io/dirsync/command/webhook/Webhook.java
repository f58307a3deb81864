package io.dirsync.command.webhook;

import io.dirsync.api.scim.InvalidAttributeException;
import io.dirsync.api.webhook.RegisterWebhookCommand;
import io.dirsync.api.webhook.WebhookEventTypes;
import io.dirsync.api.webhook.WebhookRegisteredEvent;
import org.axonframework.commandhandling.CommandHandler;
import org.axonframework.eventsourcing.EventSourcingHandler;
import org.axonframework.modelling.command.AggregateIdentifier;
import org.axonframework.spring.stereotype.Aggregate;

import java.net.URI;
import java.net.URISyntaxException;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Locale;

import static org.axonframework.modelling.command.AggregateLifecycle.apply;

/** A downstream endpoint that receives webhook events, signed with its own secret. */
@Aggregate
public class Webhook {

    @AggregateIdentifier
    private String webhookId;

    /**
     * The secret is stored here, in the command's transaction, and only its absence from the event is recorded:
     * if appending the event fails, the secret goes with the rolled-back transaction.
     */
    @CommandHandler
    public Webhook(RegisterWebhookCommand command, WebhookSecrets secrets) {
        String url = validUrl(command.url());
        List<String> events = validEvents(command.events());
        if (command.secret() == null || !command.secret().startsWith(WebhookSignature.SECRET_PREFIX)) {
            throw new IllegalArgumentException("The caller must generate a whsec_ secret");
        }
        secrets.store(command.webhookId(), command.secret());
        apply(new WebhookRegisteredEvent(command.webhookId(), url, events));
    }

    @EventSourcingHandler
    void on(WebhookRegisteredEvent event) {
        this.webhookId = event.webhookId();
    }

    private static String validUrl(String url) {
        if (url == null || url.isBlank()) {
            throw new InvalidAttributeException("url", "A webhook needs a url");
        }
        try {
            URI uri = new URI(url.trim());
            String scheme = uri.getScheme() == null ? "" : uri.getScheme().toLowerCase(Locale.ROOT);
            if (!(scheme.equals("http") || scheme.equals("https"))
                    || uri.getHost() == null
                    || uri.getFragment() != null) {
                throw new InvalidAttributeException(
                        "url", "The url must be an absolute http(s) URL without a fragment");
            }
            return uri.toString();
        } catch (URISyntaxException e) {
            throw new InvalidAttributeException("url", "The url is not a valid URL");
        }
    }

    /** Known names only, each once, in the order given. */
    private static List<String> validEvents(List<String> events) {
        if (events == null || events.isEmpty()) {
            throw new InvalidAttributeException("events", "Subscribe to at least one of " + WebhookEventTypes.ALL);
        }
        LinkedHashSet<String> distinct = new LinkedHashSet<>();
        for (String event : events) {
            if (!WebhookEventTypes.ALL.contains(event)) {
                throw new InvalidAttributeException(
                        "events", "Unknown webhook event '" + event + "'; use one of " + WebhookEventTypes.ALL);
            }
            distinct.add(event);
        }
        return List.copyOf(distinct);
    }

    /** Axon rebuilds the aggregate from its events through this constructor. */
    protected Webhook() {}
}
