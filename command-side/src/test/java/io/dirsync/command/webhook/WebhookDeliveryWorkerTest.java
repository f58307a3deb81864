package io.dirsync.command.webhook;

import com.sun.net.httpserver.HttpServer;
import org.h2.jdbcx.JdbcConnectionPool;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.springframework.beans.factory.support.DefaultListableBeanFactory;
import org.springframework.core.io.ClassPathResource;
import org.springframework.jdbc.core.JdbcTemplate;
import org.springframework.jdbc.datasource.init.ResourceDatabasePopulator;

import java.io.IOException;
import java.net.InetSocketAddress;
import java.nio.charset.StandardCharsets;
import java.sql.Timestamp;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Collections;
import java.util.List;
import java.util.UUID;
import java.util.concurrent.Executors;
import java.util.concurrent.atomic.AtomicInteger;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * The worker against a real receiver on 127.0.0.1 that takes a moment to answer: a backlog drains at the receiver's
 * pace after a single poll, never more than the endpoint's slots at once, and one user's events in their order.
 */
class WebhookDeliveryWorkerTest {
    private static final int SLOTS = 4;
    private static final int USERS = 100;
    private static final int ONE_USERS_EVENTS = 6;

    private final JdbcConnectionPool dataSource = JdbcConnectionPool.create(
            "jdbc:h2:mem:webhook-worker-" + UUID.randomUUID() + ";DB_CLOSE_DELAY=-1", "sa", "");
    private final JdbcTemplate jdbc = new JdbcTemplate(dataSource);
    private final WebhookDeliveries deliveries = new WebhookDeliveries(jdbc);
    private final WebhookProperties properties = new WebhookProperties(
            Duration.ofSeconds(5), Duration.ofMillis(50), Duration.ofMillis(200), 3, SLOTS, true, List.of("127.0.0.1"));
    private final WebhookDeliveryWorker worker = new WebhookDeliveryWorker(
            new WebhookEndpoints(jdbc),
            new WebhookSecrets(jdbc),
            deliveries,
            new WebhookSender(properties, new WebhookTargets(properties)),
            properties,
            new DefaultListableBeanFactory().getBeanProvider(DeliveryOutcomes.class));

    private final AtomicInteger concurrent = new AtomicInteger();
    private final AtomicInteger mostConcurrent = new AtomicInteger();
    private final List<String> received = Collections.synchronizedList(new ArrayList<>());
    private final HttpServer receiver;

    WebhookDeliveryWorkerTest() throws IOException {
        new ResourceDatabasePopulator(new ClassPathResource("db/migration/V30__webhooks.sql")).execute(dataSource);
        receiver = HttpServer.create(new InetSocketAddress("127.0.0.1", 0), 0);
        receiver.setExecutor(Executors.newFixedThreadPool(16));
        receiver.createContext("/hooks", exchange -> {
            int now = concurrent.incrementAndGet();
            mostConcurrent.accumulateAndGet(now, Math::max);
            boolean answer = true;
            try {
                Thread.sleep(20);
                received.add(new String(exchange.getRequestBody().readAllBytes(), StandardCharsets.UTF_8));
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
                answer = false;
            } finally {
                // before the answer: once the sender has it, it may send its next request into the freed slot
                concurrent.decrementAndGet();
            }
            if (answer) {
                exchange.sendResponseHeaders(204, -1);
            }
            exchange.close();
        });
        receiver.start();
    }

    @AfterEach
    void close() {
        worker.stop();
        receiver.stop(0);
        dataSource.dispose();
    }

    @Test
    void aBacklogDrainsAtTheReceiversPaceAfterOnePollWithinTheEndpointsSlots() throws InterruptedException {
        Instant at = Instant.parse("2026-11-01T10:00:00Z");
        jdbc.update(
                "INSERT INTO webhook_endpoint (webhook_id, url, events, registered_at) VALUES (?, ?, ?, ?)",
                "w1",
                "http://127.0.0.1:" + receiver.getAddress().getPort() + "/hooks",
                "user.created,user.updated",
                Timestamp.from(at));
        jdbc.update("INSERT INTO webhook_secret (webhook_id, secret) VALUES (?, ?)", "w1", "whsec_dGVzdHNlY3JldA==");
        for (int i = 0; i < ONE_USERS_EVENTS; i++) {
            deliveries.enqueue("w1", "line-" + i, "user.updated", "user:line", body("line-" + i), at);
        }
        for (int i = 0; i < USERS; i++) {
            deliveries.enqueue("w1", "u" + i, "user.created", "user:u" + i, body("u" + i), at);
        }

        worker.drain();

        int total = USERS + ONE_USERS_EVENTS;
        long deadline = System.nanoTime() + Duration.ofSeconds(30).toNanos();
        while (delivered() < total && System.nanoTime() < deadline) {
            Thread.sleep(20);
        }
        assertThat(delivered()).as("delivered after one poll").isEqualTo(total);
        assertThat(mostConcurrent.get()).isBetween(2, SLOTS);
        assertThat(received.stream().filter(b -> b.contains("line-")).toList())
                .containsExactly(List.of(0, 1, 2, 3, 4, 5).stream()
                        .map(i -> body("line-" + i))
                        .map(b -> new String(b, StandardCharsets.UTF_8))
                        .toArray(String[]::new));
    }

    private int delivered() {
        return jdbc.queryForObject(
                "SELECT COUNT(*) FROM webhook_delivery WHERE status = ?", Integer.class, WebhookDeliveries.DELIVERED);
    }

    private static byte[] body(String id) {
        return ("{\"id\":\"" + id + "\"}").getBytes(StandardCharsets.UTF_8);
    }
}
