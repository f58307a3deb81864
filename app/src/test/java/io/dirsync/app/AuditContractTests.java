package io.dirsync.app;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import io.dirsync.app.DirsyncClient.Connection;
import io.dirsync.app.HttpClientSupport.Response;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.boot.test.context.SpringBootTest;
import org.springframework.boot.test.web.server.LocalServerPort;
import org.springframework.jdbc.core.JdbcTemplate;

import java.nio.charset.StandardCharsets;
import java.time.Instant;
import java.util.List;
import java.util.Map;
import java.util.UUID;
import java.util.concurrent.TimeUnit;

import static io.dirsync.app.ScimUsersContractTests.patch;
import static org.assertj.core.api.Assertions.assertThat;

/** Audit metadata, history, the event log, time travel and session revocation, over HTTP. */
@SpringBootTest(
        classes = DirsyncApplication.class,
        webEnvironment = SpringBootTest.WebEnvironment.RANDOM_PORT,
        properties = "dirsync.admin-token=" + DirsyncClient.ADMIN_TOKEN)
abstract class AuditContractTests {
    @LocalServerPort
    int port;

    @Autowired
    JdbcTemplate jdbc;

    DirsyncClient client;
    Connection acme;

    @BeforeEach
    void connect() {
        client = new DirsyncClient("http://127.0.0.1:" + port);
        acme = client.createConnection("acme");
    }

    @Test
    void everyEventCarriesWhoCausedItAndNoSecret() throws InterruptedException {
        Response created = client.http()
                .send(
                        "POST",
                        acme.base() + "/Users",
                        acme.token(),
                        DirsyncClient.user("meta@example.com"),
                        "User-Agent",
                        "Okta SCIM Client 1.0.0",
                        "X-Request-Id",
                        "req-okta-42");
        assertThat(created.header("X-Request-Id")).contains("req-okta-42");
        String userId = created.json().get("id").asText();

        JsonNode history = awaitHistory(userId, 1);
        JsonNode first = history.get(0);
        assertThat(first.get("type").asText()).isEqualTo("UserProvisionedEvent");
        assertThat(first.get("actor").asText()).startsWith("connection:" + acme.id() + "/token:");
        assertThat(first.get("requestId").asText()).isEqualTo("req-okta-42");
        assertThat(first.at("/payload/profile/userName").asText()).isEqualTo("meta@example.com");
        String metadata = new String(
                jdbc.queryForObject(
                        "SELECT meta_data FROM domain_event_entry WHERE aggregate_identifier = ?",
                        byte[].class,
                        userId),
                StandardCharsets.UTF_8);
        assertThat(metadata).contains("Okta SCIM Client 1.0.0").contains("sourceAddress");

        for (byte[] stored : jdbc.queryForList("SELECT payload FROM domain_event_entry", byte[].class)) {
            assertThat(new String(stored, StandardCharsets.UTF_8))
                    .doesNotContain(acme.token())
                    .doesNotContain(DirsyncClient.ADMIN_TOKEN)
                    .doesNotContain("placeholder-Okta-1!");
        }
        for (byte[] stored : jdbc.queryForList("SELECT meta_data FROM domain_event_entry", byte[].class)) {
            assertThat(new String(stored, StandardCharsets.UTF_8))
                    .doesNotContain(acme.token())
                    .doesNotContain(DirsyncClient.ADMIN_TOKEN);
        }
    }

    @Test
    void historyListsTheUsersEventsOldestFirstIncludingGroupMembership() throws InterruptedException {
        String userId = client.createUser(acme, "hist@example.com").get("id").asText();
        client.scim(
                acme, "PATCH", "/Users/" + userId, patch(Map.of("op", "replace", "path", "displayName", "value", "H")));
        Response group = client.scim(
                acme,
                "POST",
                "/Groups",
                DirsyncClient.group(Map.of("displayName", "Auditors", "members", List.of(Map.of("value", userId)))));
        client.scim(acme, "DELETE", "/Users/" + userId, null);

        JsonNode history = awaitHistory(userId, 4);
        assertThat(history)
                .extracting(e -> e.get("type").asText())
                .containsExactly(
                        "UserProvisionedEvent",
                        "UserProfileUpdatedEvent",
                        "GroupMembersAddedEvent",
                        "UserDeletedEvent");
        assertThat(history.get(2).get("aggregateId").asText())
                .isEqualTo(group.json().get("id").asText());

        JsonNode byConnection = admin("/api/events?connectionId=" + acme.id() + "&type=UserDeletedEvent")
                .json();
        assertThat(byConnection).hasSize(1);
        long firstPosition = history.get(0).get("position").asLong();
        JsonNode afterFirst = admin("/api/events?connectionId=" + acme.id() + "&after=" + firstPosition + "&limit=2")
                .json();
        assertThat(afterFirst).hasSize(2);
        assertThat(afterFirst.get(0).get("position").asLong()).isGreaterThan(firstPosition);

        Response export = admin("/api/events/export?connectionId=" + acme.id());
        assertThat(export.header("Content-Type"))
                .hasValueSatisfying(v -> assertThat(v).startsWith("application/x-ndjson"));
        List<String> lines = export.rawBody().lines().toList();
        assertThat(lines)
                .hasSize(admin("/api/events?connectionId=" + acme.id() + "&limit=1000")
                        .json()
                        .size());
        assertThat(HttpClientSupport.parse(lines.get(0)).get("connectionId").asText())
                .isEqualTo(acme.id());
    }

    @Test
    void aUserCanBeSeenAsItWasAtAnyInstant() throws InterruptedException {
        String userId = client.createUser(acme, "travel@example.com").get("id").asText();
        Thread.sleep(20);
        Instant beforeRename = Instant.now();
        Thread.sleep(20);
        client.scim(
                acme,
                "PATCH",
                "/Users/" + userId,
                patch(Map.of("op", "replace", "path", "name.givenName", "value", "Renamed")));
        String groupId = client.scim(
                        acme,
                        "POST",
                        "/Groups",
                        DirsyncClient.group(
                                Map.of("displayName", "Travellers", "members", List.of(Map.of("value", userId)))))
                .json()
                .get("id")
                .asText();
        Thread.sleep(20);
        Instant inGroup = Instant.now();
        Thread.sleep(20);
        client.scim(
                acme, "PATCH", "/Users/" + userId, patch(Map.of("op", "Replace", "path", "active", "value", "False")));
        awaitHistory(userId, 4);

        JsonNode then = admin("/api/users/" + userId + "?asOf=" + beforeRename).json();
        assertThat(then.at("/profile/name/givenName").asText()).isEqualTo("Ada");
        assertThat(then.get("status").asText()).isEqualTo("Active");
        assertThat(then.get("groups")).isEmpty();

        JsonNode middle = admin("/api/users/" + userId + "?asOf=" + inGroup).json();
        assertThat(middle.at("/profile/name/givenName").asText()).isEqualTo("Renamed");
        assertThat(middle.get("groups")).extracting(g -> g.get("id").asText()).containsExactly(groupId);

        JsonNode now = admin("/api/users/" + userId).json();
        assertThat(now.get("status").asText()).isEqualTo("Deactivated");
        assertThat(admin("/api/users/" + userId + "?asOf=2000-01-01T00:00:00Z").status())
                .isEqualTo(404);
        assertThat(admin("/api/users/" + userId + "?asOf=yesterday").status()).isEqualTo(400);
    }

    @Test
    void deactivationByAnyPathRevokesSessionsAtOnce() {
        for (String path : List.of("patch", "put", "delete")) {
            String userId = client.createUser(acme, path + "-" + UUID.randomUUID() + "@example.com")
                    .get("id")
                    .asText();
            Response session =
                    client.http().send("POST", "/api/users/" + userId + "/sessions", DirsyncClient.ADMIN_TOKEN, null);
            assertThat(session.status()).isEqualTo(201);
            String sessionId = session.json().get("sessionId").asText();
            assertThat(admin("/api/sessions/" + sessionId).json().get("status").asText())
                    .isEqualTo("active");

            switch (path) {
                case "patch" ->
                    client.scim(
                            acme,
                            "PATCH",
                            "/Users/" + userId,
                            patch(Map.of("op", "replace", "value", Map.of("active", false))));
                case "put" -> {
                    Map<String, Object> put = new java.util.HashMap<>(DirsyncClient.user(path + "@example.com"));
                    put.put("active", false);
                    client.scim(acme, "PUT", "/Users/" + userId, put);
                }
                default -> client.scim(acme, "DELETE", "/Users/" + userId, null);
            }

            assertThat(admin("/api/sessions/" + sessionId).json().get("status").asText())
                    .as(path)
                    .isEqualTo("revoked");
            assertThat(client.http()
                            .send("POST", "/api/users/" + userId + "/sessions", DirsyncClient.ADMIN_TOKEN, null)
                            .status())
                    .as(path)
                    .isEqualTo(409);
        }
    }

    @Test
    void verificationFindsTheFirstEditedStoredEvent() throws InterruptedException {
        String userId = client.createUser(acme, "chain@example.com").get("id").asText();
        client.scim(
                acme,
                "PATCH",
                "/Users/" + userId,
                patch(Map.of("op", "replace", "path", "displayName", "value", "One")));
        client.scim(
                acme,
                "PATCH",
                "/Users/" + userId,
                patch(Map.of("op", "replace", "path", "displayName", "value", "Two")));
        awaitHistory(userId, 3);
        JsonNode intact = admin("/api/audit/verify?connectionId=" + acme.id()).json();
        assertThat(intact.get("intact").asBoolean()).as(intact.toString()).isTrue();
        assertThat(intact.get("eventsVerified").asLong()).isGreaterThanOrEqualTo(3);

        // profiles are stored sealed: a forger with database access can still move the "Two" profile into the "One"
        // event
        byte[] stored = jdbc.queryForObject(
                "SELECT payload FROM domain_event_entry WHERE aggregate_identifier = ? AND sequence_number = 1",
                byte[].class,
                userId);
        byte[] later = jdbc.queryForObject(
                "SELECT payload FROM domain_event_entry WHERE aggregate_identifier = ? AND sequence_number = 2",
                byte[].class,
                userId);
        ObjectNode forgedEvent = (ObjectNode) HttpClientSupport.parse(new String(stored, StandardCharsets.UTF_8));
        forgedEvent.set(
                "profile",
                HttpClientSupport.parse(new String(later, StandardCharsets.UTF_8))
                        .get("profile"));
        byte[] forged = forgedEvent.toString().getBytes(StandardCharsets.UTF_8);
        assertThat(forged).isNotEqualTo(stored);
        jdbc.update(
                "UPDATE domain_event_entry SET payload = ? WHERE aggregate_identifier = ? AND sequence_number = 1",
                forged,
                userId);

        JsonNode report = admin("/api/audit/verify?connectionId=" + acme.id()).json();
        assertThat(report.get("intact").asBoolean()).isFalse();
        assertThat(report.at("/firstBrokenLink/aggregateId").asText()).isEqualTo(userId);
        assertThat(report.at("/firstBrokenLink/sequence").asLong()).isEqualTo(1);
        assertThat(report.at("/firstBrokenLink/problem").asText()).contains("changed");
        jdbc.update(
                "UPDATE domain_event_entry SET payload = ? WHERE aggregate_identifier = ? AND sequence_number = 1",
                stored,
                userId);
        assertThat(admin("/api/audit/verify").json().get("intact").asBoolean())
                .as("the whole store, restored")
                .isTrue();
    }

    @Test
    void failedScimRequestsAreLoggedPerConnectionWithoutSecrets() {
        client.scim(
                acme,
                "POST",
                "/Users",
                Map.of("schemas", List.of("urn:ietf:params:scim:schemas:core:2.0:User"), "userName", "nomail"),
                "X-Request-Id",
                "req-fail-1");
        client.http().send("GET", acme.base() + "/Users", "wrong-token", null);
        client.scim(acme, "GET", "/Users/" + UUID.randomUUID(), null);

        JsonNode failures = admin("/api/connections/" + acme.id() + "/provisioning-failures")
                .json();
        assertThat(failures).extracting(f -> f.get("status").asInt()).containsExactly(404, 401, 400);
        JsonNode invalid = failures.get(2);
        assertThat(invalid.get("method").asText()).isEqualTo("POST");
        assertThat(invalid.get("path").asText()).isEqualTo("/scim/v2/" + acme.id() + "/Users");
        assertThat(invalid.get("scimType").asText()).isEqualTo("invalidValue");
        assertThat(invalid.get("detail").asText()).contains("emails");
        assertThat(invalid.get("requestId").asText()).isEqualTo("req-fail-1");
        assertThat(failures.toString()).doesNotContain(acme.token()).doesNotContain("wrong-token");
    }

    private JsonNode awaitHistory(String userId, int events) throws InterruptedException {
        long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(20);
        JsonNode history;
        do {
            history = admin("/api/users/" + userId + "/history").json();
            if (history.size() >= events) {
                return history;
            }
            Thread.sleep(50);
        } while (System.nanoTime() < deadline);
        throw new AssertionError("history of " + userId + " never reached " + events + " events: " + history);
    }

    private Response admin(String path) {
        return client.http().send("GET", path, DirsyncClient.ADMIN_TOKEN, null);
    }
}
