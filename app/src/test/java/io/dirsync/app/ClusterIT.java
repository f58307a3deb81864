package io.dirsync.app;

import com.fasterxml.jackson.databind.JsonNode;
import io.dirsync.app.DirsyncClient.Connection;
import io.dirsync.app.HttpClientSupport.Response;
import io.zonky.test.db.postgres.embedded.EmbeddedPostgres;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.io.IOException;
import java.net.URLEncoder;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.Callable;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * Two dirsync processes of the real jar on one (embedded) PostgreSQL, as in docker-compose.yml without the load
 * balancer: the streaming processors' segments split between them; SCIM writes through either node are read at
 * once through the other; a userName raced through both is taken once; member PATCHes of one group raced through
 * both all succeed (conflicts are retried) and none is lost; a replay asked of one node runs with both; a rebuild
 * of the SCIM read models asked of one node loses none of the other node's concurrent writes; the
 * delivery workers of both nodes send each webhook once; after one node is killed with SIGKILL, the survivor
 * takes over its segments within the claim timeout and its projections hold everything that was acknowledged.
 */
class ClusterIT {
    private static final Duration CLAIM_TIMEOUT = Duration.ofSeconds(6);
    private static final String ADMIN_TOKEN = DirsyncClient.ADMIN_TOKEN;
    private static final int USERS = 40;
    /** Seconds any one step may take: generous, as the machine may be busy with other builds. */
    private static final int WAIT = 60;

    @TempDir
    static Path workDir;

    private static EmbeddedPostgres postgres;
    private static DirsyncProcess nodeA;
    private static DirsyncProcess nodeB;
    private static long startedAt;
    private static WebhookReceiver receiver;

    @BeforeAll
    static void startTwoNodes() throws Exception {
        startedAt = System.nanoTime();
        postgres = EmbeddedPostgres.builder().start();
        progress("PostgreSQL started");
        nodeA = startNode("node-a");
        nodeB = startNode("node-b");
        nodeA.awaitHealthy(Duration.ofSeconds(180));
        nodeB.awaitHealthy(Duration.ofSeconds(180));
        progress("both nodes healthy");
    }

    @AfterAll
    static void stopEverything() throws Exception {
        if (receiver != null) {
            receiver.close();
        }
        DirsyncProcess.closeAll(java.util.Arrays.asList(nodeA, nodeB), postgres);
    }

    private static DirsyncProcess startNode(String nodeId) throws IOException {
        // the webhook receiver listens on http://127.0.0.1
        return DirsyncProcess.startClusterNode(
                workDir,
                postgres.getPort(),
                nodeId,
                CLAIM_TIMEOUT,
                Map.of("DIRSYNC_WEBHOOKS_ALLOWHTTP", "true", "DIRSYNC_WEBHOOKS_ALLOWEDTARGETS", "127.0.0.1"),
                List.of("--logging.level.io.dirsync.app.cluster.ConflictRetryingCommandGateway=DEBUG"));
    }

    @Test
    void twoNodesShareTheWorkAndTheSurvivorTakesOverWhenOneIsKilled() throws Exception {
        HttpClientSupport adminA = new HttpClientSupport(nodeA.origin());
        HttpClientSupport adminB = new HttpClientSupport(nodeB.origin());
        awaitBothNodesSeeEachOther(adminA, adminB);
        awaitSegmentsSplitEvenly(adminA);
        progress("segments split");

        Connection onA = createConnection(adminA);
        Connection onB = new Connection(onA.id(), onA.base().replace(nodeA.origin(), nodeB.origin()), onA.token());
        DirsyncClient scim = new DirsyncClient(nodeA.origin());
        receiver = new WebhookReceiver();
        new WebhookAdmin(adminB).register(receiver, List.of("user.created"));

        List<String> userIds = createUsersReadingEachOnTheOtherNode(scim, onA, onB);
        progress(USERS + " users created and read through the other node");
        String racedUserId = raceOneUserNameThroughBothNodes(scim, onA, onB);
        String groupId = raceMemberPatchesThroughBothNodes(scim, onA, onB, userIds);
        progress("races run");
        replayThroughOneNode(adminA, adminB, onA, userIds.size() + 1);
        progress("directory-users replayed across both nodes");
        rebuildInSetsThroughOneNode(adminA, adminB, onA, userIds.size() + 1);
        progress("directory-users rebuilt in sets, switched on both nodes");
        List<String> created = new ArrayList<>(userIds);
        created.add(racedUserId);
        awaitEachCreationDeliveredOnce(receiver, created);
        progress("webhooks delivered once each");
        rebuildScimReadModelsOnOneNodeWhileTheOtherWrites(adminA, adminB, scim);
        progress("SCIM read models rebuilt on node-b while node-a wrote");

        long killedAt = System.nanoTime();
        nodeB.kill();
        Duration takeover = awaitSurvivorHoldsEverySegment(adminA, killedAt);
        assertThat(takeover)
                .as("segments taken over within the claim timeout plus a few heartbeats")
                .isLessThan(CLAIM_TIMEOUT.plusSeconds(10));

        List<String> acknowledged = new ArrayList<>(userIds);
        acknowledged.add(racedUserId);
        acknowledged.add(
                scim.createUser(onA, "after-the-kill@example.com").get("id").asText());
        assertNothingAcknowledgedIsLost(scim, adminA, onA, acknowledged, groupId, userIds.subList(USERS / 2, USERS));
        progress("segments taken over " + takeover.toMillis() + " ms after SIGKILL (claim timeout "
                + CLAIM_TIMEOUT.toSeconds() + " s); nothing lost");
    }

    private static void progress(String step) {
        System.out.printf("ClusterIT %5.1f s: %s%n", (System.nanoTime() - startedAt) / 1e9, step);
    }

    private static void awaitBothNodesSeeEachOther(HttpClientSupport adminA, HttpClientSupport adminB)
            throws InterruptedException {
        for (HttpClientSupport admin : List.of(adminA, adminB)) {
            AdminApi.await("both nodes alive in /api/cluster", WAIT, () -> {
                Response cluster = admin.send("GET", "/api/cluster", ADMIN_TOKEN, null);
                JsonNode live = cluster.json().get("liveNodes");
                return live.size() == 2 ? null : cluster.toString();
            });
        }
    }

    /** Every processor with more than one segment is split half and half; single-segment ones have one holder. */
    private static void awaitSegmentsSplitEvenly(HttpClientSupport admin) throws InterruptedException {
        AdminApi.await("segments split across node-a and node-b", WAIT, () -> {
            Response projections = admin.send("GET", "/api/projections", ADMIN_TOKEN, null);
            int split = 0;
            for (JsonNode processor : projections.json()) {
                JsonNode claims = processor.get("claims");
                if (claims == null) {
                    continue;
                }
                int total = 0;
                for (JsonNode segments : claims) {
                    total += segments.size();
                }
                if (total == 0 || claims.has("unclaimed")) {
                    return projections.toString();
                }
                if (total > 1) {
                    if (!claims.has("node-a")
                            || !claims.has("node-b")
                            || claims.get("node-a").size() != total / 2
                            || claims.get("node-b").size() != total - total / 2) {
                        return projections.toString();
                    }
                    split++;
                }
            }
            return split >= 4 ? null : "only " + split + " split processors: " + projections;
        });
    }

    private static Connection createConnection(HttpClientSupport admin) {
        Response created = admin.send(
                "POST",
                "/api/connections",
                ADMIN_TOKEN,
                Map.of("name", "Cluster Okta"),
                "Content-Type",
                "application/json");
        assertThat(created.status()).as(created.toString()).isEqualTo(201);
        JsonNode body = created.json();
        return new Connection(
                body.get("id").asText(),
                body.get("scimBaseUrl").asText(),
                body.get("bearerToken").asText());
    }

    /** Read-your-writes across nodes: the SCIM read model is written in the command's transaction. */
    private static List<String> createUsersReadingEachOnTheOtherNode(
            DirsyncClient scim, Connection onA, Connection onB) {
        List<String> ids = new ArrayList<>();
        for (int i = 0; i < USERS; i++) {
            Connection writer = i % 2 == 0 ? onA : onB;
            Connection reader = i % 2 == 0 ? onB : onA;
            String userName = "member" + i + "@example.com";
            String id = scim.createUser(writer, userName).get("id").asText();
            Response byId = scim.scim(reader, "GET", "/Users/" + id, null);
            assertThat(byId.status()).as(byId.toString()).isEqualTo(200);
            assertThat(byId.json().get("userName").asText()).isEqualTo(userName);
            Response filtered =
                    scim.scim(reader, "GET", "/Users?filter=" + encode("userName eq \"" + userName + "\""), null);
            assertThat(filtered.json().get("totalResults").asInt())
                    .as(filtered.toString())
                    .isEqualTo(1);
            ids.add(id);
        }
        return ids;
    }

    /** Six creates of one userName in different cases, three through each node at once: one 201, five 409 uniqueness. */
    private static String raceOneUserNameThroughBothNodes(DirsyncClient scim, Connection onA, Connection onB)
            throws Exception {
        List<String> spellings = List.of(
                "racer@example.com",
                "Racer@example.com",
                "RACER@example.com",
                "racer@EXAMPLE.com",
                "RaCeR@example.com",
                "racer@Example.Com");
        List<Callable<Response>> creates = new ArrayList<>();
        for (int i = 0; i < spellings.size(); i++) {
            Connection via = i % 2 == 0 ? onA : onB;
            String userName = spellings.get(i);
            creates.add(() -> scim.scim(via, "POST", "/Users", DirsyncClient.user(userName)));
        }
        List<Response> answers = runAtOnce(creates);
        List<Response> created = answers.stream().filter(r -> r.status() == 201).toList();
        assertThat(created).as(answers.toString()).hasSize(1);
        assertThat(answers.stream()
                        .filter(r -> r.status() == 409 && "uniqueness".equals(AdminApi.text(r.json(), "scimType"))))
                .as(answers.toString())
                .hasSize(spellings.size() - 1);
        for (Connection reader : List.of(onA, onB)) {
            Response filtered =
                    scim.scim(reader, "GET", "/Users?filter=" + encode("userName eq \"racer@example.com\""), null);
            assertThat(filtered.json().get("totalResults").asInt())
                    .as(filtered.toString())
                    .isEqualTo(1);
        }
        return created.get(0).json().get("id").asText();
    }

    /**
     * One PATCH per member on one group, half through each node, all at once: every one answers 204 (a lost race
     * is retried on the new state, never a 409 or 500), the group then has every member on both nodes; then half
     * are removed the same way. The nodes' logs show the races were real.
     */
    private static String raceMemberPatchesThroughBothNodes(
            DirsyncClient scim, Connection onA, Connection onB, List<String> userIds) throws Exception {
        Response group = scim.scim(
                onB,
                "POST",
                "/Groups",
                Map.of(
                        "schemas",
                        List.of("urn:ietf:params:scim:schemas:core:2.0:Group"),
                        "displayName",
                        "Everyone",
                        "members",
                        List.of()));
        assertThat(group.status()).as(group.toString()).isEqualTo(201);
        String groupId = group.json().get("id").asText();

        List<Callable<Response>> adds = new ArrayList<>();
        for (int i = 0; i < userIds.size(); i++) {
            Connection via = i % 2 == 0 ? onA : onB;
            String member = userIds.get(i);
            adds.add(() -> scim.scim(
                    via,
                    "PATCH",
                    "/Groups/" + groupId,
                    patch(Map.of("op", "add", "path", "members", "value", List.of(Map.of("value", member))))));
        }
        assertAllNoContent(runAtOnce(adds));
        assertThat(members(scim, onA, groupId)).containsExactlyInAnyOrderElementsOf(userIds);

        List<Callable<Response>> removes = new ArrayList<>();
        for (int i = 0; i < userIds.size() / 2; i++) {
            Connection via = i % 2 == 0 ? onB : onA;
            String member = userIds.get(i);
            removes.add(() -> scim.scim(
                    via,
                    "PATCH",
                    "/Groups/" + groupId,
                    patch(Map.of("op", "remove", "path", "members[value eq \"" + member + "\"]"))));
        }
        assertAllNoContent(runAtOnce(removes));
        assertThat(members(scim, onB, groupId))
                .containsExactlyInAnyOrderElementsOf(userIds.subList(userIds.size() / 2, userIds.size()));

        int retries = retriesLogged(nodeA) + retriesLogged(nodeB);
        progress(retries + " commands lost a race to the other node and were retried");
        assertThat(retries)
                .as("concurrent PATCHes through two nodes did race on the group")
                .isPositive();
        return groupId;
    }

    /**
     * A replay asked of one node stops the processor on both (Axon resets tokens only when no node holds a claim),
     * rebuilds the view, and leaves the segments split as before.
     */
    private static void replayThroughOneNode(
            HttpClientSupport adminA, HttpClientSupport adminB, Connection connection, int users)
            throws InterruptedException {
        Response accepted = adminB.send("POST", "/api/projections/directory-users/replay", ADMIN_TOKEN, null);
        assertThat(accepted.status()).as(accepted.toString()).isEqualTo(202);
        AdminApi.await("the replay asked of node-b to be done", WAIT, () -> {
            for (JsonNode processor :
                    adminA.send("GET", "/api/projections", ADMIN_TOKEN, null).json()) {
                if (processor.get("name").asText().equals("directory-users")) {
                    JsonNode replay = processor.get("lastReplay");
                    return replay != null
                                    && replay.get("requestedBy").asText().equals("node-b")
                                    && replay.get("state").asText().equals("done")
                            ? null
                            : processor.toString();
                }
            }
            return "no directory-users processor";
        });
        awaitSegmentsSplitEvenly(adminA);
        AdminApi.await("the replayed Directory users view to list every user", WAIT, () -> {
            JsonNode view = adminA.send(
                            "GET",
                            "/api/connections/" + connection.id() + "/directory-users?count=1",
                            ADMIN_TOKEN,
                            null)
                    .json();
            return view.get("totalResults").asInt() == users ? null : view.toString();
        });
    }

    /**
     * A rebuild in sets asked of node-b builds the fresh tables there while node-a's processor runs on; for the switch
     * node-a stops and lets its segments go, and afterwards both take their share again from the position reached.
     */
    private static void rebuildInSetsThroughOneNode(
            HttpClientSupport adminA, HttpClientSupport adminB, Connection connection, int users)
            throws InterruptedException {
        Response accepted = adminB.send("POST", "/api/projections/directory-users/rebuild", ADMIN_TOKEN, null);
        assertThat(accepted.status()).as(accepted.toString()).isEqualTo(202);
        AdminApi.await("the rebuild asked of node-b to be done", WAIT, () -> {
            for (JsonNode processor :
                    adminA.send("GET", "/api/projections", ADMIN_TOKEN, null).json()) {
                if (processor.get("name").asText().equals("directory-users")) {
                    JsonNode rebuild = processor.get("lastRebuild");
                    return rebuild != null
                                    && !rebuild.isNull()
                                    && rebuild.get("requestedBy").asText().equals("node-b")
                                    && rebuild.get("state").asText().equals("done")
                            ? null
                            : processor.toString();
                }
            }
            return "no directory-users processor";
        });
        awaitSegmentsSplitEvenly(adminA);
        AdminApi.await("the rebuilt Directory users view to list every user", WAIT, () -> {
            JsonNode view = adminA.send(
                            "GET",
                            "/api/connections/" + connection.id() + "/directory-users?count=1",
                            ADMIN_TOKEN,
                            null)
                    .json();
            return view.get("totalResults").asInt() == users ? null : view.toString();
        });
    }

    /**
     * A rebuild of an in-transaction SCIM read model runs on the node asked, node-b, without stopping node-a, whose SCIM
     * writes go on meanwhile: every one answered is still there afterwards (the rebuild and the writes meet on row locks).
     */
    private static void rebuildScimReadModelsOnOneNodeWhileTheOtherWrites(
            HttpClientSupport adminA, HttpClientSupport adminB, DirsyncClient scim) throws InterruptedException {
        ScimTraffic traffic = new ScimTraffic(scim, createConnection(adminA), System.nanoTime()).seed(10, 20, 10);
        try {
            traffic.start();
            for (String model : List.of("scim-users", "scim-groups")) {
                Response accepted = adminB.send("POST", "/api/projections/" + model + "/replay", ADMIN_TOKEN, null);
                assertThat(accepted.status()).as(accepted.toString()).isEqualTo(202);
                AdminApi.await(
                        "the rebuild of " + model + " asked of node-b to be done, as node-a sees it", WAIT, () -> {
                            for (JsonNode processor : adminA.send("GET", "/api/projections", ADMIN_TOKEN, null)
                                    .json()) {
                                if (processor.get("name").asText().equals(model)) {
                                    JsonNode rebuild = processor.get("lastReplay");
                                    return rebuild != null
                                                    && rebuild.get("requestedBy")
                                                            .asText()
                                                            .equals("node-b")
                                                    && rebuild.get("state")
                                                            .asText()
                                                            .equals("done")
                                                    && rebuild.get("failed").asLong() == 0
                                            ? null
                                            : processor.toString();
                                }
                            }
                            return "no " + model + " processor";
                        });
            }
        } finally {
            traffic.close();
        }
        assertThat(traffic.failures()).isEmpty();
        traffic.assertEveryAnsweredWriteIsReflected();
    }

    /**
     * Both nodes run the delivery worker on one outbox: each delivery row is claimed by one of them (a versioned
     * lease), so every creation arrives, signed, and none twice while both nodes live.
     */
    private static void awaitEachCreationDeliveredOnce(WebhookReceiver receiver, List<String> userIds)
            throws InterruptedException {
        AdminApi.await("a user.created delivery for every user", WAIT, () -> {
            Set<String> delivered = new HashSet<>();
            receiver.requests().forEach(request -> delivered.add(request.subject()));
            return delivered.containsAll(userIds) ? null : delivered.size() + " of " + userIds.size() + " delivered";
        });
        List<WebhookReceiver.Request> requests = receiver.requests();
        assertThat(requests).allMatch(WebhookReceiver.Request::signatureValid);
        assertThat(requests.stream()
                        .map(WebhookReceiver.Request::webhookId)
                        .distinct()
                        .count())
                .as("no delivery sent twice")
                .isEqualTo(requests.size());
        assertThat(requests).hasSize(userIds.size());
    }

    private static Duration awaitSurvivorHoldsEverySegment(HttpClientSupport admin, long killedAt)
            throws InterruptedException {
        AdminApi.await("node-a to hold every segment", WAIT, () -> {
            Response projections = admin.send("GET", "/api/projections", ADMIN_TOKEN, null);
            for (JsonNode processor : projections.json()) {
                JsonNode claims = processor.get("claims");
                if (claims != null && (claims.size() != 1 || !claims.has("node-a"))) {
                    return projections.toString();
                }
            }
            return null;
        });
        return Duration.ofNanos(System.nanoTime() - killedAt);
    }

    /** The SCIM read model, the streaming Directory users view and the event log all hold every acknowledged write. */
    private static void assertNothingAcknowledgedIsLost(
            DirsyncClient scim,
            HttpClientSupport admin,
            Connection onA,
            List<String> acknowledged,
            String groupId,
            List<String> members)
            throws InterruptedException {
        for (String id : acknowledged) {
            Response user = scim.scim(onA, "GET", "/Users/" + id, null);
            assertThat(user.status()).as(user.toString()).isEqualTo(200);
        }
        Response list = scim.scim(onA, "GET", "/Users?count=1", null);
        assertThat(list.json().get("totalResults").asInt()).isEqualTo(acknowledged.size());
        assertThat(members(scim, onA, groupId)).containsExactlyInAnyOrderElementsOf(members);

        AdminApi.await("the Directory users view to list every user", WAIT, () -> {
            Response view = admin.send(
                    "GET", "/api/connections/" + onA.id() + "/directory-users?count=1000", ADMIN_TOKEN, null);
            Set<String> listed = new HashSet<>();
            view.json()
                    .get("Resources")
                    .forEach(user -> listed.add(user.get("id").asText()));
            return listed.equals(new HashSet<>(acknowledged))
                    ? null
                    : view.json().get("totalResults") + " listed";
        });
        AdminApi.await("the event log to hold every user's and the group's events", WAIT, () -> {
            Set<String> missing = new HashSet<>(acknowledged);
            missing.add(groupId);
            long after = 0;
            List<JsonNode> page;
            do {
                page = new ArrayList<>();
                admin.send(
                                "GET",
                                "/api/events?connectionId=" + onA.id() + "&limit=1000&after=" + after,
                                ADMIN_TOKEN,
                                null)
                        .json()
                        .forEach(page::add);
                for (JsonNode event : page) {
                    missing.remove(event.get("aggregateId").asText());
                    after = event.get("position").asLong();
                }
            } while (page.size() == 1000);
            return missing.isEmpty() ? null : "missing from the event log: " + missing;
        });
    }

    private static List<String> members(DirsyncClient scim, Connection via, String groupId) {
        Response group = scim.scim(via, "GET", "/Groups/" + groupId, null);
        assertThat(group.status()).as(group.toString()).isEqualTo(200);
        List<String> values = new ArrayList<>();
        JsonNode members = group.json().get("members");
        if (members != null) {
            members.forEach(member -> values.add(member.get("value").asText()));
        }
        return values;
    }

    private static void assertAllNoContent(List<Response> answers) {
        Map<Integer, Integer> byStatus = new HashMap<>();
        answers.forEach(answer -> byStatus.merge(answer.status(), 1, Integer::sum));
        assertThat(byStatus)
                .as(answers.stream().filter(a -> a.status() != 204).toList().toString())
                .isEqualTo(Map.of(204, answers.size()));
    }

    private static List<Response> runAtOnce(List<Callable<Response>> calls) throws Exception {
        ExecutorService pool = Executors.newFixedThreadPool(Math.min(calls.size(), 16));
        try {
            List<Response> answers = new ArrayList<>();
            for (Future<Response> answer : pool.invokeAll(calls)) {
                answers.add(answer.get());
            }
            return answers;
        } finally {
            pool.shutdownNow();
        }
    }

    private static int retriesLogged(DirsyncProcess node) {
        Matcher retry = Pattern.compile("lost a race on its aggregate").matcher(node.log());
        int count = 0;
        while (retry.find()) {
            count++;
        }
        return count;
    }

    private static Map<String, Object> patch(Map<String, Object> operation) {
        return Map.of(
                "schemas", List.of("urn:ietf:params:scim:api:messages:2.0:PatchOp"), "Operations", List.of(operation));
    }

    private static String encode(String filter) {
        return URLEncoder.encode(filter, StandardCharsets.UTF_8);
    }
}
