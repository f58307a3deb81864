package io.dirsync.command.webhook;

import io.dirsync.api.webhook.RegisterWebhookCommand;
import org.axonframework.commandhandling.gateway.CommandGateway;
import org.springframework.stereotype.Service;

import java.net.URI;
import java.net.URISyntaxException;
import java.security.SecureRandom;
import java.util.List;
import java.util.Optional;
import java.util.UUID;

/**
 * Registers a webhook endpoint: checks the target address, draws the signing secret and sends the command. One
 * place for the admin API and the admin UI; the secret is returned this once and never read back.
 */
@Service
public class WebhookRegistration {
    private final CommandGateway commands;
    private final WebhookTargets targets;
    private final SecureRandom random = new SecureRandom();

    public WebhookRegistration(CommandGateway commands, WebhookTargets targets) {
        this.commands = commands;
        this.targets = targets;
    }

    public record Registered(String id, String secret) {}

    public Registered register(String url, List<String> events) {
        targetOf(url).ifPresent(targets::checkRegistration);
        String webhookId = UUID.randomUUID().toString();
        String secret = WebhookSignature.newSecret(random);
        commands.sendAndWait(new RegisterWebhookCommand(webhookId, url, events, secret));
        return new Registered(webhookId, secret);
    }

    /** A URL that does not parse is left to the aggregate's own validation, which says so. */
    private static Optional<URI> targetOf(String url) {
        try {
            return url == null ? Optional.empty() : Optional.of(new URI(url.trim()));
        } catch (URISyntaxException e) {
            return Optional.empty();
        }
    }
}
