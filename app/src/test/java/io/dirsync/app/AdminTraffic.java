package io.dirsync.app;

import com.fasterxml.jackson.databind.JsonNode;
import io.dirsync.app.DirsyncClient.Connection;
import io.dirsync.app.HttpClientSupport.Response;
import org.springframework.jdbc.core.JdbcTemplate;

import java.util.ArrayList;
import java.util.Collections;
import java.util.List;
import java.util.Map;
import java.util.Random;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.concurrent.atomic.AtomicInteger;

import static io.dirsync.app.ScimUsersContractTests.patch;
import static org.assertj.core.api.Assertions.assertThat;

/**
 * An admin at work on the subscribing read models without rows of their own per aggregate: role and attribute mapping
 * PUTs on a few connections, sessions started and users deactivated (which revokes their sessions). It remembers what
 * every answered write left, to check that the tables hold it.
 */
final class AdminTraffic implements AutoCloseable {
    private static final List<Map<String, String>> ATTRIBUTES = List.of(
            Map.of("scimPath", "title", "attribute", "title"),
            Map.of("scimPath", "name.givenName", "attribute", "firstName"),
            Map.of(
                    "scimPath",
                    "urn:ietf:params:scim:schemas:extension:enterprise:2.0:User:department",
                    "attribute",
                    "department"),
            Map.of("scimPath", "displayName", "attribute", "shownAs"));

    private final DirsyncClient client;
    private final Random random;
    private final List<Connection> connections = new ArrayList<>();
    private final Map<String, List<String>> groups = new ConcurrentHashMap<>();
    private final Map<String, List<Map<String, String>>> roleMappings = new ConcurrentHashMap<>();
    private final Map<String, JsonNode> attributeMappings = new ConcurrentHashMap<>();
    /** session id → user id, of every answered start. */
    private final Map<String, String> sessions = new ConcurrentHashMap<>();

    private final Map<String, Connection> activeUsers = new ConcurrentHashMap<>();
    private final List<String> deactivated = new CopyOnWriteArrayList<>();
    private final List<String> failures = new CopyOnWriteArrayList<>();
    private final AtomicInteger writes = new AtomicInteger();
    private final AtomicBoolean running = new AtomicBoolean();
    private final List<Thread> threads = new ArrayList<>();
    private int created;

    AdminTraffic(DirsyncClient client, long seed) {
        this.client = client;
        this.random = new Random(seed);
    }

    /** {@code connectionCount} connections with three groups each, and {@code userCount} users with a session each. */
    AdminTraffic seed(int connectionCount, int userCount) {
        String org = admin(
                        "POST",
                        "/api/organizations",
                        Map.of(
                                "name",
                                "Busy admin " + System.nanoTime(),
                                "roles",
                                List.of("admin", "member", "viewer"),
                                "defaultRole",
                                "member"))
                .json()
                .get("id")
                .asText();
        for (int c = 0; c < connectionCount; c++) {
            JsonNode body = admin(
                            "POST", "/api/connections", Map.of("name", "admin traffic " + c, "organizationId", org))
                    .json();
            Connection connection = new Connection(
                    body.get("id").asText(),
                    body.get("scimBaseUrl").asText(),
                    body.get("bearerToken").asText());
            connections.add(connection);
            List<String> ids = new ArrayList<>();
            for (String name : List.of("Admins", "Viewers", "Staff")) {
                ids.add(client.scim(connection, "POST", "/Groups", DirsyncClient.group(Map.of("displayName", name)))
                        .json()
                        .get("id")
                        .asText());
            }
            groups.put(connection.id(), ids);
            putRoleMappings(connection, random);
            putAttributeMappings(connection, random);
        }
        for (int u = 0; u < userCount; u++) {
            startSession(newUser(random));
        }
        return this;
    }

    void start() {
        running.set(true);
        long seed = random.nextLong();
        threads.add(started("admin-mappings", () -> {
            Random mine = new Random(seed);
            while (running.get()) {
                Connection connection = connections.get(mine.nextInt(connections.size()));
                if (mine.nextBoolean()) {
                    putRoleMappings(connection, mine);
                } else {
                    putAttributeMappings(connection, mine);
                }
            }
        }));
        threads.add(started("admin-sessions", () -> {
            Random mine = new Random(seed + 1);
            while (running.get()) {
                List<String> users = new ArrayList<>(activeUsers.keySet());
                Collections.sort(users);
                if (users.size() < 5) {
                    startSession(newUser(mine));
                } else if (mine.nextInt(5) == 0) {
                    deactivate(users.get(mine.nextInt(users.size())));
                } else {
                    startSession(users.get(mine.nextInt(users.size())));
                }
            }
        }));
    }

    /** A writer; one that stops on an exception leaves it in the failures. */
    private Thread started(String name, Runnable work) {
        Thread thread = new Thread(
                () -> {
                    try {
                        work.run();
                    } catch (RuntimeException | AssertionError e) {
                        failures.add(name + " stopped: " + e);
                    }
                },
                name);
        thread.setDaemon(true);
        thread.start();
        return thread;
    }

    int writes() {
        return writes.get();
    }

    List<String> failures() {
        return failures;
    }

    @Override
    public void close() throws InterruptedException {
        running.set(false);
        for (Thread thread : threads) {
            thread.join();
        }
    }

    /** Every connection holds its last answered lists, every answered session is there, revoked once its user was deactivated. */
    void assertEveryAnsweredWriteIsReflected(JdbcTemplate jdbc) {
        for (Connection connection : connections) {
            assertThat(jdbc
                            .queryForList(
                                    "SELECT group_id, role_key FROM connection_role_mapping WHERE connection_id = ?"
                                            + " ORDER BY position",
                                    connection.id())
                            .stream()
                            .map(row -> Map.of(
                                    "groupId",
                                    String.valueOf(row.get("group_id")),
                                    "role",
                                    String.valueOf(row.get("role_key"))))
                            .toList())
                    .as("role mappings of " + connection.id())
                    .isEqualTo(roleMappings.get(connection.id()));
            List<Map<String, String>> expected = new ArrayList<>();
            attributeMappings
                    .get(connection.id())
                    .forEach(mapping -> expected.add(Map.of(
                            "scimPath",
                            mapping.get("scimPath").asText(),
                            "attribute",
                            mapping.get("attribute").asText())));
            assertThat(jdbc
                            .queryForList(
                                    "SELECT scim_path, metadata_key FROM connection_attribute_mapping WHERE connection_id = ?"
                                            + " ORDER BY position",
                                    connection.id())
                            .stream()
                            .map(row -> Map.of(
                                    "scimPath",
                                    String.valueOf(row.get("scim_path")),
                                    "attribute",
                                    String.valueOf(row.get("metadata_key"))))
                            .toList())
                    .as("attribute mappings of " + connection.id())
                    .isEqualTo(expected);
        }
        sessions.forEach((session, user) -> assertThat(jdbc.query(
                        "SELECT user_id, status FROM user_session WHERE session_id = ?",
                        (row, i) -> row.getString(1) + " " + row.getString(2),
                        session))
                .as("session " + session)
                .containsExactly(user + " " + (deactivated.contains(user) ? "revoked" : "active")));
    }

    private void putRoleMappings(Connection connection, Random random) {
        List<String> ids = new ArrayList<>(groups.get(connection.id()));
        Collections.shuffle(ids, random);
        List<Map<String, String>> mappings = new ArrayList<>();
        for (String group : ids.subList(0, howMany(connection, ids.size(), random))) {
            mappings.add(Map.of(
                    "groupId",
                    group,
                    "role",
                    List.of("admin", "member", "viewer").get(random.nextInt(3))));
        }
        Response put = admin("PUT", "/api/connections/" + connection.id() + "/role-mappings", mappings);
        if (put.status() == 200) {
            roleMappings.put(connection.id(), mappings);
            writes.incrementAndGet();
        } else {
            failures.add("role mappings " + put);
        }
    }

    /**
     * How many of {@code available} mappings a PUT keeps: any number, none included (a connection's mappings may be
     * emptied), except on the first connection, which keeps at least one so that every mapping table has rows.
     */
    private int howMany(Connection connection, int available, Random random) {
        int least = connection == connections.get(0) ? 1 : 0;
        return least + random.nextInt(available + 1 - least);
    }

    private void putAttributeMappings(Connection connection, Random random) {
        List<Map<String, String>> mappings = new ArrayList<>(ATTRIBUTES);
        Collections.shuffle(mappings, random);
        Response put = admin(
                "PUT",
                "/api/connections/" + connection.id() + "/attribute-mappings",
                mappings.subList(0, howMany(connection, mappings.size(), random)));
        if (put.status() == 200) {
            attributeMappings.put(connection.id(), put.json());
            writes.incrementAndGet();
        } else {
            failures.add("attribute mappings " + put);
        }
    }

    private String newUser(Random random) {
        Connection connection = connections.get(random.nextInt(connections.size()));
        String id = client.createUser(connection, "busy-" + (created++) + "-" + System.nanoTime() + "@example.com")
                .get("id")
                .asText();
        activeUsers.put(id, connection);
        return id;
    }

    private void startSession(String user) {
        Response started = admin("POST", "/api/users/" + user + "/sessions", null);
        if (started.status() == 201) {
            sessions.put(started.json().get("sessionId").asText(), user);
            writes.incrementAndGet();
        } else {
            failures.add("session of " + user + " " + started);
        }
    }

    private void deactivate(String user) {
        Response patched = client.scim(
                activeUsers.get(user),
                "PATCH",
                "/Users/" + user,
                patch(Map.of("op", "replace", "path", "active", "value", false)));
        if (patched.status() == 200) {
            activeUsers.remove(user);
            deactivated.add(user);
            writes.incrementAndGet();
        } else {
            failures.add("deactivation of " + user + " " + patched);
        }
    }

    private Response admin(String method, String path, Object body) {
        return client.http().send(method, path, DirsyncClient.ADMIN_TOKEN, body, "Content-Type", "application/json");
    }
}
