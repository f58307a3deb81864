package io.dirsync.app;

import com.fasterxml.jackson.databind.JsonNode;
import io.dirsync.app.DirsyncClient.Connection;
import io.dirsync.app.HttpClientSupport.Response;
import io.zonky.test.db.postgres.embedded.EmbeddedPostgres;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.nio.file.Path;
import java.time.Duration;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.TimeUnit;
import java.util.stream.Collectors;

import static io.dirsync.app.ScimUsersContractTests.patch;
import static org.assertj.core.api.Assertions.assertThat;

/**
 * A rolling restart's first half: two nodes of the real jar behind a load balancer that retries a refused connection
 * on the other node; one node gets SIGTERM while SCIM writers keep going. No request fails, the node finishes what it
 * had in flight and exits within a bound, and the other node holds every segment long before the claim timeout would
 * have handed them over (the node released its claims as it stopped).
 */
class GracefulShutdownIT {
    /** Far above the handover asserted, so a handover within it cannot be the claims timing out. */
    private static final Duration CLAIM_TIMEOUT = Duration.ofSeconds(20);
    /** README, Several nodes: a node given SIGTERM has exited within this (requests in flight at most 10 s of it). */
    static final Duration EXIT_BOUND = Duration.ofSeconds(15);
    /** README, Several nodes: the other node holds the stopped node's segments within this of the SIGTERM. */
    static final Duration HANDOVER_BOUND = Duration.ofSeconds(10);

    private static final int WRITERS = 4;

    @TempDir
    static Path workDir;

    private static EmbeddedPostgres postgres;
    private static DirsyncProcess nodeA;
    private static DirsyncProcess nodeB;

    @BeforeAll
    static void startTwoNodes() throws Exception {
        postgres = EmbeddedPostgres.builder().start();
        nodeA = startNode("node-a");
        nodeB = startNode("node-b");
        nodeA.awaitHealthy(Duration.ofSeconds(180));
        nodeB.awaitHealthy(Duration.ofSeconds(180));
    }

    @AfterAll
    static void stopEverything() throws Exception {
        DirsyncProcess.closeAll(java.util.Arrays.asList(nodeA, nodeB), postgres);
    }

    private static DirsyncProcess startNode(String nodeId) throws Exception {
        return DirsyncProcess.startClusterNode(workDir, postgres.getPort(), nodeId, CLAIM_TIMEOUT, Map.of(), List.of());
    }

    @Test
    void aNodeStoppedWithSigtermUnderLoadFailsNoRequestAndHandsItsSegmentsOverAtOnce() throws Exception {
        HttpClientSupport adminA = new HttpClientSupport(nodeA.origin());
        AdminApi.await("node-a and node-b to share the segments", 60, () -> {
            JsonNode projections = adminA.send("GET", "/api/projections", DirsyncClient.ADMIN_TOKEN, null)
                    .json();
            Set<String> holders = new HashSet<>();
            projections.forEach(p -> {
                if (p.has("claims")) {
                    p.get("claims").fieldNames().forEachRemaining(holders::add);
                }
            });
            return holders.equals(Set.of("node-a", "node-b")) ? null : projections.toString();
        });
        try (RetryingBalancer balancer = new RetryingBalancer(List.of(nodeA.port(), nodeB.port()))) {
            DirsyncClient client = new DirsyncClient(balancer.origin());
            Connection connection = client.createConnection("rolling restart");
            Load load = new Load(client, connection);
            awaitWrites(load, 40);
            assertThat(balancer.answeredBy).as("both nodes answer").containsKeys(nodeA.port(), nodeB.port());

            long terminated = System.nanoTime();
            nodeB.process().destroy(); // SIGTERM
            boolean exited = nodeB.process().waitFor(EXIT_BOUND.toMillis() + 30_000, TimeUnit.MILLISECONDS);
            long exitMillis = TimeUnit.NANOSECONDS.toMillis(System.nanoTime() - terminated);
            long handoverMillis = awaitEverySegmentOn(adminA, "node-a", terminated);
            int answeredByB = balancer.answeredBy.get(nodeB.port()).get();
            awaitWrites(load, load.acknowledged.size() + 20);
            load.close();
            System.out.printf(
                    "graceful shutdown: node-b exited %d ms after SIGTERM, node-a held every segment after %d ms;"
                            + " %d answers, %d retried on the other node, node-b answered %d%n",
                    exitMillis, handoverMillis, load.answers.size(), balancer.retried.get(), answeredByB);

            assertThat(exited).as(nodeB.log()).isTrue();
            assertThat(exitMillis).as("ms from SIGTERM to exit").isLessThanOrEqualTo(EXIT_BOUND.toMillis());
            assertThat(nodeB.log()).contains("Graceful shutdown complete").doesNotContain("Graceful shutdown aborted");
            assertThat(handoverMillis)
                    .as("ms from SIGTERM until node-a held every segment")
                    .isLessThanOrEqualTo(HANDOVER_BOUND.toMillis());
            assertThat(load.failures)
                    .as(() -> "requests that failed; answers that were not 2xx, by node: " + balancer.unsuccessful
                            + "\n--- node-b's log from the SIGTERM ---\n" + fromShutdown(nodeB.log())
                            + "\n--- node-a's warnings and errors ---\n" + warningsAndErrors(nodeA.log()))
                    .isEmpty();
            assertThat(balancer.retried.get())
                    .as("requests the balancer sent on to node-a")
                    .isPositive();
            load.acknowledged.forEach((id, displayName) -> {
                Response read = client.scim(connection, "GET", "/Users/" + id, null);
                assertThat(read.status()).as(read.toString()).isEqualTo(200);
                assertThat(read.json().get("displayName").asText()).isEqualTo(displayName);
            });
            AdminApi.await("node-a's directory-users view to list every user", 60, () -> {
                JsonNode view = client.http()
                        .send(
                                "GET",
                                "/api/connections/" + connection.id() + "/directory-users?count=1000",
                                DirsyncClient.ADMIN_TOKEN,
                                null)
                        .json();
                Set<String> listed = new HashSet<>();
                view.get("Resources").forEach(user -> listed.add(user.get("id").asText()));
                return listed.equals(load.acknowledged.keySet())
                        ? null
                        : listed.size() + " of " + load.acknowledged.size();
            });
        }
    }

    private static String fromShutdown(String log) {
        int start = log.indexOf("Commencing graceful shutdown");
        return start < 0 ? log : log.substring(Math.max(0, log.lastIndexOf('\n', start)));
    }

    private static String warningsAndErrors(String log) {
        return log.lines()
                .filter(line -> line.contains(" WARN ")
                        || line.contains(" ERROR ")
                        || line.startsWith("\t")
                        || line.contains("Exception"))
                .collect(Collectors.joining("\n"));
    }

    /** Milliseconds from {@code since} until every claimed segment of every processor is the node's. */
    private static long awaitEverySegmentOn(HttpClientSupport admin, String node, long since)
            throws InterruptedException {
        AdminApi.await(node + " to hold every segment", 60, () -> {
            JsonNode projections = admin.send("GET", "/api/projections", DirsyncClient.ADMIN_TOKEN, null)
                    .json();
            for (JsonNode processor : projections) {
                JsonNode claims = processor.get("claims");
                if (claims != null && (claims.size() != 1 || !claims.has(node))) {
                    return projections.toString();
                }
            }
            return null;
        });
        return TimeUnit.NANOSECONDS.toMillis(System.nanoTime() - since);
    }

    private static void awaitWrites(Load load, int writes) throws InterruptedException {
        AdminApi.await(
                writes + " users written",
                60,
                () -> load.acknowledged.size() >= writes
                        ? null
                        : load.acknowledged.size() + " written; failures " + load.failures);
    }

    /** SCIM writers through the balancer: POST, PATCH and GET of a user, over and over; every answer that is not 2xx is a failure. */
    private static final class Load implements AutoCloseable {
        final Map<String, String> acknowledged = new ConcurrentHashMap<>();
        final List<String> answers = new CopyOnWriteArrayList<>();
        final List<String> failures = new CopyOnWriteArrayList<>();
        private final ExecutorService threads = Executors.newFixedThreadPool(WRITERS);
        private final DirsyncClient client;
        private final Connection connection;
        private volatile boolean running = true;

        Load(DirsyncClient client, Connection connection) {
            this.client = client;
            this.connection = connection;
            for (int w = 0; w < WRITERS; w++) {
                int writer = w;
                threads.submit(() -> write(writer));
            }
        }

        private void write(int writer) {
            for (int n = 0; running; n++) {
                String userName = "rolling-w" + writer + "-" + n + "@example.com";
                Response created = ask(
                        "POST " + userName,
                        201,
                        () -> client.scim(connection, "POST", "/Users", DirsyncClient.user(userName)));
                if (created == null) {
                    continue;
                }
                String id = created.json().get("id").asText();
                acknowledged.put(id, created.json().get("displayName").asText());
                Response patched = ask(
                        "PATCH " + id,
                        200,
                        () -> client.scim(
                                connection,
                                "PATCH",
                                "/Users/" + id,
                                patch(Map.of("op", "replace", "path", "displayName", "value", userName + " v1"))));
                if (patched != null) {
                    acknowledged.put(id, patched.json().get("displayName").asText());
                }
                ask("GET " + id, 200, () -> client.scim(connection, "GET", "/Users/" + id, null));
            }
        }

        /** The answer when it has the expected status, else null (and a recorded failure). */
        private Response ask(String request, int expected, java.util.function.Supplier<Response> call) {
            try {
                Response response = call.get();
                answers.add(request + " " + response.status());
                if (response.status() == expected) {
                    return response;
                }
                failures.add(request + ": " + response);
            } catch (RuntimeException | AssertionError e) {
                failures.add(request + ": " + e);
            }
            return null;
        }

        @Override
        public void close() throws InterruptedException {
            running = false;
            threads.shutdown();
            assertThat(threads.awaitTermination(60, TimeUnit.SECONDS))
                    .as("writers stopped")
                    .isTrue();
        }
    }
}
