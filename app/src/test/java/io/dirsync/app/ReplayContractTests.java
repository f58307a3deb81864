package io.dirsync.app;

import com.fasterxml.jackson.databind.JsonNode;
import io.dirsync.app.DirsyncClient.Connection;
import io.dirsync.app.HttpClientSupport.Response;
import org.axonframework.eventhandling.pooled.PooledStreamingEventProcessor;
import org.junit.jupiter.api.Test;
import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.beans.factory.annotation.Value;
import org.springframework.boot.test.context.SpringBootTest;
import org.springframework.boot.test.web.server.LocalServerPort;
import org.springframework.jdbc.core.JdbcTemplate;
import org.springframework.test.util.ReflectionTestUtils;

import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.UUID;
import java.util.stream.Stream;

import static io.dirsync.app.ScimUsersContractTests.patch;
import static org.assertj.core.api.Assertions.assertThat;

/**
 * Every projection rebuilt from the first event ends identical, and the replay adds no event: the streaming ones by a
 * token reset, the SCIM read models (kept in the command's transaction) aggregate by aggregate, under SCIM traffic too.
 */
@SpringBootTest(
        classes = DirsyncApplication.class,
        webEnvironment = SpringBootTest.WebEnvironment.RANDOM_PORT,
        properties = {"dirsync.admin-token=" + DirsyncClient.ADMIN_TOKEN, "dirsync.role-resolver.delay-ms=50"})
abstract class ReplayContractTests {
    private static final List<String> TABLES = List.of(
            "directory_user",
            "event_log",
            "event_log_subject",
            "org_member",
            "org_member_name",
            "rm_organization",
            "rm_role",
            "rm_connection",
            "rm_mapping",
            "rm_user",
            "rm_membership",
            "rm_assignment",
            "user_public_metadata",
            "public_metadata_mapping",
            "connection_overview",
            "organization_overview",
            "organization_overview_role",
            "access_user_interval",
            "access_role_interval",
            "access_group_interval",
            "access_metadata_interval");
    private static final List<String> MAPPING_AND_SESSION_MODELS =
            List.of("role-mappings", "attribute-mappings", "sessions");

    @LocalServerPort
    int port;

    @Autowired
    JdbcTemplate jdbc;

    @Autowired
    org.axonframework.config.Configuration axon;

    @Value("${dirsync.projections.shared-stream:false}")
    boolean sharedStream;

    /**
     * Every streaming processor reads the store the way the setting says: through the node's shared stream (what
     * SharedStreamSignalsTest shows of it), or each on its own stream that asks the store once per idle pass (what
     * RecentlyEmptyEventSourceTest shows). Axon keeps these to itself, hence the field reads: a rename in a later Axon
     * fails here, not silently.
     */
    @Test
    void everyStreamingProcessorReadsTheStoreAsConfigured() {
        assertThat(ReflectionTestUtils.getField(axon.eventStore(), "optimizeEventConsumption"))
                .as("the event store's shared stream")
                .isEqualTo(sharedStream);
        assertThat(axon.eventProcessingConfiguration().eventProcessors().values())
                .filteredOn(PooledStreamingEventProcessor.class::isInstance)
                .isNotEmpty()
                .allSatisfy(processor -> assertThat(ReflectionTestUtils.getField(processor, "messageSource"))
                        .as(processor.getName())
                        .extracting(source -> source.getClass().getEnclosingClass() == null
                                ? source.getClass().getSimpleName()
                                : source.getClass().getEnclosingClass().getSimpleName())
                        .isEqualTo(sharedStream ? "SharedStreamSignals" : "RecentlyEmptyEventSource"));
    }

    @Test
    void aFullReplayRebuildsEveryStreamingProjectionIdentically() throws InterruptedException {
        DirsyncClient client = new DirsyncClient("http://127.0.0.1:" + port);
        ProjectionsQuiet projections = new ProjectionsQuiet(client, jdbc);
        String org = admin(
                        client,
                        "POST",
                        "/api/organizations",
                        Map.of("name", "Replay", "roles", List.of("admin", "member"), "defaultRole", "member"))
                .json()
                .get("id")
                .asText();
        JsonNode conn = admin(client, "POST", "/api/connections", Map.of("name", "replayed", "organizationId", org))
                .json();
        Connection acme = new Connection(
                conn.get("id").asText(),
                conn.get("scimBaseUrl").asText(),
                conn.get("bearerToken").asText());
        List<String> users = new ArrayList<>();
        for (int i = 0; i < 6; i++) {
            users.add(client.createUser(acme, "replay" + i + "@example.com")
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
        client.scim(acme, "DELETE", "/Users/" + users.get(3), null);
        client.scim(
                acme,
                "PATCH",
                "/Users/" + users.get(4),
                patch(Map.of("op", "replace", "path", "displayName", "value", "Renamed")));
        admin(client, "DELETE", "/api/organizations/" + org + "/roles/admin", null);

        projections.await();
        Map<String, List<Map<String, Object>>> before = snapshot();
        long events = projections.count("domain_event_entry");
        assertThat(before.get("org_member"))
                .as("the context may be shared with other suites: count this organization's")
                .filteredOn(row -> org.equals(row.get("organization_id")))
                .hasSize(6);

        List<String> streaming = projections.streaming();
        assertThat(streaming).contains("directory-users", "event-log", "organization-members", "role-resolution");
        for (String name : streaming) {
            assertThat(admin(client, "POST", "/api/projections/" + name + "/replay", null)
                            .status())
                    .isEqualTo(202);
        }
        assertThat(client.scim(acme, "GET", "/Users/" + users.get(0), null).status())
                .as("reads go on during the replay")
                .isEqualTo(200);
        projections.await();

        Map<String, List<Map<String, Object>>> after = snapshot();
        for (String table : TABLES) {
            assertThat(after.get(table)).as(table).isEqualTo(before.get(table));
        }
        assertThat(projections.count("domain_event_entry"))
                .as("a replay decides nothing anew")
                .isEqualTo(events);
        assertThat(admin(client, "POST", "/api/projections/nope/replay", null).status())
                .isEqualTo(404);
    }

    @Test
    void theScimReadModelsRebuiltFromEmptyTablesHoldExactlyTheRowsTheLiveProjectionsWrote()
            throws InterruptedException {
        DirsyncClient client = new DirsyncClient("http://127.0.0.1:" + port);
        Connection acme = client.createConnection("rebuilt");
        ScimTraffic history =
                new ScimTraffic(client, acme, System.nanoTime()).seed(12, 12, 6).send(150);
        assertThat(history.failures()).isEmpty();
        String richName = "rich-" + UUID.randomUUID() + "@example.com";
        JsonNode rich = client.scim(acme, "POST", "/Users", richUser(richName)).json();
        client.scim(
                acme,
                "PATCH",
                "/Users/" + rich.get("id").asText(),
                patch(Map.of("op", "replace", "path", "title", "value", "Chief")));
        client.scim(acme, "DELETE", "/Users/" + rich.get("id").asText(), null);
        assertThat(client.scim(acme, "POST", "/Users", richUser(richName))
                        .json()
                        .get("id"))
                .as("re-provisioned")
                .isEqualTo(rich.get("id"));
        JsonNode erasing = admin(
                        client, "POST", "/api/connections", Map.of("name", "erasing", "deletionPolicy", "erase"))
                .json();
        Connection shredder = new Connection(
                erasing.get("id").asText(),
                erasing.get("scimBaseUrl").asText(),
                erasing.get("bearerToken").asText());
        String erased = client.createUser(shredder, "erased-" + System.nanoTime() + "@example.com")
                .get("id")
                .asText();
        assertThat(client.scim(shredder, "DELETE", "/Users/" + erased, null).status())
                .isEqualTo(204);
        Map<String, List<String>> live = ReadModelTables.snapshot(jdbc);

        ReadModelTables.empty(jdbc, ReadModelTables.ALL);
        assertThat(client.scim(acme, "GET", "/Users/" + rich.get("id").asText(), null)
                        .status())
                .as("the rows are gone")
                .isEqualTo(404);
        assertThat(admin(client, "POST", "/api/projections/scim-users/replay", null)
                        .status())
                .isEqualTo(202);
        assertThat(admin(client, "POST", "/api/projections/scim-groups/replay", null)
                        .status())
                .isEqualTo(202);
        awaitRebuilt(client, "scim-users");
        awaitRebuilt(client, "scim-groups");

        ReadModelTables.assertSameRows(ReadModelTables.snapshot(jdbc), live, "rebuilt against live");
        assertThat(jdbc.queryForObject("SELECT COUNT(*) FROM scim_user WHERE user_id = ?", Integer.class, erased))
                .as("an erased user stays without rows")
                .isZero();
        history.assertEveryAnsweredWriteIsReflected();
    }

    @Test
    void aRebuildOfScimUsersUnderSteadyScimWritesLosesNoAnsweredWrite() throws InterruptedException {
        rebuildUnderTraffic("scim-users", ReadModelTables.USERS);
    }

    @Test
    void aRebuildOfScimGroupsUnderSteadyScimWritesLosesNoAnsweredWrite() throws InterruptedException {
        rebuildUnderTraffic("scim-groups", ReadModelTables.GROUPS);
    }

    @Test
    void aRebuildOfTheUserNameRegistryUnderSteadyScimWritesLosesNoAnsweredWrite() throws InterruptedException {
        rebuildUnderTraffic("user-registry", ReadModelTables.REGISTRY);
    }

    /**
     * The command side's userName registry, written by an event handler in the command's transaction, comes back from
     * the events whole: names given up and taken by another user, a deleted user's name taken by a live one, a user
     * brought back, an erased user. Then it decides as before: a taken name is 409, a deleted user's comes back.
     */
    @Test
    void theUserNameRegistryRebuiltFromAnEmptyTableHoldsExactlyTheRowsTheLiveHandlerWrote()
            throws InterruptedException {
        DirsyncClient client = new DirsyncClient("http://127.0.0.1:" + port);
        Connection acme = client.createConnection("registry");
        String suffix = "-" + UUID.randomUUID() + "@example.com";
        String first = client.createUser(acme, "first" + suffix).get("id").asText();
        renameUser(client, acme, first, "moved" + suffix);
        String second = client.createUser(acme, "FIRST" + suffix).get("id").asText();
        String gone = client.createUser(acme, "gone" + suffix).get("id").asText();
        assertThat(client.scim(acme, "DELETE", "/Users/" + gone, null).status()).isEqualTo(204);
        String taker = client.createUser(acme, "taker" + suffix).get("id").asText();
        renameUser(client, acme, taker, "gone" + suffix);
        String back = client.createUser(acme, "back" + suffix).get("id").asText();
        assertThat(client.scim(acme, "DELETE", "/Users/" + back, null).status()).isEqualTo(204);
        assertThat(client.createUser(acme, "back" + suffix).get("id").asText())
                .as("brought back")
                .isEqualTo(back);
        String dormant = client.createUser(acme, "dormant" + suffix).get("id").asText();
        assertThat(client.scim(acme, "DELETE", "/Users/" + dormant, null).status())
                .isEqualTo(204);
        JsonNode erasing = admin(
                        client,
                        "POST",
                        "/api/connections",
                        Map.of("name", "erasing registry", "deletionPolicy", "erase"))
                .json();
        Connection shredder = new Connection(
                erasing.get("id").asText(),
                erasing.get("scimBaseUrl").asText(),
                erasing.get("bearerToken").asText());
        String erased = client.createUser(shredder, "erased" + suffix).get("id").asText();
        assertThat(client.scim(shredder, "DELETE", "/Users/" + erased, null).status())
                .isEqualTo(204);
        Map<String, List<String>> live = ReadModelTables.snapshot(jdbc, ReadModelTables.REGISTRY);
        assertThat(jdbc.queryForList(
                        "SELECT user_id FROM user_registration WHERE connection_id = ?", String.class, acme.id()))
                .containsExactlyInAnyOrder(first, second, gone, taker, back, dormant);

        ReadModelTables.empty(jdbc, ReadModelTables.REGISTRY);
        assertThat(admin(client, "POST", "/api/projections/user-registry/replay", null)
                        .status())
                .isEqualTo(202);
        awaitRebuilt(client, "user-registry");

        ReadModelTables.assertSameRows(
                ReadModelTables.snapshot(jdbc, ReadModelTables.REGISTRY), live, "rebuilt against live");
        ScimUsersContractTests.assertScimError(
                client.scim(acme, "POST", "/Users", DirsyncClient.user("MOVED" + suffix)), 409, "uniqueness");
        ScimUsersContractTests.assertScimError(
                client.scim(acme, "POST", "/Users", DirsyncClient.user("first" + suffix)), 409, "uniqueness");
        ScimUsersContractTests.assertScimError(
                client.scim(acme, "POST", "/Users", DirsyncClient.user("gone" + suffix)), 409, "uniqueness");
        assertThat(client.createUser(acme, "dormant" + suffix).get("id").asText())
                .as("a deleted user comes back")
                .isEqualTo(dormant);
        assertThat(client.createUser(shredder, "erased" + suffix).get("id").asText())
                .as("an erased user does not")
                .isNotEqualTo(erased);
    }

    private static void renameUser(DirsyncClient client, Connection connection, String id, String userName) {
        assertThat(client.scim(
                                connection,
                                "PATCH",
                                "/Users/" + id,
                                patch(Map.of("op", "replace", "path", "userName", "value", userName)))
                        .status())
                .isEqualTo(200);
    }

    @Test
    void theMappingAndSessionModelsRebuiltFromEmptyTablesHoldExactlyTheRowsTheLiveProjectionsWrote()
            throws InterruptedException {
        DirsyncClient client = new DirsyncClient("http://127.0.0.1:" + port);
        long seed = System.nanoTime();
        AdminTraffic history = new AdminTraffic(client, seed).seed(3, 10);
        try {
            history.start();
            Polling.await(history::writes, writes -> writes >= 60, "sixty admin writes");
        } finally {
            history.close();
        }
        assertThat(history.failures()).as("seed " + seed).isEmpty();
        history.assertEveryAnsweredWriteIsReflected(jdbc);
        Map<String, List<String>> live = ReadModelTables.snapshot(jdbc, ReadModelTables.MAPPINGS_AND_SESSIONS);
        assertThat(live.values())
                .as("every table has rows")
                .allSatisfy(rows -> assertThat(rows).isNotEmpty());

        ReadModelTables.empty(jdbc, ReadModelTables.MAPPINGS_AND_SESSIONS);
        for (String model : MAPPING_AND_SESSION_MODELS) {
            assertThat(admin(client, "POST", "/api/projections/" + model + "/replay", null)
                            .status())
                    .as(model)
                    .isEqualTo(202);
        }
        for (String model : MAPPING_AND_SESSION_MODELS) {
            awaitRebuilt(client, model);
        }

        ReadModelTables.assertSameRows(
                ReadModelTables.snapshot(jdbc, ReadModelTables.MAPPINGS_AND_SESSIONS),
                live,
                "rebuilt against live (seed " + seed + ")");
        history.assertEveryAnsweredWriteIsReflected(jdbc);
        for (JsonNode processor : admin(client, "GET", "/api/projections", null).json()) {
            if (MAPPING_AND_SESSION_MODELS.contains(processor.get("name").asText())) {
                assertThat(processor.get("rebuildable").asBoolean())
                        .as(processor.toString())
                        .isTrue();
            }
        }
    }

    /**
     * The three rebuilt at once, again and again, while an admin replaces mappings, starts sessions and deactivates
     * users; then as {@link #rebuildUnderTraffic} for the SCIM models.
     */
    @Test
    void rebuildsOfTheMappingAndSessionModelsUnderSteadyAdminWritesLoseNoAnsweredWrite() throws InterruptedException {
        DirsyncClient client = new DirsyncClient("http://127.0.0.1:" + port);
        long seed = System.nanoTime();
        AdminTraffic traffic = new AdminTraffic(client, seed).seed(4, 40);
        int writesDuringRebuilds = 0;
        try {
            traffic.start();
            for (int round = 0; round < 20 && writesDuringRebuilds < 40; round++) {
                int before = traffic.writes();
                for (String model : MAPPING_AND_SESSION_MODELS) {
                    assertThat(admin(client, "POST", "/api/projections/" + model + "/replay", null)
                                    .status())
                            .as(model)
                            .isEqualTo(202);
                }
                for (String model : MAPPING_AND_SESSION_MODELS) {
                    awaitRebuilt(client, model);
                }
                writesDuringRebuilds += traffic.writes() - before;
            }
        } finally {
            traffic.close();
        }
        assertThat(traffic.failures())
                .as("the admin API answers every request during the rebuilds (seed " + seed + ")")
                .isEmpty();
        assertThat(writesDuringRebuilds)
                .as("writes answered while rebuilds ran")
                .isGreaterThanOrEqualTo(40);
        traffic.assertEveryAnsweredWriteIsReflected(jdbc);
        Map<String, List<String>> afterTraffic = ReadModelTables.snapshot(jdbc, ReadModelTables.MAPPINGS_AND_SESSIONS);

        ReadModelTables.empty(jdbc, ReadModelTables.MAPPINGS_AND_SESSIONS);
        for (String model : MAPPING_AND_SESSION_MODELS) {
            assertThat(admin(client, "POST", "/api/projections/" + model + "/replay", null)
                            .status())
                    .isEqualTo(202);
        }
        for (String model : MAPPING_AND_SESSION_MODELS) {
            awaitRebuilt(client, model);
        }
        ReadModelTables.assertSameRows(
                ReadModelTables.snapshot(jdbc, ReadModelTables.MAPPINGS_AND_SESSIONS),
                afterTraffic,
                "after the traffic against what the events give (seed " + seed + ")");
    }

    /**
     * Rebuilds {@code model} again and again while an IdP writes, until enough writes landed during rebuilds. Then every
     * answered write must be visible, and the tables must hold exactly what a rebuild from empty tables, with no traffic,
     * gives (which the test above shows to be what the live projection writes).
     */
    private void rebuildUnderTraffic(String model, List<String> tables) throws InterruptedException {
        DirsyncClient client = new DirsyncClient("http://127.0.0.1:" + port);
        long seed = System.nanoTime();
        ScimTraffic traffic = new ScimTraffic(client, client.createConnection("busy " + model), seed).seed(40, 120, 80);
        int writesDuringRebuilds = 0;
        try {
            traffic.start();
            for (int round = 0; round < 10 && writesDuringRebuilds < 40; round++) {
                int before = traffic.writes();
                assertThat(admin(client, "POST", "/api/projections/" + model + "/replay", null)
                                .status())
                        .isEqualTo(202);
                awaitRebuilt(client, model);
                writesDuringRebuilds += traffic.writes() - before;
            }
        } finally {
            traffic.close();
        }
        assertThat(traffic.failures())
                .as("SCIM answers every request during the rebuilds (seed " + seed + ")")
                .isEmpty();
        assertThat(writesDuringRebuilds)
                .as("writes answered while a rebuild ran")
                .isGreaterThanOrEqualTo(40);
        traffic.assertEveryAnsweredWriteIsReflected();
        List<String> compared = Stream.concat(ReadModelTables.ALL.stream(), tables.stream())
                .distinct()
                .toList();
        Map<String, List<String>> afterTraffic = ReadModelTables.snapshot(jdbc, compared);

        ReadModelTables.empty(jdbc, tables);
        assertThat(admin(client, "POST", "/api/projections/" + model + "/replay", null)
                        .status())
                .isEqualTo(202);
        awaitRebuilt(client, model);

        ReadModelTables.assertSameRows(
                afterTraffic,
                ReadModelTables.snapshot(jdbc, compared),
                "after the traffic against what the" + " events give (seed " + seed + ")");
    }

    /** Waits for the model's rebuild to end; it must have rebuilt every aggregate and failed none. */
    private static void awaitRebuilt(DirsyncClient client, String model) throws InterruptedException {
        JsonNode rebuild = Polling.await(
                () -> {
                    for (JsonNode processor :
                            admin(client, "GET", "/api/projections", null).json()) {
                        if (processor.get("name").asText().equals(model)) {
                            return processor.get("lastReplay");
                        }
                    }
                    throw new AssertionError("no projection " + model);
                },
                last -> !last.get("state").asText().equals("running"),
                "the rebuild of " + model);
        assertThat(rebuild.get("state").asText()).as(rebuild.toString()).isEqualTo("done");
        assertThat(rebuild.get("rebuilt").asLong())
                .as(rebuild.toString())
                .isEqualTo(rebuild.get("total").asLong())
                .isPositive();
        assertThat(rebuild.get("failed").asLong()).isZero();
    }

    /** Core, enterprise, custom and other-extension attributes, several emails, addresses and phone numbers. */
    static Map<String, Object> richUser(String userName) {
        Map<String, Object> user = new LinkedHashMap<>(DirsyncClient.user(userName));
        user.put(
                "schemas",
                List.of(
                        "urn:ietf:params:scim:schemas:core:2.0:User",
                        "urn:ietf:params:scim:schemas:extension:enterprise:2.0:User",
                        "urn:dirsync:scim:schemas:extension:custom:2.0:User"));
        user.put(
                "emails",
                List.of(
                        Map.of("value", "rich@example.com", "type", "work", "primary", true),
                        Map.of("value", "rich@home.example", "type", "home")));
        user.put("title", "Engineer");
        user.put("addresses", List.of(Map.of("type", "work", "locality", "Lyon", "country", "FR")));
        user.put("phoneNumbers", List.of(Map.of("value", "+33 4 00 00 00 00", "type", "work")));
        user.put(
                "urn:ietf:params:scim:schemas:extension:enterprise:2.0:User",
                Map.of("department", "R&D", "employeeNumber", "42"));
        user.put("urn:dirsync:scim:schemas:extension:custom:2.0:User", Map.of("shirtSize", "M", "badge", 7));
        return user;
    }

    private Map<String, List<Map<String, Object>>> snapshot() {
        Map<String, List<Map<String, Object>>> tables = new LinkedHashMap<>();
        for (String table : TABLES) {
            tables.put(table, jdbc.queryForList("SELECT * FROM " + table + " ORDER BY 1, 2"));
        }
        return tables;
    }

    private static Response admin(DirsyncClient client, String method, String path, Object body) {
        return client.http().send(method, path, DirsyncClient.ADMIN_TOKEN, body, "Content-Type", "application/json");
    }
}
