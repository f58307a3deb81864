package io.dirsync.app;

import com.fasterxml.jackson.databind.JsonNode;
import io.dirsync.app.HttpClientSupport.Response;
import io.dirsync.app.OutageTraffic.Answer;

import java.time.Duration;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.TimeUnit;

import static org.assertj.core.api.Assertions.assertThat;

/** What must hold after a database outage or a spell of refused writes, shared by the tests of both. */
final class OutageChecks {

    private OutageChecks() {}

    static void assertEveryFailureIsA503WithRetryAfterAndAScimBody(List<Answer> answers) {
        assertThat(answers.stream().filter(a -> !a.kind().equals("readiness") && !a.ok()))
                .allSatisfy(a -> {
                    Response response = a.response();
                    assertThat(response.status())
                            .as(a.request() + " " + response)
                            .isEqualTo(503);
                    assertThat(response.header("Retry-After"))
                            .as(a.request())
                            .hasValueSatisfying(seconds ->
                                    assertThat(Integer.parseInt(seconds)).isBetween(1, 60));
                    assertThat(response.json().get("schemas").get(0).asText())
                            .isEqualTo("urn:ietf:params:scim:api:messages:2.0:Error");
                    assertThat(response.json().get("status").asText()).isEqualTo("503");
                    assertThat(response.rawBody()).doesNotContain("Exception").doesNotContain("\tat ");
                });
    }

    static Answer slowest(List<Answer> answers) {
        return answers.stream()
                .max((a, b) -> Long.compare(a.millis(), b.millis()))
                .orElseThrow();
    }

    /** When (System.nanoTime) the first write asked after {@code since} was answered 2xx. */
    static long awaitWriteAfter(OutageTraffic traffic, long since, Duration bound) throws InterruptedException {
        long deadline = since + bound.toNanos() + TimeUnit.SECONDS.toNanos(30); // fail with the time it did take
        while (System.nanoTime() < deadline) {
            Answer first = traffic.of("write").stream()
                    .filter(a -> a.startedNanos() >= since && a.ok())
                    .findFirst()
                    .orElse(null);
            if (first != null) {
                return first.endedNanos();
            }
            Thread.sleep(20);
        }
        throw new AssertionError("no write succeeded within " + bound.plusSeconds(30) + " after the database was back");
    }

    static void assertEveryAcknowledgedWriteIsServed(
            DirsyncClient client, DirsyncClient.Connection connection, Map<String, String> acknowledged) {
        assertThat(acknowledged).isNotEmpty();
        acknowledged.forEach((id, displayName) -> {
            Response read = client.scim(connection, "GET", "/Users/" + id, null);
            assertThat(read.status()).as("answered user " + id).isEqualTo(200);
            assertThat(read.json().get("displayName").asText())
                    .as(read.toString())
                    .isEqualTo(displayName);
        });
    }

    /**
     * Waits until the streaming directory-users view lists exactly the users of the SCIM read model, all acknowledged
     * ones among them; returns when (System.nanoTime).
     */
    static long awaitDirectoryUsers(
            DirsyncClient client, DirsyncClient.Connection connection, Set<String> acknowledged, Duration bound)
            throws InterruptedException {
        Set<String> scim =
                ids(client.scim(connection, "GET", "/Users?count=1000", null).json());
        assertThat(scim).containsAll(acknowledged);
        long deadline = System.nanoTime() + bound.toNanos();
        Set<String> view = Set.of();
        while (System.nanoTime() < deadline) {
            view = ids(client.http()
                    .send(
                            "GET",
                            "/api/connections/" + connection.id() + "/directory-users?count=1000",
                            DirsyncClient.ADMIN_TOKEN,
                            null)
                    .json());
            if (view.equals(scim)) {
                return System.nanoTime();
            }
            Thread.sleep(200);
        }
        throw new AssertionError(
                "directory-users did not catch up within " + bound + ": " + view.size() + " of " + scim.size());
    }

    /** Waits until the receiver accepted a {@code user.created} for each user; returns when (System.nanoTime). */
    static long awaitUserCreatedWebhooks(WebhookReceiver receiver, Set<String> userIds, Duration bound)
            throws InterruptedException {
        long deadline = System.nanoTime() + bound.toNanos();
        Set<String> missing = Set.copyOf(userIds);
        while (System.nanoTime() < deadline) {
            missing = userIds.stream()
                    .filter(id -> receiver.accepted(id).stream()
                            .noneMatch(r -> r.type().equals("user.created")))
                    .collect(java.util.stream.Collectors.toSet());
            if (missing.isEmpty()) {
                return System.nanoTime();
            }
            Thread.sleep(200);
        }
        throw new AssertionError("user.created not delivered within " + bound + " for " + missing);
    }

    /**
     * Waits until every user of the map holds its role in the organization (resolved by the role resolver from the
     * group mapping, else the default); returns when (System.nanoTime).
     */
    static long awaitRoles(DirsyncClient client, String organizationId, Map<String, String> roles, Duration bound)
            throws InterruptedException {
        long deadline = System.nanoTime() + bound.toNanos();
        Map<String, String> wrong = Map.of();
        while (System.nanoTime() < deadline) {
            Map<String, String> held = new java.util.HashMap<>();
            for (JsonNode member : client.http()
                    .send("GET", "/api/organizations/" + organizationId + "/members", DirsyncClient.ADMIN_TOKEN, null)
                    .json()) {
                held.put(member.get("userId").asText(), member.path("role").asText(null));
            }
            wrong = roles.entrySet().stream()
                    .filter(e -> !e.getValue().equals(held.get(e.getKey())))
                    .collect(java.util.stream.Collectors.toMap(
                            Map.Entry::getKey, e -> e.getValue() + " but holds " + held.get(e.getKey())));
            if (wrong.isEmpty()) {
                return System.nanoTime();
            }
            Thread.sleep(200);
        }
        throw new AssertionError("roles not resolved within " + bound + " for " + wrong.size() + " users: " + wrong);
    }

    /**
     * Waits until the receiver accepted, for each user, an {@code organizationMembership.updated} announcing the role;
     * returns when (System.nanoTime).
     */
    static long awaitRoleWebhooks(WebhookReceiver receiver, Map<String, String> roles, Duration bound)
            throws InterruptedException {
        long deadline = System.nanoTime() + bound.toNanos();
        Set<String> missing = roles.keySet();
        while (System.nanoTime() < deadline) {
            missing = roles.keySet().stream()
                    .filter(id -> receiver.accepted(id).stream()
                            .noneMatch(r -> r.type().equals("organizationMembership.updated")
                                    && roles.get(id)
                                            .equals(r.body()
                                                    .get("data")
                                                    .path("role")
                                                    .asText())))
                    .collect(java.util.stream.Collectors.toSet());
            if (missing.isEmpty()) {
                return System.nanoTime();
            }
            Thread.sleep(200);
        }
        throw new AssertionError("organizationMembership.updated not delivered within " + bound + " for " + missing);
    }

    /** Waits until readiness is UP again and every streaming projection reports no lag. */
    static void awaitReadyAndCaughtUp(DirsyncClient client, Duration bound) throws InterruptedException {
        long deadline = System.nanoTime() + bound.toNanos();
        String last = "";
        while (System.nanoTime() < deadline) {
            Response readiness = client.http().send("GET", "/actuator/health/readiness", null, null);
            JsonNode projections = client.http()
                    .send("GET", "/api/projections", DirsyncClient.ADMIN_TOKEN, null)
                    .json();
            last = readiness + " " + projections;
            if (readiness.status() == 200 && readiness.rawBody().contains("\"UP\"") && allCaughtUp(projections)) {
                return;
            }
            Thread.sleep(200);
        }
        throw new AssertionError("not ready and caught up within " + bound + ": " + last);
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

    private static Set<String> ids(JsonNode page) {
        Set<String> ids = new HashSet<>();
        page.get("Resources").forEach(resource -> ids.add(resource.get("id").asText()));
        return ids;
    }
}
