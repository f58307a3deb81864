package io.dirsync.app;

import com.fasterxml.jackson.databind.JsonNode;
import io.dirsync.app.HttpClientSupport.Response;
import io.dirsync.command.connection.BearerTokens;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.boot.test.context.SpringBootTest;
import org.springframework.boot.test.web.server.LocalServerPort;
import org.springframework.jdbc.core.JdbcTemplate;
import org.springframework.web.bind.annotation.RequestMethod;
import org.springframework.web.servlet.mvc.method.RequestMappingInfo;
import org.springframework.web.servlet.mvc.method.annotation.RequestMappingHandlerMapping;

import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Set;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * Issue 25 item 3 over real HTTP: read-only auditor tokens, issued, listed and revoked by the admin, walked over every
 * {@code /api} route Spring MVC maps. Runs on H2 ({@link H2AuditorTokenIT}) and PostgreSQL ({@link PostgresAuditorTokenIT}).
 */
@SpringBootTest(
        classes = DirsyncApplication.class,
        webEnvironment = SpringBootTest.WebEnvironment.RANDOM_PORT,
        properties = {
            "dirsync.admin-token=" + DirsyncClient.ADMIN_TOKEN,
            // the matrix sends many refused tokens on purpose; the lock-out is tested in
            // FailedAuthenticationContractTests
            "dirsync.security.failed-authentication.max-failures=1000000"
        })
abstract class AuditorTokenContractTests {
    private static final String ADMIN = DirsyncClient.ADMIN_TOKEN;
    /** The routes an auditor reads; every other {@code /api} route must answer it 403. */
    private static final Set<String> READ_ROUTES = Set.of(
            "GET /api/users/{userId}",
            "GET /api/users/{userId}/history",
            "GET /api/users/{userId}/public-metadata",
            "GET /api/events",
            "GET /api/events/export",
            "GET /api/audit/verify",
            "GET /api/projections",
            "GET /api/cluster",
            "GET /api/security/events",
            "GET /api/sessions/{sessionId}",
            "GET /api/connections/{connectionId}/provisioning-failures",
            "GET /api/connections/{connectionId}/groups",
            "GET /api/connections/{connectionId}/directory-users",
            "GET /api/connections/{connectionId}/attribute-mappings",
            "GET /api/connections/{connectionId}/role-mappings",
            "GET /api/organizations/{organizationId}/members",
            // the API's own description (springdoc's routes)
            "GET /api/openapi.json",
            "GET /api/openapi.json.yaml",
            "GET /api/openapi.json/swagger-config",
            "GET /api/connections/{connectionId}/snapshot",
            "GET /api/connections/{connectionId}/access-changes",
            "GET /api/connections/{connectionId}/role-counts");

    @LocalServerPort
    int port;

    @Autowired
    JdbcTemplate jdbc;

    /** Spring Boot's main request mapping and the SCIM endpoints' own (ScimRoutes). */
    @Autowired
    List<RequestMappingHandlerMapping> mappings;

    HttpClientSupport http;

    record Route(String method, String path) {
        String concrete() {
            return path.replaceAll("\\{[^}]+}", "x");
        }

        boolean readable() {
            return READ_ROUTES.contains(toString());
        }

        @Override
        public String toString() {
            return method + " " + path;
        }
    }

    @BeforeEach
    void connect() {
        http = new DirsyncClient("http://127.0.0.1:" + port).http();
    }

    @Test
    void everyApiRouteAnswersEachKindOfCredentialAsTheMatrixSays() throws InterruptedException {
        List<Route> routes = apiRoutes();
        assertThat(routes).hasSizeGreaterThan(30);
        assertThat(routes.stream().map(Route::toString))
                .as("every listed read route exists")
                .containsAll(READ_ROUTES);
        String auditor = issue("matrix", 3600).get("token").asText();
        String revoked = issueAndRevoke("revoked");
        String expired = issue("expired", 1).get("token").asText();
        Thread.sleep(1200);
        long events = settledEventCount();

        for (Route route : routes) {
            Object body = body(route);
            Response asAuditor = http.send(route.method(), route.concrete(), auditor, body);
            if (route.readable()) {
                assertThat(asAuditor.status())
                        .as(route + " as auditor: " + asAuditor)
                        .isNotIn(401, 403);
            } else {
                assertThat(asAuditor.status())
                        .as(route + " as auditor: " + asAuditor)
                        .isEqualTo(403);
                assertThat(asAuditor.json().get("detail").asText()).contains("auditor");
            }
            for (String refused : new String[] {null, "wrong", revoked, expired}) {
                Response answer = http.send(route.method(), route.concrete(), refused, body);
                assertThat(answer.status()).as(route + " with " + refused).isEqualTo(401);
                assertThat(answer.header("WWW-Authenticate"))
                        .as(route.toString())
                        .isPresent();
            }
        }
        assertThat(settledEventCount())
                .as("nothing an auditor sent stored an event")
                .isEqualTo(events);

        for (Route route : routes) {
            Response asAdmin = http.send(route.method(), route.concrete(), ADMIN, body(route));
            assertThat(asAdmin.status()).as(route + " as admin: " + asAdmin).isNotIn(401, 403);
        }
    }

    @Test
    void anAuditorTokenIsShownOnceListedWithoutItsValueAndStoredOnlyAsADigest() {
        JsonNode issued = issue("Q4 audit", 86_400);
        String id = issued.get("id").asText();
        String token = issued.get("token").asText();

        Response list = http.send("GET", "/api/auditor-tokens", ADMIN, null);
        assertThat(list.status()).isEqualTo(200);
        assertThat(list.rawBody()).doesNotContain(token);
        JsonNode listed = null;
        for (JsonNode row : list.json()) {
            if (row.get("id").asText().equals(id)) {
                listed = row;
            }
        }
        assertThat(listed).as("the issued token is listed").isNotNull();
        assertThat(listed.get("name").asText()).isEqualTo("Q4 audit");
        assertThat(java.time.Duration.between(
                        java.time.Instant.parse(listed.get("createdAt").asText()),
                        java.time.Instant.parse(listed.get("expiresAt").asText())))
                .hasSeconds(86_400);
        Map<String, Object> row = jdbc.queryForMap("SELECT * FROM auditor_token WHERE id = ?", id);
        assertThat(row.values()).extracting(String::valueOf).noneMatch(v -> v.contains(token));
        assertThat(row.get("token_sha256")).isEqualTo(BearerTokens.sha256Hex(token));
    }

    @Test
    void aRevokedAuditorTokenIsRefusedAtOnceAndAnUnknownIdIs404() {
        JsonNode issued = issue("short engagement", 3600);
        String token = issued.get("token").asText();
        assertThat(http.send("GET", "/api/audit/verify", token, null).status()).isEqualTo(200);

        assertThat(http.send("DELETE", "/api/auditor-tokens/" + issued.get("id").asText(), ADMIN, null)
                        .status())
                .isEqualTo(204);

        assertThat(http.send("GET", "/api/audit/verify", token, null).status()).isEqualTo(401);
        assertThat(http.send("GET", "/api/auditor-tokens", ADMIN, null).rawBody())
                .doesNotContain(issued.get("id").asText());
        Response again =
                http.send("DELETE", "/api/auditor-tokens/" + issued.get("id").asText(), ADMIN, null);
        assertThat(again.status()).isEqualTo(404);
        assertThat(again.json().get("status").asText()).isEqualTo("404");
    }

    @Test
    void onlyTheAdminManagesAuditorTokensAndBadRequestsAre400() {
        String token = issue("curious", 3600).get("token").asText();
        assertThat(http.send("POST", "/api/auditor-tokens", token, Map.of("name", "self-made", "expiresInSeconds", 60))
                        .status())
                .isEqualTo(403);
        assertThat(http.send("GET", "/api/auditor-tokens", token, null).status())
                .isEqualTo(403);
        for (Map<String, Object> bad : List.<Map<String, Object>>of(
                Map.of("expiresInSeconds", 60),
                Map.of("name", "n"),
                Map.of("name", " ", "expiresInSeconds", 60),
                Map.of("name", "n", "expiresInSeconds", 0),
                Map.of("name", "n", "expiresInSeconds", 400L * 86_400))) {
            assertThat(http.send("POST", "/api/auditor-tokens", ADMIN, bad).status())
                    .as(bad.toString())
                    .isEqualTo(400);
        }
    }

    // ---------------------------------------------------------------- helpers

    /** Issues a token and revokes it at once: its value must never open anything again. */
    private String issueAndRevoke(String name) {
        JsonNode issued = issue(name, 3600);
        assertThat(http.send("DELETE", "/api/auditor-tokens/" + issued.get("id").asText(), ADMIN, null)
                        .status())
                .isEqualTo(204);
        return issued.get("token").asText();
    }

    private JsonNode issue(String name, int seconds) {
        Response issued =
                http.send("POST", "/api/auditor-tokens", ADMIN, Map.of("name", name, "expiresInSeconds", seconds));
        assertThat(issued.status()).as(issued.toString()).isEqualTo(201);
        assertThat(issued.json().get("token").asText()).startsWith("dsr_");
        return issued.json();
    }

    private static Object body(Route route) {
        return route.method().equals("GET") || route.method().equals("DELETE") ? null : Map.of();
    }

    /** Every mapped route under {@code /api}, read from Spring MVC itself, so a route added later is covered too. */
    private List<Route> apiRoutes() {
        List<Route> routes = new ArrayList<>();
        for (RequestMappingInfo info : mappings.stream()
                .flatMap(mapping -> mapping.getHandlerMethods().keySet().stream())
                .toList()) {
            Set<RequestMethod> methods = info.getMethodsCondition().getMethods();
            for (String pattern : info.getPatternValues()) {
                if (pattern.startsWith("/api")) {
                    for (RequestMethod method : methods.isEmpty() ? Set.of(RequestMethod.GET) : methods) {
                        routes.add(new Route(method.name(), pattern));
                    }
                }
            }
        }
        return routes;
    }

    private long settledEventCount() throws InterruptedException {
        long previous = -1;
        long current = 0;
        while (current != previous) {
            previous = current;
            Thread.sleep(300);
            current = jdbc.queryForObject("SELECT COUNT(*) FROM domain_event_entry", Long.class);
        }
        return current;
    }
}
