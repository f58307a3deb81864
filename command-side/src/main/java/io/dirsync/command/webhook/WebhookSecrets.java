package io.dirsync.command.webhook;

import org.springframework.jdbc.core.JdbcTemplate;
import org.springframework.stereotype.Component;

import java.util.Optional;

/**
 * Each endpoint's signing secret, beside the events rather than in them: HMAC signing needs the secret itself
 * (a digest would not do), and an event is kept forever and shown to auditors. Written by {@link Webhook}'s
 * registering handler inside the command's transaction; read by the delivery worker for every attempt.
 */
@Component
public class WebhookSecrets {
    private final JdbcTemplate jdbc;

    public WebhookSecrets(JdbcTemplate jdbc) {
        this.jdbc = jdbc;
    }

    public void store(String webhookId, String secret) {
        jdbc.update("INSERT INTO webhook_secret (webhook_id, secret) VALUES (?, ?)", webhookId, secret);
    }

    public Optional<String> find(String webhookId) {
        return jdbc
                .queryForList("SELECT secret FROM webhook_secret WHERE webhook_id = ?", String.class, webhookId)
                .stream()
                .findFirst();
    }
}
