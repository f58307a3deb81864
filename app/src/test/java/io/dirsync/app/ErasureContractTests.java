package io.dirsync.app;

import com.fasterxml.jackson.databind.JsonNode;
import io.dirsync.app.DirsyncClient.Connection;
import io.dirsync.app.HttpClientSupport.Response;
import io.dirsync.app.erasure.BatchKeyPrefetch;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.boot.test.context.SpringBootTest;
import org.springframework.boot.test.web.server.LocalServerPort;
import org.springframework.jdbc.core.JdbcTemplate;

import java.net.URLEncoder;
import java.nio.charset.StandardCharsets;
import java.time.Instant;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.UUID;

import static io.dirsync.app.Polling.await;
import static io.dirsync.app.ScimUsersContractTests.patch;
import static org.assertj.core.api.Assertions.assertThat;

/**
 * Right to erasure, end to end: a user of a connection whose deletion policy is erase, with a marker in every
 * personal field and a history touching every view (update, group and role, publicMetadata mapped and edited by
 * hand, session, webhooks, failed requests), is deleted over SCIM; then no table holds the marker, another user's data is still there, the
 * hash chain verifies, and the history lists the events with the profile erased. A full replay changes none of it.
 * Same properties as the webhook suite, so the PostgreSQL variant shares its context.
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
abstract class ErasureContractTests {
    private static final String ENTERPRISE = "urn:ietf:params:scim:schemas:extension:enterprise:2.0:User";
    private static final String CUSTOM = "urn:dirsync:scim:schemas:extension:custom:2.0:User";

    @LocalServerPort
    int port;

    @Autowired
    JdbcTemplate jdbc;

    @Autowired
    org.axonframework.config.Configuration axon;

    private WebhookReceiver receiver;

    @AfterEach
    void closeReceiver() {
        if (receiver != null) {
            receiver.close();
        }
    }

    /** What BatchKeyPrefetchTest shows of one batch holds for every processor of the assembled service. */
    @Test
    void everyEventProcessorReadsItsBatchsKeysTogether() {
        assertThat(axon.eventProcessingConfiguration().eventProcessors()).isNotEmpty();
        assertThat(axon.eventProcessingConfiguration().eventProcessors().values())
                .allSatisfy(processor -> assertThat(processor.getHandlerInterceptors())
                        .as(processor.getName())
                        .hasAtLeastOneElementOfType(BatchKeyPrefetch.class));
    }

    @Test
    void anErasedUserLeavesNoPersonalDataInAnyTableAndItsHistoryStaysVerifiable() throws Exception {
        DirsyncClient client = new DirsyncClient("http://127.0.0.1:" + port);
        PersonalDataScan scan = new PersonalDataScan(jdbc);
        ProjectionsQuiet projections = new ProjectionsQuiet(client, jdbc);
        receiver = new WebhookReceiver();
        new WebhookAdmin(client.http()).register(receiver, List.of("user.created", "user.updated", "user.deleted"));

        Connection acme = erasingConnection(client);
        String erasedMarker = marker();
        String keptMarker = marker();
        String erased = created(client, acme, erasedMarker);
        String kept = created(client, acme, keptMarker);
        Instant beforeDelete = generateHistory(client, acme, erased, kept, erasedMarker);
        await(
                () -> receiver.accepted(erased),
                got -> got.size() >= 2,
                "user.created and user.updated of the user to erase");
        projections.await();

        Set<String> beforeErasure = scan.find(erasedMarker);
        assertThat(beforeErasure)
                .as("the scan sees plain text and bytes alike, so a miss later means something")
                .contains(
                        "scim_user.user_name",
                        "scim_user_email.email_value",
                        "directory_user.user_name",
                        "org_member_name.user_name",
                        "user_public_metadata.profile",
                        "user_registration.external_id",
                        "webhook_delivery.body");
        assertThat(beforeErasure)
                .as("the event store holds the profile encrypted, never in clear")
                .noneMatch(hit -> hit.startsWith("domain_event_entry."));

        Response deleted = client.scim(acme, "DELETE", "/Users/" + erased, null);
        assertThat(deleted.status()).as(deleted.toString()).isEqualTo(204);
        projections.await();
        await(
                () -> receiver.accepted(erased),
                got -> got.stream().anyMatch(r -> r.type().equals("user.deleted")),
                "user.deleted");

        assertNothingLeftOf(scan, erasedMarker, keptMarker);
        assertThat(client.scim(acme, "GET", "/Users/" + erased, null).status()).isEqualTo(404);
        String byName = URLEncoder.encode("displayName eq \"Erasure testers\"", StandardCharsets.UTF_8);
        JsonNode group = client.scim(acme, "GET", "/Groups?filter=" + byName, null)
                .json()
                .at("/Resources/0");
        assertThat(group.get("members"))
                .as("like a deleted user, no member any more")
                .extracting(member -> member.get("value").asText())
                .containsExactly(kept);
        assertThat(jdbc.queryForObject(
                        "SELECT COUNT(*) FROM user_data_key WHERE user_id IN (?, ?)", Integer.class, erased, kept))
                .as("the erased user's key is gone, the other's stays")
                .isEqualTo(1);
        assertHistoryKeptWithTheProfileErased(client, erased, kept, keptMarker, beforeDelete);
        JsonNode userDeleted = receiver.accepted(erased).stream()
                .filter(r -> r.type().equals("user.deleted"))
                .findFirst()
                .orElseThrow()
                .body()
                .get("data");
        assertThat(userDeleted.has("profile")).isFalse();
        assertThat(userDeleted.get("userId").asText()).isEqualTo(erased);
        assertVerifiesAndStillDetectsTampering(client, acme, kept);

        for (String name : projections.streaming()) {
            Response replay = admin(client, "POST", "/api/projections/" + name + "/replay", null);
            assertThat(replay.status()).as(name + ": " + replay).isEqualTo(202);
        }
        projections.await();
        assertNothingLeftOf(scan, erasedMarker, keptMarker);
        assertThat(admin(client, "GET", "/api/audit/verify", null)
                        .json()
                        .get("intact")
                        .asBoolean())
                .isTrue();

        JsonNode again = client.createUser(acme, erasedMarker + "@example.com");
        assertThat(again.get("id").asText())
                .as("the userName is free again, for a new directory user")
                .isNotEqualTo(erased);
    }

    @Test
    void thePolicyIsSetByTheAdminApiAndBadValuesAreScimErrors() {
        DirsyncClient client = new DirsyncClient("http://127.0.0.1:" + port);
        Connection acme = client.createConnection("policy");
        Response set =
                admin(client, "PUT", "/api/connections/" + acme.id() + "/deletion-policy", Map.of("policy", "erase"));
        assertThat(set.status()).as(set.toString()).isEqualTo(200);
        assertThat(set.json().get("deletionPolicy").asText()).isEqualTo("erase");

        Response bad =
                admin(client, "PUT", "/api/connections/" + acme.id() + "/deletion-policy", Map.of("policy", "shred"));
        assertThat(bad.status()).isEqualTo(400);
        assertThat(bad.json().get("scimType").asText()).isEqualTo("invalidValue");
        assertThat(admin(
                                client,
                                "PUT",
                                "/api/connections/" + UUID.randomUUID() + "/deletion-policy",
                                Map.of("policy", "erase"))
                        .status())
                .isEqualTo(404);
        assertThat(admin(client, "POST", "/api/connections", Map.of("name", "x", "deletionPolicy", "nope"))
                        .status())
                .isEqualTo(400);

        String userId = client.createUser(acme, "policy-" + UUID.randomUUID() + "@example.com")
                .get("id")
                .asText();
        admin(client, "PUT", "/api/connections/" + acme.id() + "/deletion-policy", Map.of("policy", "deactivate"));
        client.scim(acme, "DELETE", "/Users/" + userId, null);
        assertThat(jdbc.queryForObject("SELECT COUNT(*) FROM user_data_key WHERE user_id = ?", Integer.class, userId))
                .as("back on deactivate: the key, and so the history, stays readable")
                .isEqualTo(1);
    }

    private Connection erasingConnection(DirsyncClient client) {
        String org = admin(
                        client,
                        "POST",
                        "/api/organizations",
                        Map.of("name", "Erasure", "roles", List.of("admin", "member"), "defaultRole", "member"))
                .json()
                .get("id")
                .asText();
        Response created = admin(
                client,
                "POST",
                "/api/connections",
                Map.of("name", "erasing", "organizationId", org, "deletionPolicy", "erase"));
        assertThat(created.status()).as(created.toString()).isEqualTo(201);
        assertThat(created.json().get("deletionPolicy").asText()).isEqualTo("erase");
        JsonNode body = created.json();
        Connection acme = new Connection(
                body.get("id").asText(),
                body.get("scimBaseUrl").asText(),
                body.get("bearerToken").asText());
        Response mappings = admin(
                client,
                "PUT",
                "/api/connections/" + acme.id() + "/attribute-mappings",
                List.of(
                        Map.of("scimPath", CUSTOM + ":nickname", "attribute", "nickname"),
                        Map.of("scimPath", ENTERPRISE + ":department", "attribute", "department")));
        assertThat(mappings.status()).as(mappings.toString()).isEqualTo(200);
        return acme;
    }

    /**
     * Update, group membership mapped to a role, a session, an admin's hand edit of publicMetadata, a refused
     * duplicate and a refused filter naming the user.
     */
    private Instant generateHistory(DirsyncClient client, Connection acme, String erased, String kept, String marker)
            throws InterruptedException {
        assertThat(client.scim(
                                acme,
                                "PATCH",
                                "/Users/" + erased,
                                patch(Map.of("op", "replace", "path", "displayName", "value", "Renamed " + marker)))
                        .status())
                .isEqualTo(200);
        Response group = client.scim(
                acme,
                "POST",
                "/Groups",
                DirsyncClient.group(Map.of(
                        "displayName",
                        "Erasure testers",
                        "members",
                        List.of(Map.of("value", erased), Map.of("value", kept)))));
        assertThat(group.status()).as(group.toString()).isEqualTo(201);
        admin(
                client,
                "PUT",
                "/api/connections/" + acme.id() + "/role-mappings",
                List.of(Map.of("groupId", group.json().get("id").asText(), "role", "admin")));
        assertThat(admin(client, "POST", "/api/users/" + erased + "/sessions", null)
                        .status())
                .isEqualTo(201);
        Response edit = admin(
                client, "PATCH", "/api/users/" + erased + "/public-metadata", Map.of("note", "Hand note " + marker));
        assertThat(edit.status()).as(edit.toString()).isEqualTo(200);
        assertThat(client.scim(acme, "POST", "/Users", user(marker)).status()).isEqualTo(409);
        String filter = URLEncoder.encode("userName eq \"" + marker + "@example.com\" and", StandardCharsets.UTF_8);
        assertThat(client.scim(acme, "GET", "/Users?filter=" + filter, null).status())
                .isEqualTo(400);
        assertThat(admin(client, "GET", "/api/connections/" + acme.id() + "/provisioning-failures", null)
                        .json())
                .as("both refusals are logged, so the scan reads their rows")
                .extracting(f -> f.get("status").asInt())
                .containsExactly(400, 409);
        Thread.sleep(20);
        return Instant.now();
    }

    private void assertNothingLeftOf(PersonalDataScan scan, String erasedMarker, String keptMarker) {
        assertThat(scan.find(erasedMarker))
                .as("columns still holding the erased user's personal data")
                .isEmpty();
        assertThat(scan.find(keptMarker))
                .as("the other user of the connection is untouched")
                .contains(
                        "scim_user.user_name",
                        "scim_user_email.email_value",
                        "directory_user.user_name",
                        "user_public_metadata.profile",
                        "user_registration.external_id");
    }

    private static void assertHistoryKeptWithTheProfileErased(
            DirsyncClient client, String erased, String kept, String keptMarker, Instant beforeDelete) {
        JsonNode history =
                admin(client, "GET", "/api/users/" + erased + "/history", null).json();
        assertThat(history)
                .extracting(e -> e.get("type").asText())
                .contains(
                        "UserProvisionedEvent",
                        "UserProfileUpdatedEvent",
                        "GroupMembersAddedEvent",
                        "SessionStartedEvent",
                        "PublicMetadataEditedEvent",
                        "UserDeletedEvent",
                        "SessionsRevokedEvent",
                        "UserErasedEvent");
        assertThat(history)
                .filteredOn(e -> e.get("type").asText().equals("PublicMetadataEditedEvent"))
                .allMatch(e -> e.at("/payload/set").isEmpty()
                        && e.at("/payload/removed").isEmpty());
        assertThat(history)
                .filteredOn(e -> e.has("payload") && e.get("payload").has("profile"))
                .isNotEmpty()
                .allMatch(e -> e.at("/payload/profile/userName").asText().equals("[erased]"));

        JsonNode then = admin(client, "GET", "/api/users/" + erased + "?asOf=" + beforeDelete, null)
                .json();
        assertThat(then.at("/profile/userName").asText())
                .as("time travel folds the erased events")
                .isEqualTo("[erased]");

        JsonNode keptHistory =
                admin(client, "GET", "/api/users/" + kept + "/history", null).json();
        assertThat(keptHistory.get(0).at("/payload/profile/userName").asText()).isEqualTo(keptMarker + "@example.com");
    }

    /** Verification covers the ciphertext: still green after the key is gone, and red when a stored byte changes. */
    private void assertVerifiesAndStillDetectsTampering(DirsyncClient client, Connection acme, String kept) {
        assertThat(admin(client, "GET", "/api/audit/verify", null)
                        .json()
                        .get("intact")
                        .asBoolean())
                .isTrue();
        byte[] stored = jdbc.queryForObject(
                "SELECT payload FROM domain_event_entry WHERE aggregate_identifier = ? AND sequence_number = 0",
                byte[].class,
                kept);
        String text = new String(stored, StandardCharsets.UTF_8);
        int sealed = text.indexOf("pii:v1:") + "pii:v1:".length() + 4;
        byte[] forged = (text.substring(0, sealed)
                        + (text.charAt(sealed) == 'A' ? 'B' : 'A')
                        + text.substring(sealed + 1))
                .getBytes(StandardCharsets.UTF_8);
        jdbc.update(
                "UPDATE domain_event_entry SET payload = ? WHERE aggregate_identifier = ? AND sequence_number = 0",
                forged,
                kept);
        try {
            JsonNode report = admin(client, "GET", "/api/audit/verify?connectionId=" + acme.id(), null)
                    .json();
            assertThat(report.get("intact").asBoolean()).isFalse();
            assertThat(report.at("/firstBrokenLink/aggregateId").asText()).isEqualTo(kept);
            assertThat(report.at("/firstBrokenLink/sequence").asLong()).isZero();
        } finally {
            jdbc.update(
                    "UPDATE domain_event_entry SET payload = ? WHERE aggregate_identifier = ? AND sequence_number = 0",
                    stored,
                    kept);
        }
        assertThat(admin(client, "GET", "/api/audit/verify?connectionId=" + acme.id(), null)
                        .json()
                        .get("intact")
                        .asBoolean())
                .isTrue();
    }

    private static String created(DirsyncClient client, Connection acme, String marker) {
        Response created = client.scim(acme, "POST", "/Users", user(marker));
        assertThat(created.status()).as(created.toString()).isEqualTo(201);
        return created.json().get("id").asText();
    }

    /** A marker in every personal field: core, enterprise and custom attributes. */
    private static Map<String, Object> user(String marker) {
        Map<String, Object> user = new LinkedHashMap<>();
        user.put("schemas", List.of("urn:ietf:params:scim:schemas:core:2.0:User", ENTERPRISE, CUSTOM));
        user.put("userName", marker + "@example.com");
        user.put("externalId", "ext-" + marker);
        user.put(
                "name",
                Map.of(
                        "givenName",
                        "Given" + marker,
                        "familyName",
                        "Family" + marker,
                        "formatted",
                        "Formatted " + marker));
        user.put("displayName", "Display " + marker);
        user.put(
                "emails",
                List.of(
                        Map.of("value", marker + "@work.example.com", "type", "work", "primary", true),
                        Map.of("value", marker + "@home.example.net", "type", "home")));
        user.put(
                ENTERPRISE,
                Map.of("employeeNumber", "E-" + marker, "costCenter", "CC-" + marker, "department", "Dept-" + marker));
        user.put(CUSTOM, Map.of("nickname", "Nick-" + marker));
        user.put("active", true);
        return user;
    }

    /** Letters only, unlikely anywhere else: "Zq" and twelve random lower-case letters. */
    private static String marker() {
        StringBuilder marker = new StringBuilder("Zq");
        UUID.randomUUID()
                .toString()
                .chars()
                .filter(Character::isLetterOrDigit)
                .limit(12)
                .forEach(c -> marker.append((char) ('a' + Character.digit(c, 16))));
        return marker.toString();
    }

    private static Response admin(DirsyncClient client, String method, String path, Object body) {
        return client.http().send(method, path, DirsyncClient.ADMIN_TOKEN, body, "Content-Type", "application/json");
    }
}
