package io.dirsync.app;

import com.fasterxml.jackson.databind.JsonNode;
import io.dirsync.app.DirsyncClient.Connection;
import io.dirsync.app.HttpClientSupport.Response;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.boot.test.context.SpringBootTest;
import org.springframework.boot.test.web.server.LocalServerPort;
import org.springframework.jdbc.core.JdbcTemplate;

import java.util.List;
import java.util.Map;
import java.util.UUID;
import java.util.concurrent.TimeUnit;
import java.util.function.Predicate;

import static io.dirsync.app.ScimUsersContractTests.assertScimError;
import static io.dirsync.app.ScimUsersContractTests.patch;
import static org.assertj.core.api.Assertions.assertThat;

/**
 * Organizations, group-to-role mappings and the role resolver, end to end over HTTP: SCIM pushes and admin
 * calls in, members' roles out. Roles are resolved asynchronously, so each expectation waits (bounded) for
 * the resolver to converge.
 */
@SpringBootTest(
        classes = DirsyncApplication.class,
        webEnvironment = SpringBootTest.WebEnvironment.RANDOM_PORT,
        properties = {"dirsync.admin-token=" + DirsyncClient.ADMIN_TOKEN, "dirsync.role-resolver.delay-ms=50"})
abstract class RoleMappingContractTests {
    @LocalServerPort
    int port;

    @Autowired
    JdbcTemplate jdbc;

    DirsyncClient client;
    String organizationId;
    Connection acme;
    String ada;
    String bob;
    String cy;
    String admins;
    String viewers;

    @BeforeEach
    void setUp() {
        client = new DirsyncClient("http://127.0.0.1:" + port);
        Response org = admin(
                "POST",
                "/api/organizations",
                Map.of("name", "Acme", "roles", List.of("admin", "member", "viewer"), "defaultRole", "member"));
        assertThat(org.status()).as(org.toString()).isEqualTo(201);
        organizationId = org.json().get("id").asText();
        Response conn =
                admin("POST", "/api/connections", Map.of("name", "Acme Okta", "organizationId", organizationId));
        assertThat(conn.status()).isEqualTo(201);
        acme = new Connection(
                conn.json().get("id").asText(),
                conn.json().get("scimBaseUrl").asText(),
                conn.json().get("bearerToken").asText());
        ada = client.createUser(acme, "ada-" + UUID.randomUUID() + "@example.com")
                .get("id")
                .asText();
        bob = client.createUser(acme, "bob-" + UUID.randomUUID() + "@example.com")
                .get("id")
                .asText();
        cy = client.createUser(acme, "cy-" + UUID.randomUUID() + "@example.com")
                .get("id")
                .asText();
        admins = group("Admins", ada);
        viewers = group("Viewers", ada, bob);
    }

    @Test
    void firstMappedGroupInPrecedenceOrderWinsElseTheDefault() throws InterruptedException {
        awaitRole(cy, "member", "default", null);

        putMappings(List.of(Map.of("groupId", admins, "role", "admin"), Map.of("groupId", viewers, "role", "viewer")));
        awaitRole(ada, "admin", "mapping", admins);
        awaitRole(bob, "viewer", "mapping", viewers);
        awaitRole(cy, "member", "default", null);
        assertThat(admin("GET", "/api/connections/" + acme.id() + "/role-mappings", null)
                        .json())
                .extracting(m -> m.get("groupId").asText())
                .containsExactly(admins, viewers);

        putMappings(List.of(Map.of("groupId", viewers, "role", "viewer"), Map.of("groupId", admins, "role", "admin")));
        awaitRole(ada, "viewer", "mapping", viewers);

        client.scim(
                acme,
                "PATCH",
                "/Groups/" + viewers,
                patch(Map.of("op", "remove", "path", "members[value eq \"" + ada + "\"]")));
        awaitRole(ada, "admin", "mapping", admins);

        client.scim(acme, "DELETE", "/Groups/" + admins, null);
        awaitRole(ada, "member", "default", null);
    }

    @Test
    void mappedRolesAreLockedWhileSyncIsOnAndEditableWhenOff() throws InterruptedException {
        putMappings(List.of(Map.of("groupId", admins, "role", "admin")));
        awaitRole(ada, "admin", "mapping", admins);
        awaitRole(cy, "member", "default", null);

        assertThat(setRole(ada, "viewer").status()).isEqualTo(409);
        assertThat(setRole(cy, "viewer").status()).isEqualTo(200);
        awaitRole(cy, "viewer", "manual", null);
        assertThat(setRole(cy, "no-such-role").status()).isEqualTo(400);

        assertThat(admin("POST", "/api/connections/" + acme.id() + "/sync/disable", null)
                        .status())
                .isEqualTo(200);
        assertScimError(client.scim(acme, "GET", "/Users", null), 403, null);
        assertThat(setRole(ada, "viewer").status()).isEqualTo(200);
        awaitRole(ada, "viewer", "manual", null);

        assertThat(admin("POST", "/api/connections/" + acme.id() + "/sync/enable", null)
                        .status())
                .isEqualTo(200);
        assertThat(client.scim(acme, "GET", "/Users", null).status()).isEqualTo(200);
        awaitRole(ada, "admin", "mapping", admins);
        awaitRole(cy, "viewer", "manual", null);
    }

    @Test
    void aRoleAddedOverTheApiCanBeMappedAndAddingItAgainChangesNothing() throws InterruptedException {
        Response added = admin("POST", "/api/organizations/" + organizationId + "/roles", Map.of("key", "auditor"));
        assertThat(added.status()).as(added.toString()).isEqualTo(201);
        assertThat(added.json().get("key").asText()).isEqualTo("auditor");
        long events = jdbc.queryForObject(
                "SELECT COUNT(*) FROM domain_event_entry WHERE aggregate_identifier = ?", Long.class, organizationId);

        assertThat(admin("POST", "/api/organizations/" + organizationId + "/roles", Map.of("key", "auditor"))
                        .status())
                .isEqualTo(201);
        assertThat(jdbc.queryForObject(
                        "SELECT COUNT(*) FROM domain_event_entry WHERE aggregate_identifier = ?",
                        Long.class,
                        organizationId))
                .as("adding a role it has stores nothing")
                .isEqualTo(events);
        assertThat(admin("POST", "/api/organizations/" + organizationId + "/roles", Map.of("key", " "))
                        .status())
                .isEqualTo(400);

        putMappings(List.of(Map.of("groupId", admins, "role", "auditor")));
        awaitRole(ada, "auditor", "mapping", admins);
    }

    @Test
    void deletingAMappedRoleRemovesItsMappingAndReResolvesMembers() throws InterruptedException {
        putMappings(List.of(Map.of("groupId", admins, "role", "admin"), Map.of("groupId", viewers, "role", "viewer")));
        awaitRole(ada, "admin", "mapping", admins);

        assertThat(admin("DELETE", "/api/organizations/" + organizationId + "/roles/admin", null)
                        .status())
                .isEqualTo(204);

        awaitRole(ada, "viewer", "mapping", viewers);
        assertThat(admin("GET", "/api/connections/" + acme.id() + "/role-mappings", null)
                        .json())
                .extracting(m -> m.get("role").asText())
                .containsExactly("viewer");
        assertThat(admin("DELETE", "/api/organizations/" + organizationId + "/roles/member", null)
                        .status())
                .as("the default role stays")
                .isEqualTo(400);
    }

    @Test
    void deactivatedUsersKeepTheirMembershipButHoldNoRole() throws InterruptedException {
        putMappings(List.of(Map.of("groupId", viewers, "role", "viewer")));
        awaitRole(bob, "viewer", "mapping", viewers);

        client.scim(acme, "PATCH", "/Users/" + bob, patch(Map.of("op", "Replace", "path", "active", "value", "False")));
        awaitRole(bob, null, null, null);

        client.scim(acme, "PATCH", "/Users/" + bob, patch(Map.of("op", "replace", "value", Map.of("active", true))));
        awaitRole(bob, "viewer", "mapping", viewers);
        JsonNode directory = admin("GET", "/api/connections/" + acme.id() + "/directory-users?q=bob", null)
                .json();
        assertThat(directory.at("/Resources/0/id").asText()).isEqualTo(bob);
    }

    @Test
    void onlyPushedGroupsAndKnownRolesCanBeMapped() {
        assertScimError(
                admin(
                        "PUT",
                        "/api/connections/" + acme.id() + "/role-mappings",
                        List.of(Map.of("groupId", UUID.randomUUID().toString(), "role", "admin"))),
                400,
                "invalidValue");
        assertScimError(
                admin(
                        "PUT",
                        "/api/connections/" + acme.id() + "/role-mappings",
                        List.of(Map.of("groupId", admins, "role", "owner"))),
                400,
                "invalidValue");
        Connection unlinked = client.createConnection("unlinked");
        assertScimError(
                admin("PUT", "/api/connections/" + unlinked.id() + "/role-mappings", List.of()), 400, "invalidValue");
        assertScimError(
                admin("POST", "/api/connections", Map.of("name", "x", "organizationId", "nope")), 400, "invalidValue");
        assertThat(admin("GET", "/api/connections/" + acme.id() + "/role-mappings", null)
                        .json())
                .isEmpty();
    }

    private void putMappings(List<Map<String, String>> mappings) {
        Response response = admin("PUT", "/api/connections/" + acme.id() + "/role-mappings", mappings);
        assertThat(response.status()).as(response.toString()).isEqualTo(200);
    }

    private Response setRole(String userId, String role) {
        return admin(
                "PUT", "/api/organizations/" + organizationId + "/members/" + userId + "/role", Map.of("role", role));
    }

    private void awaitRole(String userId, String role, String source, String groupId) throws InterruptedException {
        Predicate<JsonNode> matches = member -> text(member, "role") == null
                ? role == null
                : text(member, "role").equals(role);
        Predicate<JsonNode> sourceMatches = member -> java.util.Objects.equals(text(member, "roleSource"), source)
                && java.util.Objects.equals(text(member, "mappedFromGroupId"), groupId);
        long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(20);
        JsonNode last = null;
        while (System.nanoTime() < deadline) {
            for (JsonNode member : admin("GET", "/api/organizations/" + organizationId + "/members", null)
                    .json()) {
                if (member.get("userId").asText().equals(userId)) {
                    last = member;
                    if (matches.test(member) && sourceMatches.test(member)) {
                        return;
                    }
                }
            }
            Thread.sleep(50);
        }
        throw new AssertionError(
                "user " + userId + " never got role " + role + " from " + source + "/" + groupId + "; last: " + last);
    }

    private static String text(JsonNode node, String field) {
        JsonNode value = node.get(field);
        return value == null || value.isNull() ? null : value.asText();
    }

    private String group(String name, String... memberIds) {
        Response created = client.scim(
                acme,
                "POST",
                "/Groups",
                DirsyncClient.group(Map.of(
                        "displayName",
                        name,
                        "members",
                        java.util.Arrays.stream(memberIds)
                                .map(id -> Map.of("value", id))
                                .toList())));
        assertThat(created.status()).as(created.toString()).isEqualTo(201);
        return created.json().get("id").asText();
    }

    private Response admin(String method, String path, Object body) {
        return client.http().send(method, path, DirsyncClient.ADMIN_TOKEN, body, "Content-Type", "application/json");
    }
}
