package io.dirsync.app;

import io.dirsync.app.HttpClientSupport.Response;

import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.TimeUnit;
import java.util.function.Supplier;

import static io.dirsync.app.ScimUsersContractTests.patch;

/**
 * SCIM writers (POST then PATCH of a user, then, given a group, adding the user to it), a SCIM and admin API reader,
 * and a probe of readiness and liveness, all running until stopped; every answer is kept with its start, end and
 * duration, every write answered 2xx with the content it was answered with.
 */
final class OutageTraffic implements AutoCloseable {
    /** One answer: when it was asked and answered (System.nanoTime), what, and how. */
    record Answer(String kind, String request, long startedNanos, long endedNanos, Response response) {
        long millis() {
            return TimeUnit.NANOSECONDS.toMillis(endedNanos - startedNanos);
        }

        boolean within(long fromNanos, long toNanos) {
            return startedNanos >= fromNanos && endedNanos <= toNanos;
        }

        boolean ok() {
            return response.status() / 100 == 2;
        }
    }

    final List<Answer> answers = new CopyOnWriteArrayList<>();
    /** user id to the displayName its last 2xx write was answered with */
    final Map<String, String> acknowledged = new ConcurrentHashMap<>();
    /** userNames whose POST was not answered 201 */
    final List<String> refusedUserNames = new CopyOnWriteArrayList<>();
    /** users whose addition to the group was answered 204 */
    final Set<String> addedToGroup = ConcurrentHashMap.newKeySet();

    private final DirsyncClient client;
    private final DirsyncClient.Connection connection;
    private final String prefix;
    private final String groupId;
    private final ExecutorService threads = Executors.newFixedThreadPool(4);
    private volatile boolean running = true;

    OutageTraffic(DirsyncClient client, DirsyncClient.Connection connection, String prefix, int writers) {
        this(client, connection, prefix, writers, null);
    }

    /** @param groupId a group of the connection each user written is then added to, or null */
    OutageTraffic(
            DirsyncClient client, DirsyncClient.Connection connection, String prefix, int writers, String groupId) {
        this.client = client;
        this.connection = connection;
        this.prefix = prefix;
        this.groupId = groupId;
        for (int w = 0; w < writers; w++) {
            int writer = w;
            threads.submit(() -> write(writer));
        }
        threads.submit(this::read);
        threads.submit(this::probe);
    }

    private void write(int writer) {
        for (int n = 0; running; n++) {
            String userName = prefix + "-w" + writer + "-" + n + "@example.com";
            Response created = ask(
                    "write",
                    "POST " + userName,
                    () -> client.scim(connection, "POST", "/Users", DirsyncClient.user(userName)));
            if (created.status() != 201) {
                refusedUserNames.add(userName);
                pause();
                continue;
            }
            String id = created.json().get("id").asText();
            acknowledged.put(id, created.json().get("displayName").asText());
            String name = userName + " v1";
            Response patched = ask(
                    "write",
                    "PATCH " + id,
                    () -> client.scim(
                            connection,
                            "PATCH",
                            "/Users/" + id,
                            patch(Map.of("op", "replace", "path", "displayName", "value", name))));
            if (patched.status() == 200) {
                acknowledged.put(id, patched.json().get("displayName").asText());
            }
            if (groupId != null) {
                Response added = ask(
                        "write",
                        "PATCH group add " + id,
                        () -> client.scim(
                                connection,
                                "PATCH",
                                "/Groups/" + groupId,
                                patch(Map.of("op", "add", "path", "members", "value", List.of(Map.of("value", id))))));
                if (added.status() == 204) {
                    addedToGroup.add(id);
                }
            }
        }
    }

    private void read() {
        while (running) {
            ask("read", "GET /Users", () -> client.scim(connection, "GET", "/Users?count=5", null));
            ask(
                    "admin",
                    "GET directory-users",
                    () -> client.http()
                            .send(
                                    "GET",
                                    "/api/connections/" + connection.id() + "/directory-users?count=5",
                                    DirsyncClient.ADMIN_TOKEN,
                                    null));
            pause();
        }
    }

    private void probe() {
        while (running) {
            ask(
                    "readiness",
                    "GET readiness",
                    () -> client.http().send("GET", "/actuator/health/readiness", null, null));
            ask("liveness", "GET liveness", () -> client.http().send("GET", "/actuator/health/liveness", null, null));
            pause();
        }
    }

    private Response ask(String kind, String request, Supplier<Response> call) {
        long started = System.nanoTime();
        Response response = call.get();
        answers.add(new Answer(kind, request, started, System.nanoTime(), response));
        return response;
    }

    private static void pause() {
        try {
            Thread.sleep(100);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
    }

    List<Answer> of(String kind) {
        return answers.stream().filter(a -> a.kind().equals(kind)).toList();
    }

    @Override
    public void close() throws InterruptedException {
        running = false;
        threads.shutdown();
        if (!threads.awaitTermination(60, TimeUnit.SECONDS)) {
            throw new AssertionError("traffic did not stop");
        }
    }
}
