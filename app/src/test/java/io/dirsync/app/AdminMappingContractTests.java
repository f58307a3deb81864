package io.dirsync.app;

import com.fasterxml.jackson.databind.JsonNode;
import io.dirsync.app.DirsyncClient.Connection;
import io.dirsync.app.HttpClientSupport.Response;
import org.axonframework.config.EventProcessingConfiguration;
import org.axonframework.eventhandling.StreamingEventProcessor;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.boot.test.context.SpringBootTest;
import org.springframework.boot.test.web.server.LocalServerPort;
import org.springframework.jdbc.core.JdbcTemplate;

import java.util.Arrays;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.UUID;

import static io.dirsync.app.AdminApi.text;
import static io.dirsync.app.ScimUsersContractTests.assertScimError;
import static io.dirsync.app.ScimUsersContractTests.patch;
import static org.assertj.core.api.Assertions.assertThat;

/**
 * The admin's mapping tools over HTTP: the role-mapping preview and attribute mappings into publicMetadata.
 * Roles and publicMetadata follow the events asynchronously, so expectations on them wait (bounded).
 */
@SpringBootTest(
        classes = DirsyncApplication.class,
        webEnvironment = SpringBootTest.WebEnvironment.RANDOM_PORT,
        properties = {"dirsync.admin-token=" + DirsyncClient.ADMIN_TOKEN, "dirsync.role-resolver.delay-ms=50"})
abstract class AdminMappingContractTests {
    private static final String ENTERPRISE = "urn:ietf:params:scim:schemas:extension:enterprise:2.0:User";
    private static final String CUSTOM = "urn:dirsync:scim:schemas:extension:custom:2.0:User";

    @LocalServerPort
    int port;

    @Autowired
    JdbcTemplate jdbc;

    @Autowired
    EventProcessingConfiguration processors;

    DirsyncClient client;
    AdminApi api;
    String organizationId;
    Connection acme;
    String adaName;
    String bobName;
    String ada;
    String bob;
    String cy;
    String admins;
    String viewers;

    @BeforeEach
    void setUp() {
        client = new DirsyncClient("http://127.0.0.1:" + port);
        api = new AdminApi(client);
        Response org = admin(
                "POST",
                "/api/organizations",
                Map.of("name", "Acme", "roles", List.of("admin", "member", "viewer"), "defaultRole", "member"));
        assertThat(org.status()).as(org.toString()).isEqualTo(201);
        organizationId = org.json().get("id").asText();
        Response conn =
                admin("POST", "/api/connections", Map.of("name", "Acme Okta", "organizationId", organizationId));
        JsonNode created = conn.json();
        acme = new Connection(
                created.get("id").asText(),
                created.get("scimBaseUrl").asText(),
                created.get("bearerToken").asText());
        adaName = "ada-" + UUID.randomUUID() + "@example.com";
        Map<String, Object> adaBody = new HashMap<>(DirsyncClient.user(adaName));
        adaBody.put(ENTERPRISE, Map.of("department", "R&D", "employeeNumber", "E-1"));
        adaBody.put(CUSTOM, Map.of("costCode", "CC-7"));
        Response posted = client.scim(acme, "POST", "/Users", adaBody);
        assertThat(posted.status()).as(posted.toString()).isEqualTo(201);
        ada = posted.json().get("id").asText();
        bobName = "bob-" + UUID.randomUUID() + "@example.com";
        bob = client.createUser(acme, bobName).get("id").asText();
        cy = client.createUser(acme, "cy-" + UUID.randomUUID() + "@example.com")
                .get("id")
                .asText();
        admins = group("Admins", ada);
        viewers = group("Viewers", ada, bob);
    }

    @Test
    void previewShowsWhichRolesWouldChangeAndChangesNothing() throws InterruptedException {
        putRoleMappings(List.of(Map.of("groupId", admins, "role", "admin")));
        awaitRole(ada, "admin");
        awaitRole(bob, "member");
        awaitRole(cy, "member");
        // the members list and the resolver's own facts follow the events separately; the saved list previewing
        // no change is the sign that the resolver has caught up
        AdminApi.await("the resolver's facts to converge", () -> {
            JsonNode changes = preview(acme.id(), List.of(Map.of("groupId", admins, "role", "admin")))
                    .json()
                    .get("changes");
            return changes.isEmpty() ? null : changes.toString();
        });
        long events = jdbc.queryForObject("SELECT COUNT(*) FROM domain_event_entry", Long.class);

        Response preview = preview(
                acme.id(),
                List.of(Map.of("groupId", viewers, "role", "viewer"), Map.of("groupId", admins, "role", "admin")));

        assertThat(preview.status()).as(preview.toString()).isEqualTo(200);
        JsonNode body = preview.json();
        assertThat(body.get("syncEnabled").asBoolean()).isTrue();
        assertThat(body.get("changes"))
                .extracting(c -> c.get("userId").asText())
                .containsExactly(ada, bob);
        JsonNode adaChange = body.get("changes").get(0);
        assertThat(adaChange.get("userName").asText()).isEqualTo(adaName);
        assertThat(role(adaChange.get("from"))).isEqualTo(List.of("admin", "mapping", admins));
        assertThat(role(adaChange.get("to"))).isEqualTo(List.of("viewer", "mapping", viewers));
        JsonNode bobChange = body.get("changes").get(1);
        assertThat(role(bobChange.get("from"))).isEqualTo(Arrays.asList("member", "default", null));
        assertThat(role(bobChange.get("to"))).isEqualTo(List.of("viewer", "mapping", viewers));

        Thread.sleep(300);
        assertThat(jdbc.queryForObject("SELECT COUNT(*) FROM domain_event_entry", Long.class))
                .as("no event stored")
                .isEqualTo(events);
        assertThat(admin("GET", "/api/connections/" + acme.id() + "/role-mappings", null)
                        .json())
                .extracting(m -> m.get("groupId").asText())
                .containsExactly(admins);
        awaitRole(ada, "admin");
        awaitRole(bob, "member");
    }

    @Test
    void previewRejectsWhatPutRejects() {
        List<List<Map<String, String>>> invalid = List.of(
                List.of(Map.of("groupId", UUID.randomUUID().toString(), "role", "admin")),
                List.of(Map.of("groupId", admins, "role", "owner")),
                List.of(Map.of("groupId", admins, "role", "admin"), Map.of("groupId", admins, "role", "viewer")));
        for (Object proposal : List.of(invalid.get(0), invalid.get(1), invalid.get(2), "[null]", "[{}]")) {
            assertScimError(preview(acme.id(), proposal), 400, "invalidValue");
            assertScimError(
                    admin("PUT", "/api/connections/" + acme.id() + "/role-mappings", proposal), 400, "invalidValue");
        }
        Connection unlinked = client.createConnection("unlinked");
        assertScimError(preview(unlinked.id(), List.of()), 400, "invalidValue");
        assertThat(preview(UUID.randomUUID().toString(), List.of()).status()).isEqualTo(404);
    }

    @Test
    void previewOnAConnectionWithSyncDisabledSaysSoInsteadOfPredicting() throws InterruptedException {
        awaitRole(ada, "member");
        assertThat(admin("POST", "/api/connections/" + acme.id() + "/sync/disable", null)
                        .status())
                .isEqualTo(200);

        JsonNode body = preview(acme.id(), List.of(Map.of("groupId", admins, "role", "admin")))
                .json();

        assertThat(body.get("syncEnabled").asBoolean()).isFalse();
        assertThat(body.get("changes")).isEmpty();
        assertThat(body.get("detail").asText()).contains("disabled");
    }

    @Test
    void mappedValuesAppearAndFollowScimPatches() throws InterruptedException {
        List<Map<String, String>> mappings = List.of(
                Map.of("scimPath", ENTERPRISE + ":department", "attribute", "department"),
                Map.of("scimPath", "emails[type eq \"work\"].value", "attribute", "workEmail"),
                Map.of("scimPath", CUSTOM + ":costCode", "attribute", "costCode"),
                Map.of("scimPath", "name.givenName", "attribute", "firstName"));
        Response put = putAttributeMappings(mappings);
        assertThat(put.status()).as(put.toString()).isEqualTo(200);
        assertThat(put.json()).isEqualTo(AdminApi.json(mappings));
        assertThat(admin("GET", "/api/connections/" + acme.id() + "/attribute-mappings", null)
                        .json())
                .isEqualTo(put.json());
        api.awaitMetadata(
                ada, Map.of("department", "R&D", "workEmail", adaName, "costCode", "CC-7", "firstName", "Ada"));
        api.awaitMetadata(bob, Map.of("workEmail", bobName, "firstName", "Ada"));

        Response patched = client.scim(
                acme,
                "PATCH",
                "/Users/" + ada,
                Map.of(
                        "schemas",
                        List.of("urn:ietf:params:scim:api:messages:2.0:PatchOp"),
                        "Operations",
                        List.of(
                                Map.of("op", "replace", "path", ENTERPRISE + ":department", "value", "Sales"),
                                Map.of(
                                        "op",
                                        "replace",
                                        "path",
                                        "emails[type eq \"work\"].value",
                                        "value",
                                        "ada.new@example.com"),
                                Map.of("op", "remove", "path", CUSTOM + ":costCode"))));
        assertThat(patched.status()).as(patched.toString()).isEqualTo(200);
        api.awaitMetadata(ada, Map.of("department", "Sales", "workEmail", "ada.new@example.com", "firstName", "Ada"));

        client.scim(
                acme,
                "PATCH",
                "/Users/" + ada,
                patch(Map.of("op", "replace", "path", "name.givenName", "value", "Augusta")));
        api.awaitMetadata(
                ada, Map.of("department", "Sales", "workEmail", "ada.new@example.com", "firstName", "Augusta"));
        assertThat(api.call("GET", "/api/users/" + ada, null)
                        .json()
                        .at("/publicMetadata/firstName")
                        .asText())
                .as("the user's admin view carries it too")
                .isEqualTo("Augusta");
    }

    @Test
    void mappedValuesFollowAMappingChange() throws InterruptedException {
        assertThat(putAttributeMappings(List.of(Map.of("scimPath", "userName", "attribute", "login")))
                        .status())
                .isEqualTo(200);
        api.awaitMetadata(ada, Map.of("login", adaName));
        api.awaitMetadata(bob, Map.of("login", bobName));

        assertThat(putAttributeMappings(
                                List.of(Map.of("scimPath", ENTERPRISE + ":department", "attribute", "department")))
                        .status())
                .isEqualTo(200);
        api.awaitMetadata(ada, Map.of("department", "R&D"));
        api.awaitMetadata(bob, Map.of());

        String dan = client.createUser(acme, "dan-" + UUID.randomUUID() + "@example.com")
                .get("id")
                .asText();
        client.scim(
                acme,
                "PATCH",
                "/Users/" + dan,
                patch(Map.of("op", "add", "path", ENTERPRISE + ":department", "value", "Ops")));
        api.awaitMetadata(dan, Map.of("department", "Ops"));
    }

    @Test
    void theViewIsRebuiltByAReplay() throws InterruptedException {
        assertThat(putAttributeMappings(List.of(Map.of("scimPath", "userName", "attribute", "login")))
                        .status())
                .isEqualTo(200);
        assertThat(putAttributeMappings(
                                List.of(Map.of("scimPath", ENTERPRISE + ":department", "attribute", "department")))
                        .status())
                .isEqualTo(200);
        api.awaitMetadata(ada, Map.of("department", "R&D"));

        StreamingEventProcessor processor = processors
                .eventProcessor("user-public-metadata", StreamingEventProcessor.class)
                .orElseThrow();
        processor.shutDown();
        // damage the view: the replay must clear it (@ResetHandler) and rebuild it from the events alone
        jdbc.update("UPDATE user_public_metadata SET metadata = '{\"stale\":true}' WHERE user_id = ?", ada);
        jdbc.update(
                "INSERT INTO user_public_metadata (user_id, connection_id, profile, active, metadata) VALUES (?, ?, '{}', TRUE, ?)",
                "ghost-" + ada,
                acme.id(),
                "{\"ghost\":true}");
        processor.resetTokens();
        processor.start();

        api.awaitMetadata(ada, Map.of("department", "R&D"));
        api.awaitMetadata(bob, Map.of());
        api.awaitMetadata("ghost-" + ada, Map.of());
    }

    @Test
    void adminsEditUnmappedKeysAlwaysAndMappedKeysOnlyWhileSyncIsOff() throws InterruptedException {
        assertThat(putAttributeMappings(
                                List.of(Map.of("scimPath", ENTERPRISE + ":department", "attribute", "department")))
                        .status())
                .isEqualTo(200);
        api.awaitMetadata(ada, Map.of("department", "R&D"));

        assertScimError(editMetadata(ada, Map.of("department", "Sales", "tier", "gold")), 409, null);
        Response edited = editMetadata(ada, Map.of("tier", "gold", "badges", List.of("early")));
        assertThat(edited.status()).as(edited.toString()).isEqualTo(200);
        api.awaitMetadata(ada, Map.of("department", "R&D", "tier", "gold", "badges", List.of("early")));
        Map<String, Object> removal = new HashMap<>();
        removal.put("badges", null);
        assertThat(editMetadata(ada, removal).status()).isEqualTo(200);
        api.awaitMetadata(ada, Map.of("department", "R&D", "tier", "gold"));

        assertThat(admin("POST", "/api/connections/" + acme.id() + "/sync/disable", null)
                        .status())
                .isEqualTo(200);
        assertThat(editMetadata(ada, Map.of("department", "Sales")).status()).isEqualTo(200);
        api.awaitMetadata(ada, Map.of("department", "Sales", "tier", "gold"));

        // sync back on: the IdP's value shows again, the admin's own key stays
        assertThat(admin("POST", "/api/connections/" + acme.id() + "/sync/enable", null)
                        .status())
                .isEqualTo(200);
        api.awaitMetadata(ada, Map.of("department", "R&D", "tier", "gold"));
        assertScimError(editMetadata(ada, Map.of("department", "Sales")), 409, null);

        assertScimError(editMetadata(ada, Map.of()), 400, "invalidValue");
        assertThat(editMetadata("no-such-user", Map.of("tier", "x")).status()).isEqualTo(404);
        assertThat(client.http()
                        .send(
                                "PATCH",
                                "http://127.0.0.1:" + port + "/api/users/" + ada + "/public-metadata",
                                null,
                                Map.of("tier", "x"))
                        .status())
                .as("the admin credential is required")
                .isEqualTo(401);
    }

    @Test
    void invalidMappingsAreRejectedAndChangeNothing() {
        List<Map<String, String>> saved = List.of(Map.of("scimPath", "userName", "attribute", "login"));
        assertThat(putAttributeMappings(saved).status()).isEqualTo(200);
        List<List<Map<String, String>>> invalid = List.of(
                List.of(Map.of("scimPath", "emails[type eq", "attribute", "x")),
                List.of(Map.of("scimPath", "favoriteColor", "attribute", "x")),
                List.of(Map.of(
                        "scimPath",
                        "urn:ietf:params:scim:schemas:extension:enterprise:2.0:User:employeeId",
                        "attribute",
                        "x")),
                List.of(Map.of("scimPath", ENTERPRISE + ":shoeSize", "attribute", "x")),
                List.of(Map.of("scimPath", "userName", "attribute", " ")),
                List.of(
                        Map.of("scimPath", "userName", "attribute", "x"),
                        Map.of("scimPath", "displayName", "attribute", "x")));
        for (List<Map<String, String>> mappings : invalid) {
            assertScimError(putAttributeMappings(mappings), 400, "invalidValue");
        }
        assertScimError(
                admin("PUT", "/api/connections/" + acme.id() + "/attribute-mappings", "[null]"), 400, "invalidValue");
        assertThat(admin("GET", "/api/connections/" + acme.id() + "/attribute-mappings", null)
                        .json())
                .isEqualTo(AdminApi.json(saved));
        assertThat(admin("PUT", "/api/connections/" + UUID.randomUUID() + "/attribute-mappings", saved)
                        .status())
                .isEqualTo(404);
    }

    private Response editMetadata(String userId, Map<String, Object> changes) {
        return admin("PATCH", "/api/users/" + userId + "/public-metadata", changes);
    }

    private Response preview(String connectionId, Object proposal) {
        return admin("POST", "/api/connections/" + connectionId + "/role-mappings/preview", proposal);
    }

    private void putRoleMappings(List<Map<String, String>> mappings) {
        Response response = admin("PUT", "/api/connections/" + acme.id() + "/role-mappings", mappings);
        assertThat(response.status()).as(response.toString()).isEqualTo(200);
    }

    private Response putAttributeMappings(List<Map<String, String>> mappings) {
        return admin("PUT", "/api/connections/" + acme.id() + "/attribute-mappings", mappings);
    }

    private static List<String> role(JsonNode role) {
        return Arrays.asList(text(role, "role"), text(role, "roleSource"), text(role, "mappedFromGroupId"));
    }

    private void awaitRole(String userId, String role) throws InterruptedException {
        api.awaitRole(organizationId, userId, role);
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
                        Arrays.stream(memberIds).map(id -> Map.of("value", id)).toList())));
        assertThat(created.status()).as(created.toString()).isEqualTo(201);
        return created.json().get("id").asText();
    }

    private Response admin(String method, String path, Object body) {
        return api.call(method, path, body);
    }
}
