package io.dirsync.app;

import com.fasterxml.jackson.databind.JsonNode;
import io.dirsync.app.DirsyncClient.Connection;
import io.dirsync.app.HttpClientSupport.Response;
import io.dirsync.app.axon.RecentlyEmptyEventSource;
import org.axonframework.eventhandling.pooled.PooledStreamingEventProcessor;
import org.junit.jupiter.api.Test;
import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.boot.test.context.SpringBootTest;
import org.springframework.boot.test.web.server.LocalServerPort;
import org.springframework.jdbc.core.JdbcTemplate;
import org.springframework.test.util.ReflectionTestUtils;

import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

import static io.dirsync.app.ScimUsersContractTests.patch;
import static org.assertj.core.api.Assertions.assertThat;

/** Every streaming projection rebuilt from the first event ends identical, and the replay adds no event. */
@SpringBootTest(classes = DirsyncApplication.class, webEnvironment = SpringBootTest.WebEnvironment.RANDOM_PORT,
        properties = {"dirsync.admin-token=" + DirsyncClient.ADMIN_TOKEN, "dirsync.role-resolver.delay-ms=50"})
abstract class ReplayContractTests {
    private static final List<String> TABLES = List.of("directory_user", "event_log", "event_log_subject", "org_member",
            "org_member_name", "rm_organization", "rm_role", "rm_connection", "rm_mapping", "rm_user", "rm_membership", "rm_assignment",
            "user_public_metadata", "public_metadata_mapping", "connection_overview", "organization_overview", "organization_overview_role");

    @LocalServerPort
    int port;
    @Autowired
    JdbcTemplate jdbc;
    @Autowired
    org.axonframework.config.Configuration axon;

    /**
     * What RecentlyEmptyEventSourceTest shows of one stream holds for every streaming processor of the service. Axon
     * keeps a processor's source to itself, hence the field read: a rename in a later Axon fails here, not silently.
     */
    @Test
    void everyStreamingProcessorAsksTheStoreOncePerIdlePass() {
        assertThat(axon.eventProcessingConfiguration().eventProcessors().values())
                .filteredOn(PooledStreamingEventProcessor.class::isInstance).isNotEmpty()
                .allSatisfy(processor -> assertThat(ReflectionTestUtils.getField(processor, "messageSource"))
                        .as(processor.getName()).isInstanceOf(RecentlyEmptyEventSource.class));
    }

    @Test
    void aFullReplayRebuildsEveryStreamingProjectionIdentically() throws InterruptedException {
        DirsyncClient client = new DirsyncClient("http://127.0.0.1:" + port);
        ProjectionsQuiet projections = new ProjectionsQuiet(client, jdbc);
        String org = admin(client, "POST", "/api/organizations", Map.of("name", "Replay", "roles", List.of("admin", "member"),
                "defaultRole", "member")).json().get("id").asText();
        JsonNode conn = admin(client, "POST", "/api/connections", Map.of("name", "replayed", "organizationId", org)).json();
        Connection acme = new Connection(conn.get("id").asText(), conn.get("scimBaseUrl").asText(), conn.get("bearerToken").asText());
        List<String> users = new ArrayList<>();
        for (int i = 0; i < 6; i++) {
            users.add(client.createUser(acme, "replay" + i + "@example.com").get("id").asText());
        }
        String group = client.scim(acme, "POST", "/Groups", DirsyncClient.group(Map.of("displayName", "Admins",
                "members", List.of(Map.of("value", users.get(0)), Map.of("value", users.get(1)))))).json().get("id").asText();
        admin(client, "PUT", "/api/connections/" + acme.id() + "/role-mappings", List.of(Map.of("groupId", group, "role", "admin")));
        client.scim(acme, "PATCH", "/Users/" + users.get(2), patch(Map.of("op", "Replace", "path", "active", "value", "False")));
        client.scim(acme, "DELETE", "/Users/" + users.get(3), null);
        client.scim(acme, "PATCH", "/Users/" + users.get(4), patch(Map.of("op", "replace", "path", "displayName", "value", "Renamed")));
        admin(client, "DELETE", "/api/organizations/" + org + "/roles/admin", null);

        projections.await();
        Map<String, List<Map<String, Object>>> before = snapshot();
        long events = projections.count("domain_event_entry");
        assertThat(before.get("org_member")).as("the context may be shared with other suites: count this organization's")
                .filteredOn(row -> org.equals(row.get("organization_id"))).hasSize(6);

        List<String> streaming = projections.streaming();
        assertThat(streaming).contains("directory-users", "event-log", "organization-members", "role-resolution");
        for (String name : streaming) {
            assertThat(admin(client, "POST", "/api/projections/" + name + "/replay", null).status()).isEqualTo(202);
        }
        assertThat(client.scim(acme, "GET", "/Users/" + users.get(0), null).status()).as("reads go on during the replay").isEqualTo(200);
        projections.await();

        Map<String, List<Map<String, Object>>> after = snapshot();
        for (String table : TABLES) {
            assertThat(after.get(table)).as(table).isEqualTo(before.get(table));
        }
        assertThat(projections.count("domain_event_entry")).as("a replay decides nothing anew").isEqualTo(events);
        assertThat(admin(client, "POST", "/api/projections/scim-users/replay", null).status()).isEqualTo(400);
        assertThat(admin(client, "POST", "/api/projections/nope/replay", null).status()).isEqualTo(404);
    }

    private Map<String, List<Map<String, Object>>> snapshot() {
        Map<String, List<Map<String, Object>>> tables = new LinkedHashMap<>();
        for (String table : TABLES) {
            tables.put(table, jdbc.queryForList("SELECT * FROM " + table + " ORDER BY 1, 2"));
        }
        return tables;
    }

    private static Response admin(DirsyncClient client, String method, String path, Object body) {
        return client.http().send(method, path, DirsyncClient.ADMIN_TOKEN, body, "Content-Type", "application/json");
    }
}
