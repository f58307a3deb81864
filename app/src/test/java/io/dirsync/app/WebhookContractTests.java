package io.dirsync.app;

import com.fasterxml.jackson.databind.JsonNode;
import io.dirsync.app.DirsyncClient.Connection;
import io.dirsync.app.HttpClientSupport.Response;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.springframework.boot.test.context.SpringBootTest;
import org.springframework.boot.test.web.server.LocalServerPort;

import java.io.IOException;
import java.net.ServerSocket;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;

import static io.dirsync.app.Polling.await;
import static io.dirsync.app.ScimUsersContractTests.patch;
import static org.assertj.core.api.Assertions.assertThat;

/**
 * Webhooks as a downstream application sees them: real receivers on 127.0.0.1, signatures checked, order per
 * user, retries, dead endpoints and redelivery. Backoff is shrunk to milliseconds so retries are quick.
 */
@SpringBootTest(
        classes = DirsyncApplication.class,
        webEnvironment = SpringBootTest.WebEnvironment.RANDOM_PORT,
        properties = {
            "dirsync.admin-token=" + DirsyncClient.ADMIN_TOKEN,
            "dirsync.webhooks.backoff-base=50ms",
            "dirsync.webhooks.backoff-max=200ms",
            "dirsync.webhooks.max-attempts=3",
            "dirsync.webhooks.poll-ms=50",
            // the receivers listen on http://127.0.0.1: allowed here only, as an operator would for local use
            "dirsync.webhooks.allow-http=true",
            "dirsync.webhooks.allowed-targets=127.0.0.1"
        })
abstract class WebhookContractTests {
    private static final List<String> USER_EVENTS = List.of("user.created", "user.updated", "user.deleted");

    @LocalServerPort
    int port;

    DirsyncClient client;
    WebhookAdmin webhooks;
    Connection acme;
    final List<AutoCloseable> closeAfter = new ArrayList<>();

    @BeforeEach
    void connect() {
        client = new DirsyncClient("http://127.0.0.1:" + port);
        webhooks = new WebhookAdmin(client.http());
        acme = client.createConnection("acme");
    }

    @AfterEach
    void closeReceivers() throws Exception {
        for (AutoCloseable closeable : closeAfter) {
            closeable.close();
        }
    }

    @Test
    void registrationAnswersTheSecretOnceAndValidates() throws IOException {
        WebhookReceiver receiver = receiver();
        Response created = webhooks.send(
                "POST",
                "/api/webhooks",
                Map.of("url", receiver.url(), "events", List.of("user.created", "group.deleted")));
        assertThat(created.status()).as(created.toString()).isEqualTo(201);
        String id = created.json().get("id").asText();
        assertThat(created.json().get("secret").asText()).startsWith("whsec_");

        Response listed = webhooks.send("GET", "/api/webhooks", null);
        assertThat(listed.rawBody()).doesNotContain(created.json().get("secret").asText());
        JsonNode mine = WebhookAdmin.find(listed.json(), id);
        assertThat(mine.get("url").asText()).isEqualTo(receiver.url());
        assertThat(mine.get("events")).extracting(JsonNode::asText).containsExactly("user.created", "group.deleted");

        for (Map<String, Object> invalid : List.of(
                Map.of("url", "ftp://127.0.0.1/x", "events", List.of("user.created")),
                Map.of("url", "not a url", "events", List.of("user.created")),
                Map.of("url", receiver.url(), "events", List.of()),
                Map.of("url", receiver.url(), "events", List.of("user.exploded")))) {
            Response rejected = webhooks.send("POST", "/api/webhooks", invalid);
            assertThat(rejected.status()).as(invalid.toString()).isEqualTo(400);
            assertThat(rejected.json().get("scimType").asText()).isEqualTo("invalidValue");
        }
        assertThat(webhooks.send("GET", "/api/webhooks/no-such-webhook/deliveries", null)
                        .status())
                .isEqualTo(404);
        assertThat(webhooks.send("POST", "/api/webhooks/" + id + "/deliveries/999999/redeliver", null)
                        .status())
                .isEqualTo(404);
        assertThat(client.http().send("GET", "/api/webhooks", null, null).status())
                .isEqualTo(401);
    }

    @Test
    void aUsersCreationUpdateAndDeletionArriveInOrderAndSigned() throws Exception {
        WebhookReceiver receiver = receiver();
        String webhookId = webhooks.register(receiver, USER_EVENTS);

        String userId = client.createUser(acme, "order@example.com").get("id").asText();
        client.scim(
                acme,
                "PATCH",
                "/Users/" + userId,
                patch(Map.of("op", "replace", "path", "displayName", "value", "Ada L.")));
        client.scim(acme, "DELETE", "/Users/" + userId, null);

        List<WebhookReceiver.Request> got =
                await(() -> receiver.accepted(userId), r -> r.size() >= 3, "three events for " + userId);
        assertThat(WebhookAdmin.distinctById(got))
                .extracting(WebhookReceiver.Request::type)
                .containsExactly(USER_EVENTS.toArray(String[]::new));
        assertThat(got).allSatisfy(request -> {
            assertThat(request.signatureValid())
                    .as("signature of %s", request.webhookId())
                    .isTrue();
            assertThat(request.webhookId()).isEqualTo(request.body().get("id").asText());
            assertThat(Math.abs(request.timestamp() - Instant.now().getEpochSecond()))
                    .isLessThan(300);
        });
        JsonNode created = got.get(0).body();
        assertThat(created.at("/data/connectionId").asText()).isEqualTo(acme.id());
        assertThat(created.at("/data/change").asText()).isEqualTo("provisioned");
        assertThat(created.at("/data/profile/userName").asText()).isEqualTo("order@example.com");
        assertThat(Instant.parse(created.get("timestamp").asText())).isBefore(Instant.now());
        assertThat(got.get(1).body().at("/data/profile/displayName").asText()).isEqualTo("Ada L.");

        // the receiver records a request before it answers; the log says delivered once the answer is in
        JsonNode log = await(
                () -> webhooks.deliveries(webhookId),
                l -> l.size() == 3
                        && WebhookAdmin.allMatch(
                                l, d -> d.get("status").asText().equals("delivered")),
                "three deliveries recorded");
        assertThat(log).allSatisfy(delivery -> {
            assertThat(delivery.get("attempts").asInt()).isEqualTo(1);
            assertThat(delivery.get("lastStatusCode").asInt()).isEqualTo(204);
            assertThat(delivery.get("deliveredAt").isNull()).isFalse();
        });
    }

    @Test
    void groupEventsAndRoleChangesArriveSigned() throws Exception {
        WebhookReceiver receiver = receiver();
        webhooks.register(
                receiver, List.of("group.created", "group.updated", "group.deleted", "organizationMembership.updated"));
        Response org = client.http()
                .send(
                        "POST",
                        "/api/organizations",
                        DirsyncClient.ADMIN_TOKEN,
                        Map.of("name", "Hooked", "roles", List.of("member"), "defaultRole", "member"),
                        "Content-Type",
                        "application/json");
        assertThat(org.status()).as(org.toString()).isEqualTo(201);
        Response linked = client.http()
                .send(
                        "POST",
                        "/api/connections",
                        DirsyncClient.ADMIN_TOKEN,
                        Map.of(
                                "name",
                                "hooked",
                                "organizationId",
                                org.json().get("id").asText()),
                        "Content-Type",
                        "application/json");
        Connection connection = new Connection(
                linked.json().get("id").asText(),
                linked.json().get("scimBaseUrl").asText(),
                linked.json().get("bearerToken").asText());

        String userId =
                client.createUser(connection, "hooked@example.com").get("id").asText();
        Response group = client.scim(
                connection,
                "POST",
                "/Groups",
                DirsyncClient.group(Map.of("displayName", "Hooks", "members", List.of(Map.of("value", userId)))));
        String groupId = group.json().get("id").asText();
        client.scim(
                connection,
                "PATCH",
                "/Groups/" + groupId,
                patch(Map.of("op", "replace", "path", "displayName", "value", "Hooks 2")));
        client.scim(connection, "DELETE", "/Groups/" + groupId, null);

        List<WebhookReceiver.Request> groupEvents = await(
                () -> WebhookAdmin.distinctById(receiver.accepted(groupId)),
                r -> r.stream().anyMatch(request -> request.type().equals("group.deleted")),
                "group.deleted for " + groupId);
        assertThat(groupEvents)
                .extracting(request ->
                        request.type() + " " + request.body().at("/data/change").asText())
                .containsExactly(
                        "group.created created",
                        "group.updated membersAdded",
                        "group.updated renamed",
                        "group.deleted deleted");
        assertThat(groupEvents.get(0).body().at("/data/connectionId").asText()).isEqualTo(connection.id());
        List<WebhookReceiver.Request> roles =
                await(() -> receiver.accepted(userId), r -> !r.isEmpty(), "the member's role for " + userId);
        JsonNode membership = roles.get(0).body();
        assertThat(membership.get("type").asText()).isEqualTo("organizationMembership.updated");
        assertThat(membership.at("/data/organizationId").asText())
                .isEqualTo(org.json().get("id").asText());
        assertThat(membership.at("/data/role").asText()).isEqualTo("member");
        assertThat(membership.at("/data/source").asText()).isEqualTo("default");
        assertThat(receiver.requests())
                .allSatisfy(request -> assertThat(request.signatureValid()).isTrue());
    }

    @Test
    void aFailingReceiverGetsTheEventAgainAndLaterEventsWaitForIt() throws Exception {
        WebhookReceiver receiver = receiver();
        receiver.failFirst(2);
        String webhookId = webhooks.register(receiver, USER_EVENTS);

        String userId = client.createUser(acme, "retry@example.com").get("id").asText();
        client.scim(
                acme,
                "PATCH",
                "/Users/" + userId,
                patch(Map.of("op", "replace", "path", "displayName", "value", "Retried")));

        List<WebhookReceiver.Request> accepted =
                await(() -> receiver.accepted(userId), r -> r.size() >= 2, "both events for " + userId);
        assertThat(WebhookAdmin.distinctById(accepted))
                .extracting(WebhookReceiver.Request::type)
                .containsExactly("user.created", "user.updated");
        List<WebhookReceiver.Request> all = receiver.requests().stream()
                .filter(r -> r.subject().equals(userId))
                .toList();
        assertThat(all).extracting(WebhookReceiver.Request::answered).startsWith(503, 503, 204);
        assertThat(all.subList(0, 3)).extracting(WebhookReceiver.Request::type).containsOnly("user.created");
        assertThat(all.subList(0, 3))
                .extracting(WebhookReceiver.Request::webhookId)
                .containsOnly(all.get(0).webhookId());

        JsonNode createdDelivery = await(
                () -> webhooks.delivery(webhookId, "user.created"),
                d -> d != null && d.get("status").asText().equals("delivered"),
                "user.created delivered");
        assertThat(createdDelivery.get("attempts").asInt()).isEqualTo(3);
        assertThat(createdDelivery.get("lastStatusCode").asInt()).isEqualTo(204);
        assertThat(createdDelivery.get("eventId").asText()).isEqualTo(all.get(0).webhookId());
    }

    @Test
    void deadEndpointsSlowNeitherScimWritesNorAHealthyEndpoint() throws Exception {
        ServerSocket blackHole = WebhookReceiver.blackHole();
        closeAfter.add(blackHole);
        String refusedId = webhooks.register(WebhookReceiver.refusedUrl(), USER_EVENTS);
        String hangingId = webhooks.register("http://127.0.0.1:" + blackHole.getLocalPort() + "/hook", USER_EVENTS);
        WebhookReceiver healthy = receiver();
        webhooks.register(healthy, USER_EVENTS);

        List<String> userIds = new ArrayList<>();
        for (int i = 0; i < 10; i++) {
            long started = System.nanoTime();
            userIds.add(client.createUser(acme, "dead-" + i + "@example.com")
                    .get("id")
                    .asText());
            assertThat(Duration.ofNanos(System.nanoTime() - started))
                    .as("SCIM POST %d", i)
                    .isLessThan(Duration.ofSeconds(3));
        }

        for (String userId : userIds) {
            await(
                    () -> healthy.accepted(userId),
                    r -> !r.isEmpty(),
                    "user.created of " + userId + " at the healthy endpoint");
        }
        assertThat(webhooks.delivery(hangingId, "user.created")
                        .get("deliveredAt")
                        .isNull())
                .isTrue();
        JsonNode gaveUp = await(
                () -> webhooks.deliveries(refusedId),
                log -> log.size() == 10
                        && WebhookAdmin.allMatch(
                                log, d -> d.get("status").asText().equals("failed")),
                "the refused endpoint's deliveries given up");
        assertThat(gaveUp).allSatisfy(delivery -> {
            assertThat(delivery.get("attempts").asInt()).isEqualTo(3);
            assertThat(delivery.get("lastError").asText()).contains("Connect");
            assertThat(delivery.get("lastStatusCode").isNull()).isTrue();
        });
    }

    @Test
    void aGivenUpDeliveryCanBeRedelivered() throws Exception {
        WebhookReceiver receiver = receiver();
        receiver.failAll(true);
        String webhookId = webhooks.register(receiver, List.of("user.created"));
        String userId =
                client.createUser(acme, "redeliver@example.com").get("id").asText();

        JsonNode failed = await(
                () -> webhooks.delivery(webhookId, "user.created"),
                d -> d != null && d.get("status").asText().equals("failed"),
                "user.created given up");
        assertThat(failed.get("attempts").asInt()).isEqualTo(3);
        assertThat(failed.get("lastStatusCode").asInt()).isEqualTo(503);
        assertThat(failed.get("lastError").asText()).isEqualTo("HTTP 503");
        assertThat(failed.get("nextAttemptAt").isNull()).isTrue();

        receiver.failAll(false);
        String redeliver =
                "/api/webhooks/" + webhookId + "/deliveries/" + failed.get("id").asLong() + "/redeliver";
        Response redelivered = webhooks.send("POST", redeliver, null);
        assertThat(redelivered.status()).as(redelivered.toString()).isEqualTo(202);
        assertThat(redelivered.json().get("status").asText()).isEqualTo("pending");

        await(() -> receiver.accepted(userId), r -> !r.isEmpty(), "the redelivered user.created");
        JsonNode delivered = await(
                () -> webhooks.delivery(webhookId, "user.created"),
                d -> d.get("status").asText().equals("delivered"),
                "redelivery recorded");
        assertThat(delivered.get("attempts").asInt()).isEqualTo(1);
        assertThat(receiver.accepted(userId).get(0).signatureValid()).isTrue();
    }

    private WebhookReceiver receiver() throws IOException {
        WebhookReceiver receiver = new WebhookReceiver();
        closeAfter.add(receiver);
        return receiver;
    }
}
