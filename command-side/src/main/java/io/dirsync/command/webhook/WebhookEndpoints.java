package io.dirsync.command.webhook;

import io.dirsync.api.webhook.WebhookRegisteredEvent;
import org.axonframework.config.ProcessingGroup;
import org.axonframework.eventhandling.EventHandler;
import org.axonframework.eventhandling.Timestamp;
import org.springframework.jdbc.core.JdbcTemplate;
import org.springframework.stereotype.Component;

import java.sql.ResultSet;
import java.sql.SQLException;
import java.time.Instant;
import java.util.Arrays;
import java.util.List;

/**
 * The registered endpoints. A subscribing processor keeps them in the registering command's transaction, so
 * the endpoint is listed, and starts receiving events, as soon as {@code POST /api/webhooks} has answered.
 */
@Component
@ProcessingGroup(WebhookEndpoints.PROCESSING_GROUP)
public class WebhookEndpoints {
    public static final String PROCESSING_GROUP = "webhook-endpoints";

    public record Endpoint(String id, String url, List<String> events, Instant registeredAt) {
        boolean receives(String type, Instant occurredAt) {
            return events.contains(type) && !occurredAt.isBefore(registeredAt);
        }
    }

    private final JdbcTemplate jdbc;

    public WebhookEndpoints(JdbcTemplate jdbc) {
        this.jdbc = jdbc;
    }

    @EventHandler
    void on(WebhookRegisteredEvent event, @Timestamp Instant registeredAt) {
        jdbc.update(
                "INSERT INTO webhook_endpoint (webhook_id, url, events, registered_at) VALUES (?, ?, ?, ?)",
                event.webhookId(),
                event.url(),
                String.join(",", event.events()),
                java.sql.Timestamp.from(registeredAt));
    }

    public List<Endpoint> all() {
        return jdbc.query(
                "SELECT webhook_id, url, events, registered_at FROM webhook_endpoint ORDER BY registered_at, webhook_id",
                WebhookEndpoints::endpoint);
    }

    public boolean exists(String webhookId) {
        return !jdbc.queryForList(
                        "SELECT webhook_id FROM webhook_endpoint WHERE webhook_id = ?", String.class, webhookId)
                .isEmpty();
    }

    private static Endpoint endpoint(ResultSet rs, int row) throws SQLException {
        return new Endpoint(
                rs.getString(1),
                rs.getString(2),
                Arrays.asList(rs.getString(3).split(",")),
                rs.getTimestamp(4).toInstant());
    }
}
