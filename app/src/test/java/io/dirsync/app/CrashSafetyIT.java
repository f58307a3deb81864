package io.dirsync.app;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import io.dirsync.app.HttpClientSupport.Response;
import io.dirsync.app.erasure.SealedFields;
import io.zonky.test.db.postgres.embedded.EmbeddedPostgres;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.io.IOException;
import java.nio.file.Path;
import java.sql.Connection;
import java.sql.DriverManager;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Statement;
import java.time.Duration;
import java.util.HashMap;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.function.Supplier;

import static io.dirsync.app.ScimUsersContractTests.patch;
import static org.assertj.core.api.Assertions.assertThat;

/**
 * The real jar is killed with SIGKILL in the middle of concurrent creates and updates, then started again on the
 * same store: every write that was answered 2xx is there with the content it was answered with, and every
 * projection agrees with a fold over the stored events. Once on H2 files, once on PostgreSQL.
 */
class CrashSafetyIT {
    private static final ObjectMapper JSON = new ObjectMapper();
    private static final int WRITERS = 6;

    @Test
    void h2KeepsEveryAnsweredWriteThroughAKill(@TempDir Path dataDir) throws Exception {
        Map<String, String> env = Map.of("DIRSYNC_DATA_DIR", dataDir.toString());
        survivesAKill(
                dataDir, env, () -> jdbc("jdbc:h2:file:" + dataDir.resolve("dirsync") + ";ACCESS_MODE_DATA=r", "sa"));
    }

    @Test
    void postgresKeepsEveryAnsweredWriteThroughAKill(@TempDir Path dataDir) throws Exception {
        try (EmbeddedPostgres postgres = EmbeddedPostgres.builder().start()) {
            String url = postgres.getJdbcUrl("postgres", "postgres");
            Map<String, String> env = Map.of(
                    "DIRSYNC_DATA_DIR",
                    dataDir.toString(),
                    "SPRING_PROFILES_ACTIVE",
                    "postgres",
                    "SPRING_DATASOURCE_URL",
                    url,
                    "SPRING_DATASOURCE_USERNAME",
                    "postgres",
                    "SPRING_DATASOURCE_PASSWORD",
                    "");
            survivesAKill(dataDir, env, () -> jdbc(url, "postgres"));
        }
    }

    private void survivesAKill(Path dataDir, Map<String, String> env, Supplier<Connection> database) throws Exception {
        int port = DirsyncProcess.freePort();
        DirsyncClient client = new DirsyncClient("http://127.0.0.1:" + port);
        Acknowledged acknowledged = new Acknowledged();
        DirsyncClient.Connection connection;
        String groupId;
        DirsyncProcess first = start(dataDir, env, port);
        try {
            connection = client.createConnection("crash");
            Response group =
                    client.scim(connection, "POST", "/Groups", DirsyncClient.group(Map.of("displayName", "Crash")));
            assertThat(group.status()).isEqualTo(201);
            groupId = group.json().get("id").asText();
            load(client, connection, groupId, acknowledged, first);
        } finally {
            first.kill();
        }
        assertThat(acknowledged.writes.get())
                .as("writes answered before the kill")
                .isGreaterThan(30);
        assertThat(acknowledged.failures)
                .as("answers other than 2xx while the process was alive")
                .isEmpty();

        try (DirsyncProcess second = start(dataDir, env, port)) {
            DirsyncClient.Connection after = new DirsyncClient.Connection(
                    connection.id(), "http://127.0.0.1:" + port + "/scim/v2/" + connection.id(), connection.token());
            assertEveryAnsweredWriteIsServed(client, after, groupId, acknowledged);
            awaitStreamingProjectionCaughtUp(client, after);
            Polling.await(
                    () -> client.http()
                            .send("GET", "/api/projections", DirsyncClient.ADMIN_TOKEN, null)
                            .json(),
                    projections -> allCaughtUp(projections),
                    "every streaming projection to catch up after the restart");
        }
        try (Connection db = database.get()) {
            assertReadModelsAgreeWithTheEvents(db, connection.id(), groupId);
        }
    }

    /** What each writer was last answered, and what it had in flight when the process died. */
    static final class Acknowledged {
        final AtomicInteger writes = new AtomicInteger();
        final Map<String, String> displayNames = new ConcurrentHashMap<>();
        final Map<String, String> inFlight = new ConcurrentHashMap<>();
        final Set<String> members = ConcurrentHashMap.newKeySet();
        final List<String> failures = new java.util.concurrent.CopyOnWriteArrayList<>();
    }

    private static void load(
            DirsyncClient client,
            DirsyncClient.Connection connection,
            String groupId,
            Acknowledged acknowledged,
            DirsyncProcess service)
            throws Exception {
        ExecutorService writers = Executors.newFixedThreadPool(WRITERS);
        for (int w = 0; w < WRITERS; w++) {
            int writer = w;
            writers.submit(() -> {
                try {
                    for (int n = 0; ; n++) {
                        Response created = client.scim(
                                connection,
                                "POST",
                                "/Users",
                                DirsyncClient.user("w" + writer + "-" + n + "@example.com"));
                        assertThat(created.status()).as(created.toString()).isEqualTo(201);
                        String id = created.json().get("id").asText();
                        acknowledged.displayNames.put(
                                id, created.json().get("displayName").asText());
                        acknowledged.writes.incrementAndGet();
                        for (int update = 1; update <= 2; update++) {
                            String name = "w" + writer + "-" + n + " v" + update;
                            acknowledged.inFlight.put(id, name);
                            Response patched = client.scim(
                                    connection,
                                    "PATCH",
                                    "/Users/" + id,
                                    patch(Map.of("op", "replace", "path", "displayName", "value", name)));
                            assertThat(patched.status()).as(patched.toString()).isEqualTo(200);
                            acknowledged.displayNames.put(
                                    id, patched.json().get("displayName").asText());
                            acknowledged.writes.incrementAndGet();
                        }
                        Response added = client.scim(
                                connection,
                                "PATCH",
                                "/Groups/" + groupId,
                                patch(Map.of("op", "add", "path", "members", "value", List.of(Map.of("value", id)))));
                        assertThat(added.status()).as(added.toString()).isEqualTo(204);
                        acknowledged.members.add(id);
                        acknowledged.writes.incrementAndGet();
                    }
                } catch (AssertionError | RuntimeException e) {
                    // a lost connection is the kill (the write in flight stays unacknowledged); an answer other than
                    // 2xx is a failure
                    if (!(e.getCause() instanceof IOException)) {
                        acknowledged.failures.add(String.valueOf(e.getMessage()));
                    }
                }
            });
        }
        long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(60);
        while (acknowledged.writes.get() < 120
                && System.nanoTime() < deadline
                && service.process().isAlive()) {
            Thread.sleep(20);
        }
        service.kill(); // SIGKILL on Linux, mid-load: no shutdown hook, no flush
        writers.shutdown();
        assertThat(writers.awaitTermination(60, TimeUnit.SECONDS)).isTrue();
    }

    private static void assertEveryAnsweredWriteIsServed(
            DirsyncClient client, DirsyncClient.Connection connection, String groupId, Acknowledged acknowledged) {
        for (Map.Entry<String, String> user : acknowledged.displayNames.entrySet()) {
            Response read = client.scim(connection, "GET", "/Users/" + user.getKey(), null);
            assertThat(read.status()).as("answered user " + user.getKey()).isEqualTo(200);
            // the write in flight at the kill may or may not have been committed; nothing older may come back
            assertThat(read.json().get("displayName").asText())
                    .as(read.toString())
                    .isIn(user.getValue(), acknowledged.inFlight.get(user.getKey()));
        }
        Response group = client.scim(connection, "GET", "/Groups/" + groupId, null);
        Set<String> members = new HashSet<>();
        group.json().path("members").forEach(m -> members.add(m.get("value").asText()));
        assertThat(members).containsAll(acknowledged.members);
    }

    /** The directory-users view is a streaming projection: after the restart it catches up with the SCIM read model. */
    private static void awaitStreamingProjectionCaughtUp(DirsyncClient client, DirsyncClient.Connection connection)
            throws Exception {
        Set<String> scim = new HashSet<>();
        client.scim(connection, "GET", "/Users?count=1000", null)
                .json()
                .get("Resources")
                .forEach(u -> scim.add(u.get("id").asText()));
        Polling.await(
                () -> {
                    Set<String> view = new HashSet<>();
                    Response page = client.http()
                            .send(
                                    "GET",
                                    "/api/connections/" + connection.id() + "/directory-users?count=1000",
                                    DirsyncClient.ADMIN_TOKEN,
                                    null);
                    page.json()
                            .get("Resources")
                            .forEach(u -> view.add(u.get("id").asText()));
                    return view;
                },
                scim::equals,
                "directory-users to list the " + scim.size() + " users of the SCIM read model");
    }

    private static boolean allCaughtUp(JsonNode projections) {
        for (JsonNode projection : projections) {
            if (projection.get("type").asText().equals("streaming")
                    && (!projection.get("caughtUp").asBoolean()
                            || projection.get("lag").asLong(1) != 0)) {
                return false;
            }
        }
        return true;
    }

    /** Folds the stored events per aggregate and compares the result with each read model's rows. */
    private static void assertReadModelsAgreeWithTheEvents(Connection db, String connectionId, String groupId)
            throws Exception {
        Map<Long, String> storedEvents = new HashMap<>();
        Map<String, String> foldedNames = new HashMap<>();
        Map<String, Long> foldedVersions = new HashMap<>();
        Set<String> foldedMembers = new HashSet<>();
        try (Statement statement = db.createStatement();
                ResultSet events =
                        statement.executeQuery("SELECT aggregate_identifier, sequence_number, payload_type, payload,"
                                + " global_index, event_identifier FROM domain_event_entry ORDER BY global_index")) {
            while (events.next()) {
                String type = events.getString("payload_type");
                JsonNode payload = JSON.readTree(events.getBytes("payload"));
                if (!connectionId.equals(payload.path("connectionId").asText())) {
                    continue;
                }
                storedEvents.put(events.getLong("global_index"), events.getString("event_identifier"));
                String aggregate = events.getString("aggregate_identifier");
                if (type.startsWith("io.dirsync.api.user.")) {
                    foldedVersions.put(aggregate, events.getLong("sequence_number"));
                    if (payload.has("profile")) {
                        // profiles are sealed with the user's data key (right to erasure)
                        JsonNode profile = SealedFields.open(
                                db, payload.path("userId").asText(), "profile", payload.get("profile"));
                        foldedNames.put(aggregate, profile.path("displayName").asText());
                    }
                } else if (aggregate.equals(groupId) && type.endsWith("GroupMembersAddedEvent")) {
                    payload.get("userIds").forEach(id -> foldedMembers.add(id.asText()));
                } else if (aggregate.equals(groupId) && type.endsWith("GroupMembersRemovedEvent")) {
                    payload.get("userIds").forEach(id -> foldedMembers.remove(id.asText()));
                }
            }
        }
        Map<String, String> names = new HashMap<>();
        Map<String, Long> versions = new HashMap<>();
        query(
                db,
                "SELECT user_id, display_name, version FROM scim_user WHERE connection_id = '" + connectionId + "'",
                row -> {
                    names.put(row.getString(1), row.getString(2));
                    versions.put(row.getString(1), row.getLong(3));
                });
        assertThat(names).as("SCIM user read model vs the events").isEqualTo(foldedNames);
        assertThat(versions).isEqualTo(foldedVersions);
        Set<String> directory = new HashSet<>();
        query(
                db,
                "SELECT user_id FROM directory_user WHERE connection_id = '" + connectionId + "'",
                row -> directory.add(row.getString(1)));
        assertThat(directory).as("directory-users view vs the events").isEqualTo(foldedNames.keySet());
        Set<String> registered = new HashSet<>();
        query(
                db,
                "SELECT user_id FROM user_registration WHERE connection_id = '" + connectionId + "'",
                row -> registered.add(row.getString(1)));
        assertThat(registered).as("userName claims vs the events").isEqualTo(foldedNames.keySet());
        Map<Long, String> logged = new HashMap<>();
        query(
                db,
                "SELECT global_index, event_id FROM event_log WHERE connection_id = '" + connectionId + "'",
                row -> logged.put(row.getLong(1), row.getString(2)));
        assertThat(logged)
                .as("the audit event log vs the events (position and id)")
                .isEqualTo(storedEvents);
        Set<String> members = new HashSet<>();
        query(
                db,
                "SELECT user_id FROM scim_group_member WHERE group_id = '" + groupId + "'",
                row -> members.add(row.getString(1)));
        assertThat(members).as("group read model vs the events").isEqualTo(foldedMembers);
    }

    interface Row {
        void accept(ResultSet row) throws SQLException;
    }

    private static void query(Connection db, String sql, Row row) throws SQLException {
        try (Statement statement = db.createStatement();
                ResultSet rows = statement.executeQuery(sql)) {
            while (rows.next()) {
                row.accept(rows);
            }
        }
    }

    private static Connection jdbc(String url, String user) {
        try {
            return DriverManager.getConnection(url, user, "");
        } catch (SQLException e) {
            throw new AssertionError(url, e);
        }
    }

    private static DirsyncProcess start(Path dataDir, Map<String, String> env, int port) throws Exception {
        Map<String, String> environment = new HashMap<>(env);
        environment.put("DIRSYNC_ADMIN_TOKEN", DirsyncClient.ADMIN_TOKEN);
        environment.put("AXONIQ_UPDATE_CHECKER_DISABLED", "true");
        DirsyncProcess service = DirsyncProcess.start(dataDir, port, environment, List.of(), List.of());
        service.awaitHealthy(Duration.ofSeconds(300)); // a busy 2-core CI machine took 108 s once
        return service;
    }
}
