package io.dirsync.app;

import com.fasterxml.jackson.databind.JsonNode;
import io.dirsync.app.DirsyncClient.Connection;
import io.dirsync.app.HttpClientSupport.Response;
import org.axonframework.commandhandling.CommandBus;
import org.axonframework.eventhandling.AbstractEventProcessor;
import org.axonframework.eventhandling.EventProcessor;
import org.axonframework.eventhandling.EventTrackerStatus;
import org.axonframework.eventhandling.StreamingEventProcessor;
import org.junit.jupiter.api.Test;
import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.boot.test.context.SpringBootTest;
import org.springframework.boot.test.web.server.LocalServerPort;
import org.springframework.jdbc.core.JdbcTemplate;

import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.TreeSet;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.TimeUnit;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * A transaction that appended events commits long after later transactions did (the gap problem: AxonFramework issue
 * 4829). Every streaming projection must still receive its events. The gap timeout is set far below the hold, and Axon
 * cleans gaps at every read, so nothing but the way the store is read protects the held events. The processors follow
 * the shared stream (one reader for all of them), the way Axon once lost such events.
 */
@SpringBootTest(
        classes = DirsyncApplication.class,
        webEnvironment = SpringBootTest.WebEnvironment.RANDOM_PORT,
        properties = {
            "dirsync.admin-token=" + DirsyncClient.ADMIN_TOKEN,
            "dirsync.role-resolver.delay-ms=50",
            "dirsync.events.gap-timeout=500ms",
            "dirsync.events.gap-cleaning-threshold=1",
            "dirsync.projections.shared-stream=true"
        })
abstract class LateCommitContractTests {
    private static final long HOLD_PAST_GAP_TIMEOUT_MS = 2_000;

    @LocalServerPort
    int port;

    @Autowired
    JdbcTemplate jdbc;

    @Autowired
    CommandBus commandBus;

    @Autowired
    org.axonframework.config.Configuration axon;

    /** The projections are behind (a restart, a replay, a burst) when they meet the later events: the case Axon loses. */
    @Test
    void projectionsThatMeetLaterEventsAfterTheGapTimeoutStillGetTheLateOnes() throws Exception {
        lateCommit("behind", true);
    }

    /** The projections read the later events at once and pass the gap while the late transaction is still open. */
    @Test
    void projectionsThatPassTheGapWhileTheTransactionIsOpenGetItsEventsWhenItCommits() throws Exception {
        lateCommit("live", false);
    }

    private void lateCommit(String name, boolean projectionsBehind) throws Exception {
        DirsyncClient client = new DirsyncClient("http://127.0.0.1:" + port);
        ProjectionsQuiet projections = new ProjectionsQuiet(client, jdbc);
        String org = admin(
                        client,
                        "POST",
                        "/api/organizations",
                        Map.of("name", "Late " + name, "roles", List.of("member"), "defaultRole", "member"))
                .json()
                .get("id")
                .asText();
        JsonNode created = admin(
                        client, "POST", "/api/connections", Map.of("name", "late " + name, "organizationId", org))
                .json();
        Connection acme = new Connection(
                created.get("id").asText(),
                created.get("scimBaseUrl").asText(),
                created.get("bearerToken").asText());
        List<String> users = new ArrayList<>(List.of(client.createUser(acme, "early-" + name + "@example.com")
                .get("id")
                .asText()));
        projections.await();
        Map<String, Set<String>> handled = recordHandledEvents();

        String lateName = "late-" + name + "@example.com";
        CompletableFuture<Response> late;
        try (HeldCommit held = new HeldCommit(commandBus, lateName)) {
            late = CompletableFuture.supplyAsync(
                    () -> client.scim(acme, "POST", "/Users", DirsyncClient.user(lateName)));
            held.awaitAppended();
            if (projectionsBehind) {
                streamingProcessors().forEach(EventProcessor::shutDown);
            }
            for (int i = 0; i < 5; i++) {
                users.add(client.createUser(acme, "later-" + i + "-" + name + "@example.com")
                        .get("id")
                        .asText());
            }
            Thread.sleep(HOLD_PAST_GAP_TIMEOUT_MS);
            if (projectionsBehind) {
                streamingProcessors().forEach(EventProcessor::start);
            }
            Thread.sleep(HOLD_PAST_GAP_TIMEOUT_MS);
            assertThat(late).as("still held").isNotDone();
            held.release();
            Response answer = late.get(30, TimeUnit.SECONDS);
            assertThat(answer.status()).as(answer.rawBody()).isEqualTo(201);
            users.add(answer.json().get("id").asText());
        }

        projections.await();
        for (String user : users) {
            assertThat(count("SELECT COUNT(*) FROM directory_user WHERE user_id = ?", user))
                    .as("directory-users: " + user)
                    .isOne();
            assertThat(count("SELECT COUNT(*) FROM org_member WHERE user_id = ? AND role_key = 'member'", user))
                    .as("organization-members and role-resolution: " + user)
                    .isOne();
            assertThat(count(
                            "SELECT COUNT(*) FROM domain_event_entry d WHERE d.aggregate_identifier = ? AND NOT EXISTS"
                                    + " (SELECT 1 FROM event_log l WHERE l.global_index = d.global_index)",
                            user))
                    .as("event-log: " + user)
                    .isZero();
        }
        assertThat(count("SELECT COUNT(*) FROM directory_user WHERE connection_id = ?", acme.id()))
                .isEqualTo(users.size());
        everyStreamingProcessorHandled(users.get(users.size() - 1), handled);
    }

    /** The events each streaming processor hands to its handlers from now on, by processor name. */
    private Map<String, Set<String>> recordHandledEvents() {
        Map<String, Set<String>> handled = new ConcurrentHashMap<>();
        for (StreamingEventProcessor processor : streamingProcessors()) {
            Set<String> events = ConcurrentHashMap.newKeySet();
            handled.put(processor.getName(), events);
            ((AbstractEventProcessor) processor).registerHandlerInterceptor((unitOfWork, chain) -> {
                events.add(unitOfWork.getMessage().getIdentifier());
                return chain.proceed();
            });
        }
        return handled;
    }

    /**
     * Every streaming processor's tokens are past the late user's events, and each processor that handles an event
     * of their type handed each of them to its handlers: not only the views checked above, every processor.
     */
    private void everyStreamingProcessorHandled(String lateUser, Map<String, Set<String>> handled) throws Exception {
        List<Map<String, Object>> lateEvents = jdbc.queryForList(
                "SELECT global_index, event_identifier, payload_type FROM domain_event_entry"
                        + " WHERE aggregate_identifier = ? ORDER BY global_index",
                lateUser);
        assertThat(lateEvents).as("the late user's events").isNotEmpty();
        long last = ((Number) lateEvents.get(lateEvents.size() - 1).get("global_index")).longValue();
        Set<String> expecting = new TreeSet<>();
        for (StreamingEventProcessor processor : streamingProcessors()) {
            String name = processor.getName();
            assertPositionsPast(processor, last);
            for (Map<String, Object> event : lateEvents) {
                Class<?> type = Class.forName((String) event.get("payload_type"));
                if (((AbstractEventProcessor) processor).eventHandlerInvoker().canHandleType(type)) {
                    expecting.add(name);
                    assertThat(handled.get(name))
                            .as(name + " handled " + type.getSimpleName() + " of the late commit")
                            .contains((String) event.get("event_identifier"));
                }
            }
        }
        assertThat(expecting)
                .as("processors that handle the late user's events")
                .contains(
                        "directory-users",
                        "event-log",
                        "organization-members",
                        "user-public-metadata",
                        "access-history",
                        "role-resolution");
    }

    /** Every segment of the processor is claimed here and its token is at or past {@code index}. */
    private static void assertPositionsPast(StreamingEventProcessor processor, long index) {
        Map<Integer, EventTrackerStatus> status = processor.processingStatus();
        double covered = 0;
        for (EventTrackerStatus segment : status.values()) {
            covered += 1.0 / (segment.getSegment().getMask() + 1);
            assertThat(segment.getCurrentPosition().orElse(-1))
                    .as(processor.getName() + " segment " + segment.getSegment().getSegmentId() + " position")
                    .isGreaterThanOrEqualTo(index);
        }
        assertThat(covered)
                .as(processor.getName() + ": share of the segments claimed")
                .isEqualTo(1.0);
    }

    private List<StreamingEventProcessor> streamingProcessors() {
        return axon.eventProcessingConfiguration().eventProcessors().values().stream()
                .filter(StreamingEventProcessor.class::isInstance)
                .map(StreamingEventProcessor.class::cast)
                .toList();
    }

    private long count(String sql, Object... args) {
        Long count = jdbc.queryForObject(sql, Long.class, args);
        return count == null ? 0 : count;
    }

    private static Response admin(DirsyncClient client, String method, String path, Object body) {
        return client.http().send(method, path, DirsyncClient.ADMIN_TOKEN, body, "Content-Type", "application/json");
    }
}
