package io.dirsync.app;

import com.fasterxml.jackson.databind.JsonNode;
import io.dirsync.app.DirsyncClient.Connection;
import io.dirsync.app.HttpClientSupport.Response;
import org.junit.jupiter.api.Test;
import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.boot.test.context.SpringBootTest;
import org.springframework.boot.test.web.server.LocalServerPort;
import org.springframework.jdbc.core.JdbcTemplate;

import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.atomic.AtomicLong;

import static io.dirsync.app.ScimUsersContractTests.patch;
import static org.assertj.core.api.Assertions.assertThat;

/**
 * A rebuild in sets ({@code POST /api/projections/{name}/rebuild}) gives every streaming projection exactly the rows the
 * live projection wrote, table by table, after a history of users, groups, role mappings and an erasure; the live view
 * keeps its rows until the switch; and events committed while a rebuild runs all reach the rebuilt view. The read
 * models written in the command's transaction (SCIM users and groups, ...) are rebuilt in sets in place: the same rows
 * as live, and no answered write lost under SCIM traffic.
 */
@SpringBootTest(
        classes = DirsyncApplication.class,
        webEnvironment = SpringBootTest.WebEnvironment.RANDOM_PORT,
        properties = {
            "dirsync.admin-token=" + DirsyncClient.ADMIN_TOKEN,
            "dirsync.role-resolver.delay-ms=50",
            // small batches, so that even these small stores are rebuilt in many of them
            "dirsync.projections.rebuild-batch=16",
            "dirsync.projections.rebuild-aggregates=5",
            // two openers whatever the machine's cores: every batch is opened in two parts, joined in order
            "dirsync.projections.rebuild-openers=2",
            "logging.level.io.dirsync.app.projection.SetRebuildRun=DEBUG"
        })
abstract class RebuildInSetsContractTests {
    /** The streaming projections and their tables, as the soak's fold check (bench/soak_fold.py) lists them. */
    private static final Map<String, List<String>> TABLES = Map.of(
            "directory-users", List.of("directory_user"),
            "event-log", List.of("event_log", "event_log_subject"),
            "user-public-metadata",
                    List.of("user_public_metadata", "public_metadata_mapping", "access_metadata_interval"),
            "organization-members", List.of("org_member", "org_member_name"),
            "connection-overview", List.of("connection_overview"),
            "organization-overview", List.of("organization_overview", "organization_overview_role"),
            "access-history",
                    List.of(
                            "access_user_interval",
                            "access_role_interval",
                            "access_group_interval",
                            "access_membership_interval"));
    /**
     * The read models written in the command's transaction, and their tables, rebuilt in place. The connection
     * credentials are rebuilt too, but forget a token's last use (not an event), so their rows are not compared.
     */
    private static final Map<String, List<String>> IN_TRANSACTION = Map.of(
            "scim-users", ReadModelTables.USERS,
            "scim-groups", ReadModelTables.GROUPS,
            "user-registry", ReadModelTables.REGISTRY,
            "role-mappings", ReadModelTables.ROLE_MAPPINGS,
            "attribute-mappings", ReadModelTables.ATTRIBUTE_MAPPINGS,
            "sessions", ReadModelTables.SESSIONS);
    /** Streaming, but not read models: they send commands and deliveries. */
    private static final Set<String> NOT_READ_MODELS = Set.of("role-resolution", "webhook-outbox");

    @LocalServerPort
    int port;

    @Autowired
    JdbcTemplate jdbc;

    @Test
    void everyStreamingProjectionRebuiltInSetsHoldsExactlyTheRowsTheLiveProjectionWrote() throws Exception {
        DirsyncClient client = new DirsyncClient("http://127.0.0.1:" + port);
        ProjectionsQuiet projections = new ProjectionsQuiet(client, jdbc);
        history(client);
        projections.await();
        List<String> streaming = projections.streaming();
        assertThat(streaming)
                .as("every streaming read model is rebuilt in sets")
                .filteredOn(name -> !NOT_READ_MODELS.contains(name))
                .containsExactlyInAnyOrderElementsOf(TABLES.keySet());
        List<String> all = TABLES.values().stream().flatMap(List::stream).toList();
        Map<String, List<String>> before = ReadModelTables.snapshot(jdbc, all);
        assertThat(before.get("event_log")).isNotEmpty();
        assertThat(before.get("access_membership_interval")).isNotEmpty();
        long events = projections.count("domain_event_entry");

        for (String name : TABLES.keySet()) {
            rebuildKeepingRows(client, name, TABLES.get(name).get(0), "until the switch");
        }
        projections.await();

        ReadModelTables.assertSameRows(ReadModelTables.snapshot(jdbc, all), before, "rebuilt in sets against live");
        assertThat(projections.count("domain_event_entry"))
                .as("a rebuild decides nothing anew")
                .isEqualTo(events);
        assertThat(admin(client, "POST", "/api/projections/nope/rebuild").status())
                .isEqualTo(404);
        Response notInSets = admin(client, "POST", "/api/projections/webhook-outbox/rebuild");
        assertThat(notInSets.status()).as(notInSets.rawBody()).isEqualTo(400);
    }

    /**
     * The read models written in the command's transaction, rebuilt in sets (a batch of aggregates per transaction, here
     * five) in place and from emptied tables, after users created, renamed, deactivated, deleted, brought back and
     * erased, groups created, renamed, changed and deleted, role and attribute mappings and sessions: each equals the
     * live one row for row, and none is ever emptier than before while it is rebuilt in place.
     */
    @Test
    void theReadModelsOfTheCommandTransactionRebuiltInSetsHoldExactlyTheRowsTheLiveHandlersWrote() throws Exception {
        DirsyncClient client = new DirsyncClient("http://127.0.0.1:" + port);
        long seed = System.nanoTime();
        history(client);
        ScimTraffic scim = new ScimTraffic(client, client.createConnection("sets scim " + seed), seed)
                .seed(12, 12, 6)
                .send(150);
        assertThat(scim.failures()).as("seed " + seed).isEmpty();
        Connection rich = client.createConnection("sets rich " + seed);
        String richName = "rich-" + seed + "@example.com";
        String richId = client.scim(rich, "POST", "/Users", ReplayContractTests.richUser(richName))
                .json()
                .get("id")
                .asText();
        client.scim(
                rich, "PATCH", "/Users/" + richId, patch(Map.of("op", "replace", "path", "title", "value", "Chief")));
        assertThat(client.scim(rich, "DELETE", "/Users/" + richId, null).status())
                .isEqualTo(204);
        assertThat(client.scim(rich, "POST", "/Users", ReplayContractTests.richUser(richName))
                        .json()
                        .get("id")
                        .asText())
                .as("brought back")
                .isEqualTo(richId);
        AdminTraffic admin = new AdminTraffic(client, seed).seed(2, 6);
        try {
            admin.start();
            Polling.await(admin::writes, writes -> writes >= 30, "thirty admin writes");
        } finally {
            admin.close();
        }
        assertThat(admin.failures()).as("seed " + seed).isEmpty();
        List<String> tables =
                IN_TRANSACTION.values().stream().flatMap(List::stream).toList();
        Map<String, List<String>> live = ReadModelTables.snapshot(jdbc, tables);
        assertThat(live.values())
                .as("every table has rows")
                .allSatisfy(rows -> assertThat(rows).isNotEmpty());

        for (String name : IN_TRANSACTION.keySet()) {
            rebuildKeepingRows(client, name, IN_TRANSACTION.get(name).get(0), "while rebuilt in place");
        }
        ReadModelTables.assertSameRows(
                ReadModelTables.snapshot(jdbc, tables),
                live,
                "rebuilt in sets in place against live (seed " + seed + ")");

        ReadModelTables.empty(jdbc, tables);
        for (String name : IN_TRANSACTION.keySet()) {
            assertThat(admin(client, "POST", "/api/projections/" + name + "/rebuild")
                            .status())
                    .as(name)
                    .isEqualTo(202);
        }
        for (String name : IN_TRANSACTION.keySet()) {
            awaitRebuilt(client, name, () -> {});
        }
        ReadModelTables.assertSameRows(
                ReadModelTables.snapshot(jdbc, tables),
                live,
                "rebuilt in sets from empty tables against live (seed " + seed + ")");
        scim.assertEveryAnsweredWriteIsReflected();
        admin.assertEveryAnsweredWriteIsReflected(jdbc);
    }

    /**
     * SCIM users and groups rebuilt in sets again and again while an IdP writes: every answered write is reflected, SCIM
     * answers every request, and afterwards the tables hold what a rebuild at rest from empty tables gives.
     */
    @Test
    void rebuildsInSetsOfTheScimReadModelsUnderSteadyScimWritesLoseNoAnsweredWrite() throws Exception {
        DirsyncClient client = new DirsyncClient("http://127.0.0.1:" + port);
        long seed = System.nanoTime();
        ScimTraffic traffic =
                new ScimTraffic(client, client.createConnection("busy sets " + seed), seed).seed(40, 120, 80);
        rebuildUnderTraffic(client, traffic, seed, List.of("scim-users", "scim-groups", "user-registry"), 60);
        traffic.assertEveryAnsweredWriteIsReflected();
        List<String> tables = new ArrayList<>(ReadModelTables.ALL);
        tables.addAll(ReadModelTables.REGISTRY);
        Map<String, List<String>> afterTraffic = ReadModelTables.snapshot(jdbc, tables);

        ReadModelTables.empty(jdbc, tables);
        for (String name : List.of("scim-users", "scim-groups", "user-registry")) {
            admin(client, "POST", "/api/projections/" + name + "/rebuild");
            awaitRebuilt(client, name, () -> {});
        }
        ReadModelTables.assertSameRows(
                ReadModelTables.snapshot(jdbc, tables),
                afterTraffic,
                "rebuilt under traffic against rebuilt at rest (seed " + seed + ")");
    }

    /**
     * Rebuilds the models in sets, round after round, while the traffic writes, until at least {@code minWrites} writes
     * were answered during rebuilds (ten rounds at most); SCIM must answer every request meanwhile.
     */
    private static void rebuildUnderTraffic(
            DirsyncClient client, ScimTraffic traffic, long seed, List<String> names, int minWrites) throws Exception {
        int writesDuringRebuilds = 0;
        try {
            traffic.start();
            for (int round = 0; round < 10 && writesDuringRebuilds < minWrites; round++) {
                int writes = traffic.writes();
                for (String name : names) {
                    assertThat(admin(client, "POST", "/api/projections/" + name + "/rebuild")
                                    .status())
                            .isEqualTo(202);
                }
                for (String name : names) {
                    awaitRebuilt(client, name, () -> {});
                }
                writesDuringRebuilds += traffic.writes() - writes;
            }
        } finally {
            traffic.close();
        }
        assertThat(traffic.failures())
                .as("SCIM answers every request during the rebuilds (seed " + seed + ")")
                .isEmpty();
        assertThat(writesDuringRebuilds)
                .as("writes answered while rebuilds ran")
                .isGreaterThanOrEqualTo(minWrites);
    }

    /** Rebuilds the model in sets and checks, as it runs, that its first table never holds fewer rows than before. */
    private void rebuildKeepingRows(DirsyncClient client, String name, String table, String when) throws Exception {
        long rows = count(table);
        assertThat(admin(client, "POST", "/api/projections/" + name + "/rebuild")
                        .status())
                .as(name)
                .isEqualTo(202);
        awaitRebuilt(
                client,
                name,
                () -> assertThat(count(table))
                        .as("the live view keeps its rows " + when + ": " + name)
                        .isGreaterThanOrEqualTo(rows));
    }

    private long count(String table) {
        return jdbc.queryForObject("SELECT COUNT(*) FROM " + table, Long.class);
    }

    @Test
    void eventsCommittedWhileRebuildsRunAllReachTheRebuiltViews() throws Exception {
        DirsyncClient client = new DirsyncClient("http://127.0.0.1:" + port);
        ProjectionsQuiet projections = new ProjectionsQuiet(client, jdbc);
        Connection busy = client.createConnection("busy rebuild " + System.nanoTime());
        long seed = System.nanoTime();
        ScimTraffic traffic = new ScimTraffic(client, busy, seed).seed(20, 40, 10);
        rebuildUnderTraffic(client, traffic, seed, List.of("directory-users", "event-log", "access-history"), 40);
        // every stored event indexed once, every processor caught up at the head
        projections.await();
        assertThat(jdbc.queryForList(
                        "SELECT user_id FROM scim_user WHERE connection_id = ? AND NOT EXISTS"
                                + " (SELECT 1 FROM directory_user d WHERE d.user_id = scim_user.user_id)",
                        String.class,
                        busy.id()))
                .as("every user SCIM knows is in the rebuilt directory view (seed " + seed + ")")
                .isEmpty();
        assertThat(jdbc.queryForObject(
                        "SELECT COUNT(*) FROM scim_user s JOIN directory_user d ON d.user_id = s.user_id"
                                + " WHERE s.connection_id = ? AND (d.user_name <> s.user_name"
                                + " OR d.status <> CASE WHEN s.active AND NOT s.deleted THEN 'Active' ELSE 'Deactivated' END)",
                        Long.class,
                        busy.id()))
                .as("and as SCIM last wrote it (seed " + seed + ")")
                .isZero();

        List<String> tables = List.of("directory_user", "event_log", "event_log_subject", "access_user_interval");
        Map<String, List<String>> afterTraffic = ReadModelTables.snapshot(jdbc, tables);
        for (String name : List.of("directory-users", "event-log", "access-history")) {
            admin(client, "POST", "/api/projections/" + name + "/rebuild");
            awaitRebuilt(client, name, () -> {});
        }
        projections.await();
        ReadModelTables.assertSameRows(
                ReadModelTables.snapshot(jdbc, tables),
                afterTraffic,
                "rebuilt under traffic against rebuilt at rest (seed " + seed + ")");
    }

    /** Users created, renamed, deactivated, deleted and erased; a group mapped to a role; the role deleted. */
    private static void history(DirsyncClient client) {
        String org = admin(
                        client,
                        "POST",
                        "/api/organizations",
                        Map.of("name", "Sets", "roles", List.of("admin", "member"), "defaultRole", "member"))
                .json()
                .get("id")
                .asText();
        JsonNode conn = admin(
                        client,
                        "POST",
                        "/api/connections",
                        Map.of("name", "sets", "organizationId", org, "deletionPolicy", "erase"))
                .json();
        Connection acme = new Connection(
                conn.get("id").asText(),
                conn.get("scimBaseUrl").asText(),
                conn.get("bearerToken").asText());
        List<String> users = new ArrayList<>();
        for (int i = 0; i < 8; i++) {
            users.add(client.createUser(acme, "sets" + i + "-" + System.nanoTime() + "@example.com")
                    .get("id")
                    .asText());
        }
        String group = client.scim(
                        acme,
                        "POST",
                        "/Groups",
                        DirsyncClient.group(Map.of(
                                "displayName",
                                "Admins",
                                "members",
                                List.of(Map.of("value", users.get(0)), Map.of("value", users.get(1))))))
                .json()
                .get("id")
                .asText();
        admin(
                client,
                "PUT",
                "/api/connections/" + acme.id() + "/role-mappings",
                List.of(Map.of("groupId", group, "role", "admin")));
        client.scim(
                acme,
                "PATCH",
                "/Users/" + users.get(2),
                patch(Map.of("op", "Replace", "path", "active", "value", "False")));
        client.scim(
                acme,
                "PATCH",
                "/Users/" + users.get(4),
                patch(Map.of("op", "replace", "path", "displayName", "value", "Renamed")));
        assertThat(client.scim(acme, "DELETE", "/Users/" + users.get(3), null).status())
                .as("erased: the connection's deletion policy")
                .isEqualTo(204);
        client.scim(
                acme,
                "PATCH",
                "/Groups/" + group,
                patch(Map.of("op", "add", "path", "members", "value", List.of(Map.of("value", users.get(5))))));
        admin(client, "DELETE", "/api/organizations/" + org + "/roles/admin");
    }

    /**
     * Waits for the projection's rebuild to end, checking {@code meanwhile} at every look; it must have ended done and
     * the processor must be running again.
     */
    private static void awaitRebuilt(DirsyncClient client, String name, Runnable meanwhile) throws Exception {
        AtomicLong looks = new AtomicLong();
        JsonNode processor = Polling.await(
                () -> {
                    meanwhile.run();
                    looks.incrementAndGet();
                    for (JsonNode view :
                            admin(client, "GET", "/api/projections").json()) {
                        if (view.get("name").asText().equals(name)) {
                            return view;
                        }
                    }
                    throw new AssertionError("no projection " + name);
                },
                view -> !view.get("lastRebuild").isNull()
                        && !view.get("lastRebuild").get("state").asText().equals("running"),
                "the rebuild of " + name);
        JsonNode rebuild = processor.get("lastRebuild");
        assertThat(rebuild.get("state").asText()).as(rebuild.toString()).isEqualTo("done");
        if (processor.get("type").asText().equals("subscribing")) {
            assertThat(rebuild.get("rebuilt").asLong())
                    .as(rebuild.toString())
                    .isEqualTo(rebuild.get("total").asLong())
                    .isPositive();
            assertThat(rebuild.get("failed").asLong()).as(rebuild.toString()).isZero();
        }
        assertThat(processor.get("rebuildableInSets").asBoolean()).isTrue();
        Polling.await(
                () -> admin(client, "GET", "/api/projections").json(),
                views -> {
                    for (JsonNode view : views) {
                        if (view.get("name").asText().equals(name)) {
                            return view.get("running").asBoolean();
                        }
                    }
                    return false;
                },
                "the processor " + name + " running again");
    }

    private static Response admin(DirsyncClient client, String method, String path) {
        return admin(client, method, path, null);
    }

    private static Response admin(DirsyncClient client, String method, String path, Object body) {
        return client.http().send(method, path, DirsyncClient.ADMIN_TOKEN, body, "Content-Type", "application/json");
    }
}
