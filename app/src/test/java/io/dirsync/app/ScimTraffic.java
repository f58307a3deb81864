package io.dirsync.app;

import com.fasterxml.jackson.databind.JsonNode;
import io.dirsync.app.DirsyncClient.Connection;
import io.dirsync.app.HttpClientSupport.Response;

import java.util.ArrayList;
import java.util.Collections;
import java.util.HashSet;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Random;
import java.util.Set;
import java.util.concurrent.atomic.AtomicInteger;

import static io.dirsync.app.ScimUsersContractTests.patch;
import static org.assertj.core.api.Assertions.assertThat;

/**
 * An IdP that keeps provisioning one connection, one request at a time: user creates, renames, deactivations and
 * deletes; group creates, renames, member additions and removals, deletes; and reads in between. It remembers what every
 * answered write left, so that afterwards each can be checked through the SCIM API. Group members come from a pool of
 * users that are never deleted, so no membership changes but the ones sent here.
 */
final class ScimTraffic implements AutoCloseable {
    private final DirsyncClient client;
    private final Connection connection;
    private final Random random;
    private final long seed;
    private final List<String> memberPool = new ArrayList<>();
    private final Map<String, User> users = new LinkedHashMap<>();
    private final Map<String, Group> groups = new LinkedHashMap<>();
    private final List<String> failures = Collections.synchronizedList(new ArrayList<>());
    private final AtomicInteger writes = new AtomicInteger();
    private volatile boolean stopped;
    private Thread thread;
    private int counter;

    private record User(String displayName, boolean active, boolean deleted) {}

    private record Group(String displayName, Set<String> members, boolean deleted) {}

    ScimTraffic(DirsyncClient client, Connection connection, long seed) {
        this.client = client;
        this.connection = connection;
        this.seed = seed;
        this.random = new Random(seed);
    }

    /** Users to draw group members from, users to churn, and groups of a few members each. */
    ScimTraffic seed(int members, int others, int groupCount) {
        for (int i = 0; i < members; i++) {
            memberPool.add(createUser());
        }
        for (int i = 0; i < others; i++) {
            createUser();
        }
        for (int i = 0; i < groupCount; i++) {
            createGroup();
        }
        return this;
    }

    /** {@code count} random requests, in this thread. */
    ScimTraffic send(int count) {
        for (int i = 0; i < count; i++) {
            next();
        }
        return this;
    }

    /** Random requests in a background thread until {@link #close}. */
    ScimTraffic start() {
        thread = new Thread(
                () -> {
                    while (!stopped) {
                        next();
                    }
                },
                "scim-traffic");
        thread.start();
        return this;
    }

    int writes() {
        return writes.get();
    }

    /** Requests that were not answered as an IdP expects, with the seed to replay them. */
    List<String> failures() {
        return List.copyOf(failures);
    }

    /** Every user and group as the last answered write to it left it: gone, or with its name, status and members. */
    void assertEveryAnsweredWriteIsReflected() {
        users.forEach((id, expected) -> {
            Response got = client.scim(connection, "GET", "/Users/" + id, null);
            if (expected.deleted()) {
                assertThat(got.status()).as("deleted user %s", id).isEqualTo(404);
            } else {
                assertThat(got.status()).as("user %s", id).isEqualTo(200);
                assertThat(got.json().get("displayName").asText())
                        .as("displayName of %s", id)
                        .isEqualTo(expected.displayName());
                assertThat(got.json().get("active").asBoolean())
                        .as("active of %s", id)
                        .isEqualTo(expected.active());
            }
        });
        groups.forEach((id, expected) -> {
            Response got = client.scim(connection, "GET", "/Groups/" + id, null);
            if (expected.deleted()) {
                assertThat(got.status()).as("deleted group %s", id).isEqualTo(404);
            } else {
                assertThat(got.status()).as("group %s", id).isEqualTo(200);
                assertThat(got.json().get("displayName").asText())
                        .as("displayName of %s", id)
                        .isEqualTo(expected.displayName());
                Set<String> members = new HashSet<>();
                JsonNode listed = got.json().get("members");
                if (listed != null) {
                    listed.forEach(member -> members.add(member.get("value").asText()));
                }
                assertThat(members).as("members of %s", id).isEqualTo(expected.members());
            }
        });
    }

    @Override
    public void close() throws InterruptedException {
        stopped = true;
        if (thread != null) {
            thread.join(30_000);
        }
    }

    private void next() {
        List<String> liveUsers = users.entrySet().stream()
                .filter(e -> !e.getValue().deleted())
                .map(Map.Entry::getKey)
                .toList();
        List<String> liveGroups = groups.entrySet().stream()
                .filter(e -> !e.getValue().deleted())
                .map(Map.Entry::getKey)
                .toList();
        String user = liveUsers.get(random.nextInt(liveUsers.size()));
        String group = liveGroups.isEmpty() ? null : liveGroups.get(random.nextInt(liveGroups.size()));
        switch (random.nextInt(10)) {
            case 0 -> createUser();
            case 1 -> rename(user);
            case 2 -> toggleActive(user);
            case 3 -> deleteUser(user);
            case 4 -> createGroup();
            case 5, 6 -> changeMembers(group);
            case 7 -> renameGroup(group);
            case 8 -> deleteGroup(group);
            default -> read(user);
        }
    }

    private String createUser() {
        Response created =
                write("POST", "/Users", DirsyncClient.user("t" + (++counter) + "-" + seed + "@example.com"), 201);
        if (created == null) {
            return null;
        }
        String id = created.json().get("id").asText();
        users.put(id, new User("Ada Lovelace", true, false));
        return id;
    }

    private void rename(String id) {
        String name = "Name " + (++counter);
        if (write("PATCH", "/Users/" + id, patch(Map.of("op", "replace", "path", "displayName", "value", name)), 200)
                != null) {
            users.computeIfPresent(id, (key, was) -> new User(name, was.active(), false));
        }
    }

    private void toggleActive(String id) {
        if (memberPool.contains(id)) {
            rename(id);
            return;
        }
        boolean active = !users.get(id).active();
        if (write("PATCH", "/Users/" + id, patch(Map.of("op", "replace", "path", "active", "value", active)), 200)
                != null) {
            users.computeIfPresent(id, (key, was) -> new User(was.displayName(), active, false));
        }
    }

    private void deleteUser(String id) {
        if (memberPool.contains(id)) {
            rename(id);
            return;
        }
        if (write("DELETE", "/Users/" + id, null, 204) != null) {
            users.computeIfPresent(id, (key, was) -> new User(was.displayName(), false, true));
        }
    }

    private void createGroup() {
        String name = "Group " + (++counter);
        Set<String> members = new HashSet<>(List.of(member(), member()));
        List<Map<String, String>> body =
                members.stream().map(id -> Map.of("value", id)).toList();
        Response created =
                write("POST", "/Groups", DirsyncClient.group(Map.of("displayName", name, "members", body)), 201);
        if (created != null) {
            groups.put(created.json().get("id").asText(), new Group(name, members, false));
        }
    }

    private void changeMembers(String id) {
        if (id == null) {
            createGroup();
            return;
        }
        Group group = groups.get(id);
        String member = member();
        Set<String> members = new HashSet<>(group.members());
        Map<String, Object> operation;
        if (members.remove(member)) {
            operation = Map.of("op", "remove", "path", "members[value eq \"" + member + "\"]");
        } else {
            members.add(member);
            operation = Map.of("op", "add", "path", "members", "value", List.of(Map.of("value", member)));
        }
        if (write("PATCH", "/Groups/" + id, patch(operation), 204) != null) {
            groups.put(id, new Group(group.displayName(), members, false));
        }
    }

    private void renameGroup(String id) {
        if (id == null) {
            createGroup();
            return;
        }
        String name = "Group " + (++counter);
        if (write("PATCH", "/Groups/" + id, patch(Map.of("op", "replace", "path", "displayName", "value", name)), 204)
                != null) {
            groups.computeIfPresent(id, (key, was) -> new Group(name, was.members(), false));
        }
    }

    private void deleteGroup(String id) {
        if (id == null || random.nextInt(3) > 0) {
            changeMembers(id);
            return;
        }
        if (write("DELETE", "/Groups/" + id, null, 204) != null) {
            groups.computeIfPresent(id, (key, was) -> new Group(was.displayName(), Set.of(), true));
        }
    }

    private void read(String id) {
        Response got = client.scim(connection, "GET", "/Users/" + id, null);
        if (got.status() != 200) {
            failures.add("GET /Users/" + id + " -> " + got + " (seed " + seed + ")");
        }
    }

    private String member() {
        return memberPool.get(random.nextInt(memberPool.size()));
    }

    /** The answer when it has the status an IdP expects, else null, and the request counts as a failure. */
    private Response write(String method, String path, Object body, int expected) {
        Response response = client.scim(connection, method, path, body);
        if (response.status() != expected) {
            failures.add(method + " " + path + " -> " + response + " (seed " + seed + ")");
            return null;
        }
        writes.incrementAndGet();
        return response;
    }
}
