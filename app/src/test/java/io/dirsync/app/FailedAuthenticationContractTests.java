package io.dirsync.app;

import com.fasterxml.jackson.databind.JsonNode;
import io.dirsync.app.DirsyncClient.Connection;
import io.dirsync.app.HttpClientSupport.Response;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.springframework.boot.test.context.SpringBootTest;
import org.springframework.boot.test.web.server.LocalServerPort;

import java.util.ArrayList;
import java.util.List;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * Issue 25, "throttle failures, not users", over real HTTP: three failures from one address in a three-second window
 * lock that address out of that kind of credential until the window ends, before any token is compared; successes
 * never count; lock-outs and admin UI sign-ins land in {@code GET /api/security/events}. Forwarded headers are
 * trusted here, as behind the README's proxy, so each test plays its own client address. Runs on H2
 * ({@link H2FailedAuthenticationIT}) and PostgreSQL ({@link PostgresFailedAuthenticationIT}).
 */
@SpringBootTest(
        classes = DirsyncApplication.class,
        webEnvironment = SpringBootTest.WebEnvironment.RANDOM_PORT,
        properties = {
            "dirsync.admin-token=" + DirsyncClient.ADMIN_TOKEN,
            "dirsync.security.trust-forwarded-headers=true",
            "dirsync.security.failed-authentication.max-failures=3",
            "dirsync.security.failed-authentication.window=3s"
        })
abstract class FailedAuthenticationContractTests {
    private static final String ADMIN = DirsyncClient.ADMIN_TOKEN;

    @LocalServerPort
    int port;

    DirsyncClient client;
    String origin;

    @BeforeEach
    void connect() {
        origin = "http://127.0.0.1:" + port;
        client = new DirsyncClient(origin);
    }

    @Test
    void wrongAdminTokensLockTheirAddressOutOfTheApiUntilTheWindowEnds() throws InterruptedException {
        String attacker = "203.0.113.10";
        for (int i = 0; i < 3; i++) {
            assertThat(api("GET", "/api/security/events", "wrong-" + i, attacker)
                            .status())
                    .isEqualTo(401);
        }
        Response locked = api("GET", "/api/security/events", ADMIN, attacker);
        assertThat(locked.status())
                .as("even the right token, from that address")
                .isEqualTo(429);
        assertThat(locked.header("Content-Type"))
                .hasValueSatisfying(type -> assertThat(type).startsWith("application/json"));
        assertThat(locked.json().get("status").asText()).isEqualTo("429");
        long retryAfter = Long.parseLong(locked.header("Retry-After").orElseThrow());
        assertThat(retryAfter).isBetween(1L, 3L);

        assertThat(api("GET", "/api/security/events", ADMIN, "203.0.113.11").status())
                .as("another address")
                .isEqualTo(200);
        Connection acme = client.createConnection("lock-out neighbour");
        assertThat(client.http()
                        .send("GET", acme.base() + "/Users", acme.token(), null, "X-Forwarded-For", attacker)
                        .status())
                .as("another kind of credential from the same address")
                .isEqualTo(200);
        assertThat(securityEvents()).anySatisfy(event -> {
            assertThat(event.get("type").asText()).isEqualTo("locked-out");
            assertThat(event.get("credential").asText()).isEqualTo("admin-api");
            assertThat(event.get("sourceAddress").asText()).isEqualTo(attacker);
        });

        Thread.sleep(retryAfter * 1000 + 200);
        assertThat(api("GET", "/api/security/events", ADMIN, attacker).status())
                .as("after the window")
                .isEqualTo(200);
        assertThat(api("GET", "/api/security/events", "wrong-again", attacker).status())
                .as("a fresh count")
                .isEqualTo(401);
    }

    @Test
    void revokedAuditorTokensCountAsFailedAdminApiAuthentications() {
        Response issued = client.http()
                .send(
                        "POST",
                        "/api/auditor-tokens",
                        ADMIN,
                        java.util.Map.of("name", "ex-auditor", "expiresInSeconds", 3600));
        String auditor = issued.json().get("token").asText();
        assertThat(client.http()
                        .send(
                                "DELETE",
                                "/api/auditor-tokens/" + issued.json().get("id").asText(),
                                ADMIN,
                                null)
                        .status())
                .isEqualTo(204);
        String source = "203.0.113.77";
        for (int i = 0; i < 3; i++) {
            assertThat(api("GET", "/api/events", auditor, source).status()).isEqualTo(401);
        }
        assertThat(api("GET", "/api/events", ADMIN, source).status())
                .as("the address is locked out")
                .isEqualTo(429);
    }

    @Test
    void wrongScimTokensGetAScimError429BeforeTheTokenIsCompared() throws InterruptedException {
        Connection acme = client.createConnection("scim lock-out");
        String idp = "198.51.100.20";
        for (int i = 0; i < 3; i++) {
            assertThat(scim(acme.withToken("dsc_wrong" + i), idp).status()).isEqualTo(401);
        }
        Response locked = scim(acme, idp);
        assertThat(locked.status()).isEqualTo(429);
        assertThat(locked.header("Content-Type"))
                .hasValueSatisfying(type -> assertThat(type).startsWith("application/scim+json"));
        assertThat(locked.json().get("schemas").get(0).asText())
                .isEqualTo("urn:ietf:params:scim:api:messages:2.0:Error");
        assertThat(locked.json().get("detail").asText()).contains("retry after");
        long retryAfter = Long.parseLong(locked.header("Retry-After").orElseThrow());

        Thread.sleep(retryAfter * 1000 + 200);
        assertThat(scim(acme, idp).status()).as("after the window").isEqualTo(200);
    }

    @Test
    void successfulRequestsNeitherCountNorSlowDown() {
        Connection acme = client.createConnection("busy idp");
        String idp = "198.51.100.30";
        for (int i = 0; i < 50; i++) {
            assertThat(scim(acme, idp).status()).isEqualTo(200);
            assertThat(api("GET", "/api/connections/" + acme.id() + "/groups", ADMIN, idp)
                            .status())
                    .isEqualTo(200);
        }
        assertThat(scim(acme.withToken("dsc_stale"), idp).status())
                .as("the first failure is just a failure")
                .isEqualTo(401);
        assertThat(scim(acme, idp).status()).isEqualTo(200);
    }

    @Test
    void adminUiSignInsAreRecordedAndALockedOutAddressGetsTheLoginPageWithA429() throws InterruptedException {
        String browser = "203.0.113.40";
        for (int i = 0; i < 3; i++) {
            Response failed = login("not-the-token-" + i, browser);
            assertThat(failed.status()).isEqualTo(401);
            assertThat(failed.rawBody()).contains("That is not the admin token");
        }
        Response locked = login(ADMIN, browser);
        assertThat(locked.status()).isEqualTo(429);
        assertThat(locked.header("Set-Cookie"))
                .as("no session for a locked-out address")
                .isEmpty();
        assertThat(locked.rawBody()).contains("Too many failed sign-ins");
        long retryAfter = Long.parseLong(locked.header("Retry-After").orElseThrow());

        Thread.sleep(retryAfter * 1000 + 200);
        Response signedIn = login(ADMIN, browser);
        assertThat(signedIn.status()).isEqualTo(302);
        assertThat(signedIn.header("Set-Cookie"))
                .hasValueSatisfying(cookie -> assertThat(cookie).startsWith("dirsync_admin="));

        List<String> mine = new ArrayList<>();
        for (JsonNode event : securityEvents()) {
            if (event.get("sourceAddress").asText().equals(browser)) {
                assertThat(event.get("credential").asText()).isEqualTo("admin-ui");
                assertThat(event.get("occurredAt").asText()).isNotEmpty();
                mine.add(0, event.get("type").asText());
            }
        }
        assertThat(mine)
                .containsExactly("login-failed", "login-failed", "login-failed", "locked-out", "login-succeeded");
        assertThat(securityEvents().toString()).doesNotContain("not-the-token-").doesNotContain(ADMIN);
    }

    @Test
    void theSessionCookieIsSecureWhenTheBrowserCameOverHttps() {
        assertThat(login(ADMIN, "203.0.113.50", "X-Forwarded-Proto", "https").header("Set-Cookie"))
                .hasValueSatisfying(
                        cookie -> assertThat(cookie).contains("; Secure").contains("HttpOnly"));
        assertThat(login(ADMIN, "203.0.113.50").header("Set-Cookie"))
                .hasValueSatisfying(cookie -> assertThat(cookie).doesNotContain("Secure"));
    }

    private Response api(String method, String path, String token, String source) {
        return client.http().send(method, path, token, null, "X-Forwarded-For", "10.9.8.7, " + source);
    }

    private Response scim(Connection connection, String source) {
        return client.http()
                .send("GET", connection.base() + "/Users?count=1", connection.token(), null, "X-Forwarded-For", source);
    }

    private Response login(String token, String source, String... headers) {
        List<String> all = new ArrayList<>(List.of(
                "Content-Type", "application/x-www-form-urlencoded", "Origin", origin, "X-Forwarded-For", source));
        all.addAll(List.of(headers));
        return client.http().send("POST", "/admin/login", null, "token=" + token, all.toArray(String[]::new));
    }

    private JsonNode securityEvents() {
        Response events = client.http().send("GET", "/api/security/events", ADMIN, null);
        assertThat(events.status()).as(events.toString()).isEqualTo(200);
        return events.json();
    }
}
