package io.dirsync.app;

import io.dirsync.app.DirsyncClient.Connection;
import io.dirsync.app.HttpClientSupport.Response;
import io.zonky.test.db.postgres.embedded.EmbeddedPostgres;
import org.axonframework.eventhandling.Segment;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.springframework.jdbc.core.JdbcTemplate;

import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.TreeMap;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.concurrent.atomic.AtomicReference;
import java.util.stream.Collectors;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * Two nodes of the real jar on one (embedded) PostgreSQL whose shared readers poll the store only every
 * {@link #POLL}: a SCIM create on node A reaches the event-log segments that node B holds well within that, because
 * node A's commit is announced with NOTIFY and node B listens. While node B's listening connection is gone, A's
 * events still reach B, by the poll; once it is back, promptly again.
 */
class CommitNotificationsIT {
    private static final Duration POLL = Duration.ofSeconds(6);
    /** Long enough to create and follow a round of users while node B's listener stays away. */
    private static final Duration LISTEN_RETRY = Duration.ofSeconds(40);

    private static final String EVENT_LOG = "event-log";
    private static final String LISTENER_OF_B = "dirsync listen node-b";
    /** Creates of a round whose events fall in node B's segments; about half of all creates do. */
    private static final int USERS_PER_ROUND = 6;

    private static final int MOST_CREATES_PER_ROUND = 60;

    @TempDir
    static Path workDir;

    private static EmbeddedPostgres postgres;
    private static DirsyncProcess nodeA;
    private static DirsyncProcess nodeB;
    private static JdbcTemplate jdbc;

    @BeforeAll
    static void startTwoNodes() throws Exception {
        postgres = EmbeddedPostgres.builder().start();
        jdbc = new JdbcTemplate(postgres.getPostgresDatabase());
        List<String> arguments = List.of(
                "--dirsync.projections.shared-stream=true",
                "--dirsync.projections.poll-interval=" + POLL.toMillis() + "ms",
                "--dirsync.projections.listen-retry=" + LISTEN_RETRY.toMillis() + "ms");
        nodeA = DirsyncProcess.startClusterNode(workDir, postgres.getPort(), "node-a", CLAIM, Map.of(), arguments);
        nodeB = DirsyncProcess.startClusterNode(workDir, postgres.getPort(), "node-b", CLAIM, Map.of(), arguments);
        nodeA.awaitHealthy(Duration.ofSeconds(180));
        nodeB.awaitHealthy(Duration.ofSeconds(180));
    }

    private static final Duration CLAIM = Duration.ofSeconds(6);

    @AfterAll
    static void stopEverything() throws Exception {
        DirsyncProcess.closeAll(java.util.Arrays.asList(nodeA, nodeB), postgres);
    }

    @Test
    void aWriteOnOneNodeReachesTheOtherNodesProjectionsWellWithinThePollAndByThePollWithoutTheListener()
            throws Exception {
        Set<Segment> segmentsOfB = awaitEventLogSplit();
        DirsyncClient scim = new DirsyncClient(nodeA.origin());
        Connection onA = createConnection(new HttpClientSupport(nodeA.origin()));
        scim.createUser(onA, "warm-up@example.com");

        List<Long> notified = roundOfCreates(scim, onA, "notified", segmentsOfB);
        System.out.println("CommitNotificationsIT: node-b's event log followed node-a's creates in " + notified
                + " ms (poll every " + POLL.toMillis() + " ms)");
        assertThat(notified).as("creates that node-b's segments handle").hasSizeGreaterThanOrEqualTo(2);
        assertThat(median(notified)).as("median, ms").isLessThan(POLL.toMillis() / 6);
        assertThat(notified).allSatisfy(ms -> assertThat(ms).isLessThan(POLL.toMillis() / 2));

        Integer terminated = jdbc.queryForObject(
                "SELECT COUNT(pg_terminate_backend(pid)) FROM pg_stat_activity WHERE application_name = ?",
                Integer.class,
                LISTENER_OF_B);
        assertThat(terminated).as("node-b's listening connections terminated").isOne();
        List<Long> polled = roundOfCreates(scim, onA, "polled", segmentsOfB);
        System.out.println("CommitNotificationsIT: without node-b's listener, in " + polled + " ms");
        assertThat(listeners()).as("node-b's listener still away").isZero();
        assertThat(polled).as("creates that node-b's segments handle").hasSizeGreaterThanOrEqualTo(2);
        assertThat(polled).allSatisfy(ms -> assertThat(ms).isLessThan(POLL.toMillis() + 4_000));

        AdminApi.await(
                "node-b listens again",
                (int) LISTEN_RETRY.toSeconds() + 60,
                () -> listeners() == 1
                        ? null
                        : "listeners: " + jdbc.queryForList("SELECT application_name FROM pg_stat_activity"));
        List<Long> again = roundOfCreates(scim, onA, "again", segmentsOfB);
        System.out.println("CommitNotificationsIT: listening again, in " + again + " ms");
        assertThat(median(again)).as("median, ms").isLessThan(POLL.toMillis() / 6);
    }

    /**
     * Creates users through node A, one after the other, until {@link #USERS_PER_ROUND} of them have their provisioning
     * event in node B's event-log segments, and gives, for each of those, the milliseconds from its 201 until its event-log row is seen (looked for every 5 ms,
     * while the creates go on).
     */
    private static List<Long> roundOfCreates(DirsyncClient scim, Connection onA, String round, Set<Segment> ofB)
            throws Exception {
        Map<Long, Long> answeredAt = new ConcurrentHashMap<>();
        Map<Long, Long> arrivedAfter = new ConcurrentHashMap<>();
        AtomicBoolean created = new AtomicBoolean();
        ExecutorService watcher = Executors.newSingleThreadExecutor();
        Future<?> watching = watcher.submit(() -> {
            long deadline = Long.MAX_VALUE;
            while (!created.get() || arrivedAfter.size() < answeredAt.size()) {
                if (created.get() && deadline == Long.MAX_VALUE) {
                    deadline = System.nanoTime() + POLL.multipliedBy(3).toNanos();
                }
                if (System.nanoTime() > deadline) {
                    return null;
                }
                for (Map.Entry<Long, Long> pending : Map.copyOf(answeredAt).entrySet()) {
                    if (!arrivedAfter.containsKey(pending.getKey())
                            && jdbc.queryForObject(
                                            "SELECT COUNT(*) FROM event_log WHERE global_index = ?",
                                            Long.class,
                                            pending.getKey())
                                    == 1) {
                        arrivedAfter.put(pending.getKey(), (System.nanoTime() - pending.getValue()) / 1_000_000);
                    }
                }
                Thread.sleep(5);
            }
            return null;
        });
        try {
            for (int i = 0; answeredAt.size() < USERS_PER_ROUND && i < MOST_CREATES_PER_ROUND; i++) {
                String id = scim.createUser(onA, round + "-" + i + "@example.com")
                        .get("id")
                        .asText();
                long answered = System.nanoTime();
                if (ofB.stream().anyMatch(segment -> segment.matches(id))) {
                    Long index = jdbc.queryForObject(
                            "SELECT global_index FROM domain_event_entry WHERE aggregate_identifier = ?"
                                    + " AND payload_type LIKE '%UserProvisionedEvent'",
                            Long.class, id);
                    answeredAt.put(index, answered);
                }
            }
            created.set(true);
            watching.get();
        } finally {
            watcher.shutdownNow();
        }
        assertThat(arrivedAfter.keySet())
                .as(round + ": events in node-b's event log")
                .isEqualTo(answeredAt.keySet());
        return new TreeMap<>(arrivedAfter).values().stream().toList();
    }

    /**
     * Node B's event-log segments, once the four are split two and two: read from one look at the claims, since a node
     * may let its segments go and take them again between two looks while the pair settles.
     */
    private static Set<Segment> awaitEventLogSplit() throws InterruptedException {
        AtomicReference<Set<Segment>> ofB = new AtomicReference<>();
        AdminApi.await("event-log segments split two and two", 90, () -> {
            List<Map<String, Object>> claims =
                    jdbc.queryForList("SELECT segment, owner FROM token_entry WHERE processor_name = ?", EVENT_LOG);
            Map<String, Long> perOwner = claims.stream()
                    .collect(Collectors.groupingBy(claim -> String.valueOf(claim.get("owner")), Collectors.counting()));
            if (!perOwner.equals(Map.of("node-a", 2L, "node-b", 2L))) {
                return claims.toString();
            }
            int[] ids = claims.stream()
                    .mapToInt(claim -> ((Number) claim.get("segment")).intValue())
                    .toArray();
            ofB.set(claims.stream()
                    .filter(claim -> "node-b".equals(claim.get("owner")))
                    .map(claim -> Segment.computeSegment(((Number) claim.get("segment")).intValue(), ids))
                    .collect(Collectors.toSet()));
            return null;
        });
        assertThat(ofB.get()).as("node-b's event-log segments").hasSize(2);
        return ofB.get();
    }

    private static int listeners() {
        Integer count = jdbc.queryForObject(
                "SELECT COUNT(*) FROM pg_stat_activity WHERE application_name = ?", Integer.class, LISTENER_OF_B);
        return count == null ? 0 : count;
    }

    private static long median(List<Long> values) {
        List<Long> sorted = values.stream().sorted().toList();
        return sorted.get(sorted.size() / 2);
    }

    private static Connection createConnection(HttpClientSupport admin) {
        Response created = admin.send(
                "POST",
                "/api/connections",
                DirsyncClient.ADMIN_TOKEN,
                Map.of("name", "Notified Okta"),
                "Content-Type",
                "application/json");
        assertThat(created.status()).as(created.toString()).isEqualTo(201);
        return new Connection(
                created.json().get("id").asText(),
                created.json().get("scimBaseUrl").asText(),
                created.json().get("bearerToken").asText());
    }
}
