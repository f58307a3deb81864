package io.dirsync.command.webhook;

import org.springframework.jdbc.core.JdbcTemplate;
import org.springframework.jdbc.core.RowCallbackHandler;
import org.springframework.stereotype.Component;

import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Timestamp;
import java.time.Instant;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;

/**
 * The outbox and delivery log ({@code webhook_delivery}): one row per endpoint and event. Rows are claimed
 * with a lease (next_attempt_at moved past the longest possible attempt) guarded by {@code version}, so a
 * second node, or a late answer after a redeliver, never records over newer state; a crash mid-attempt
 * only means the row is due again when the lease ends (at least once).
 */
@Component
public class WebhookDeliveries {
    public static final String PENDING = "pending";
    public static final String DELIVERED = "delivered";
    public static final String FAILED = "failed";

    /** One row of the delivery log. {@code body} is what is signed and sent, byte for byte, on every attempt. */
    public record Delivery(
            long id,
            String webhookId,
            String eventId,
            String type,
            String status,
            int attempts,
            long version,
            Integer lastStatusCode,
            String lastError,
            Instant nextAttemptAt,
            Instant deliveredAt,
            Instant createdAt,
            byte[] body) {}

    private static final String COLUMNS =
            "id, webhook_id, event_id, event_type, status, attempts, version, last_status_code,"
                    + " last_error, next_attempt_at, delivered_at, created_at, body";
    private final JdbcTemplate jdbc;

    public WebhookDeliveries(JdbcTemplate jdbc) {
        this.jdbc = jdbc;
    }

    /**
     * Idempotent under replay. Check-then-insert is safe: only the single segment of the outbox processor
     * writes here, and the unique constraint backs it (an insert failing would abort a PostgreSQL transaction).
     */
    void enqueue(String webhookId, String eventId, String type, String orderingKey, byte[] body, Instant now) {
        Integer existing = jdbc.queryForObject(
                "SELECT COUNT(*) FROM webhook_delivery WHERE webhook_id = ? AND event_id = ?",
                Integer.class,
                webhookId,
                eventId);
        if (existing != null && existing == 0) {
            jdbc.update(
                    "INSERT INTO webhook_delivery (webhook_id, event_id, event_type, ordering_key, body, status, attempts, version,"
                            + " next_attempt_at, created_at) VALUES (?, ?, ?, ?, ?, ?, 0, 0, ?, ?)",
                    webhookId,
                    eventId,
                    type,
                    orderingKey,
                    body,
                    PENDING,
                    Timestamp.from(now),
                    Timestamp.from(now));
        }
    }

    /** Bodies of every delivery with this ordering key (one user's, or one group's), by id. */
    Map<Long, byte[]> bodies(String orderingKey) {
        Map<Long, byte[]> bodies = new LinkedHashMap<>();
        jdbc.query(
                "SELECT id, body FROM webhook_delivery WHERE ordering_key = ? ORDER BY id",
                (RowCallbackHandler) rs -> bodies.put(rs.getLong(1), rs.getBytes(2)),
                orderingKey);
        return bodies;
    }

    /** Rewrites a stored body in place; the version stays, so a worker sending it meanwhile still records its outcome. */
    void replaceBody(long id, byte[] body) {
        jdbc.update("UPDATE webhook_delivery SET body = ? WHERE id = ?", body, id);
    }

    /**
     * Due deliveries at the head of their line: no earlier pending delivery of the same endpoint and key. A later
     * event of a user waits while an earlier one is retried; other users, and other endpoints, do not.
     */
    List<Delivery> dueHeads(String webhookId, Instant now, int limit) {
        return jdbc.query(
                "SELECT " + COLUMNS
                        + " FROM webhook_delivery d WHERE d.webhook_id = ? AND d.status = ? AND d.next_attempt_at <= ?"
                        + " AND NOT EXISTS (SELECT 1 FROM webhook_delivery e WHERE e.webhook_id = d.webhook_id"
                        + " AND e.ordering_key = d.ordering_key AND e.status = ? AND e.id < d.id) ORDER BY d.id LIMIT ?",
                WebhookDeliveries::delivery,
                webhookId,
                PENDING,
                Timestamp.from(now),
                PENDING,
                limit);
    }

    /** Takes the delivery for one attempt until {@code leaseEnd}; false if another worker or a redeliver got there first. */
    boolean claim(Delivery delivery, Instant leaseEnd) {
        return jdbc.update(
                        "UPDATE webhook_delivery SET attempts = attempts + 1, version = version + 1, next_attempt_at = ?"
                                + " WHERE id = ? AND version = ? AND status = ?",
                        Timestamp.from(leaseEnd),
                        delivery.id(),
                        delivery.version(),
                        PENDING)
                == 1;
    }

    void delivered(long id, long claimedVersion, int statusCode, Instant now) {
        jdbc.update(
                "UPDATE webhook_delivery SET status = ?, version = version + 1, last_status_code = ?, last_error = NULL,"
                        + " next_attempt_at = NULL, delivered_at = ? WHERE id = ? AND version = ?",
                DELIVERED,
                statusCode,
                Timestamp.from(now),
                id,
                claimedVersion);
    }

    /** @param nextAttempt empty when the delivery is given up */
    void failed(long id, long claimedVersion, Integer statusCode, String error, Optional<Instant> nextAttempt) {
        jdbc.update(
                "UPDATE webhook_delivery SET status = ?, version = version + 1, last_status_code = ?, last_error = ?,"
                        + " next_attempt_at = ? WHERE id = ? AND version = ?",
                nextAttempt.isPresent() ? PENDING : FAILED,
                statusCode,
                truncate(error),
                nextAttempt.map(Timestamp::from).orElse(null),
                id,
                claimedVersion);
    }

    /** Back to the queue with a fresh set of attempts, whatever its state; it then waits its turn like any other. */
    public boolean redeliver(String webhookId, long id, Instant now) {
        return jdbc.update(
                        "UPDATE webhook_delivery SET status = ?, attempts = 0, version = version + 1, next_attempt_at = ?,"
                                + " delivered_at = NULL WHERE webhook_id = ? AND id = ?",
                        PENDING,
                        Timestamp.from(now),
                        webhookId,
                        id)
                == 1;
    }

    /** Pending deliveries and when the oldest of them was created (null when none is pending). */
    public record Backlog(long pending, Instant oldestCreatedAt) {}

    /** What is still to be delivered, over every endpoint: one range of the (status, created_at) index. */
    public Backlog backlog() {
        return jdbc.queryForObject(
                "SELECT COUNT(*), MIN(created_at) FROM webhook_delivery WHERE status = ?",
                (rs, i) -> new Backlog(rs.getLong(1), instant(rs.getTimestamp(2))),
                PENDING);
    }

    /** Newest first. */
    public List<Delivery> log(String webhookId, int limit) {
        return jdbc.query(
                "SELECT " + COLUMNS + " FROM webhook_delivery WHERE webhook_id = ? ORDER BY id DESC LIMIT ?",
                WebhookDeliveries::delivery,
                webhookId,
                limit);
    }

    public Optional<Delivery> find(String webhookId, long id) {
        return jdbc
                .query(
                        "SELECT " + COLUMNS + " FROM webhook_delivery WHERE webhook_id = ? AND id = ?",
                        WebhookDeliveries::delivery,
                        webhookId,
                        id)
                .stream()
                .findFirst();
    }

    private static String truncate(String error) {
        return error == null || error.length() <= 1024 ? error : error.substring(0, 1024);
    }

    private static Delivery delivery(ResultSet rs, int row) throws SQLException {
        return new Delivery(
                rs.getLong(1),
                rs.getString(2),
                rs.getString(3),
                rs.getString(4),
                rs.getString(5),
                rs.getInt(6),
                rs.getLong(7),
                (Integer) rs.getObject(8, Integer.class),
                rs.getString(9),
                instant(rs.getTimestamp(10)),
                instant(rs.getTimestamp(11)),
                instant(rs.getTimestamp(12)),
                rs.getBytes(13));
    }

    private static Instant instant(Timestamp timestamp) {
        return timestamp == null ? null : timestamp.toInstant();
    }
}
