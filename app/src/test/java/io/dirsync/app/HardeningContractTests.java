package io.dirsync.app;

import com.fasterxml.jackson.databind.JsonNode;
import io.dirsync.app.DirsyncClient.Connection;
import io.dirsync.app.HttpClientSupport.Response;
import io.dirsync.app.web.SecurityHeadersFilter;
import io.dirsync.command.connection.BearerTokens;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;
import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.boot.test.context.SpringBootTest;
import org.springframework.boot.test.system.CapturedOutput;
import org.springframework.boot.test.system.OutputCaptureExtension;
import org.springframework.boot.test.web.server.LocalServerPort;
import org.springframework.jdbc.core.JdbcTemplate;
import org.springframework.web.bind.annotation.RequestMethod;
import org.springframework.web.method.annotation.HandlerMethodValidator;
import org.springframework.web.servlet.mvc.method.RequestMappingInfo;
import org.springframework.web.servlet.mvc.method.annotation.RequestMappingHandlerAdapter;
import org.springframework.web.servlet.mvc.method.annotation.RequestMappingHandlerMapping;

import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.UUID;
import java.util.concurrent.Callable;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.TimeUnit;

import static io.dirsync.app.ScimUsersContractTests.assertScimError;
import static io.dirsync.app.ScimUsersContractTests.patch;
import static org.assertj.core.api.Assertions.assertThat;

/**
 * Issue 6 over real HTTP: bad input, races, rate limits and the security promises. Runs on H2
 * ({@link H2HardeningIT}) and PostgreSQL ({@link PostgresHardeningIT}). The rate limit is small here (150 requests
 * a connection, then one a second), so every test works on connections of its own.
 */
@SpringBootTest(
        classes = DirsyncApplication.class,
        webEnvironment = SpringBootTest.WebEnvironment.RANDOM_PORT,
        properties = {
            "dirsync.admin-token=" + DirsyncClient.ADMIN_TOKEN,
            "dirsync.scim.rate-limit.capacity=150",
            "dirsync.scim.rate-limit.per-second=1",
            // these tests send hundreds of wrong tokens on purpose; the lock-out has its own suite
            // (FailedAuthenticationContractTests)
            "dirsync.security.failed-authentication.max-failures=1000000",
            "logging.level.io.dirsync=DEBUG"
        })
@ExtendWith(OutputCaptureExtension.class)
abstract class HardeningContractTests {
    @LocalServerPort
    int port;

    @Autowired
    JdbcTemplate jdbc;

    /** Spring Boot's main request mapping and the SCIM endpoints' own (ScimRoutes). */
    @Autowired
    List<RequestMappingHandlerMapping> mappings;

    @Autowired
    RequestMappingHandlerAdapter handlerAdapter;

    DirsyncClient client;
    final RawHttp raw = new RawHttp();

    @BeforeEach
    void connect() {
        client = new DirsyncClient("http://127.0.0.1:" + port);
    }

    // ---------------------------------------------------------------- 1. bad input

    @Test
    void badInputNeverAnswers500AndNeverChangesState() throws Exception {
        Connection acme = client.createConnection("corpus");
        JsonNode user = client.createUser(acme, "corpus@example.com");
        String userId = user.get("id").asText();
        Response group = client.scim(
                acme,
                "POST",
                "/Groups",
                DirsyncClient.group(Map.of("displayName", "Corpus", "members", List.of(Map.of("value", userId)))));
        assertThat(group.status()).isEqualTo(201);
        String groupId = group.json().get("id").asText();
        long events = settledEventCount();
        String userBefore = client.scim(acme, "GET", "/Users/" + userId, null).rawBody();
        String groupBefore =
                client.scim(acme, "GET", "/Groups/" + groupId, null).rawBody();

        List<String> failures = new ArrayList<>();
        for (BadInputCorpus.Case bad : BadInputCorpus.cases()) {
            Response response = raw.send(
                    bad.method(),
                    acme.base() + bad.path().replace("{user}", userId).replace("{group}", groupId),
                    acme.token(),
                    bad.contentType(),
                    bad.body(),
                    bad.chunked(),
                    bad.headers());
            try {
                assertScimError(response, bad.status(), bad.scimType());
                assertThat(response.header("X-Request-Id"))
                        .as("request id of " + bad)
                        .isPresent();
                assertThat(response.header("Content-Type"))
                        .hasValueSatisfying(type -> assertThat(type).startsWith("application/scim+json"));
            } catch (AssertionError e) {
                failures.add(bad + ": " + e.getMessage().lines().findFirst().orElse("") + " <"
                        + abbreviate(response.toString()) + ">");
            }
        }
        assertThat(failures).as("rows answered other than the corpus says").isEmpty();

        assertThat(eventCount()).as("no bad request stored an event").isEqualTo(events);
        assertThat(client.scim(acme, "GET", "/Users/" + userId, null).rawBody()).isEqualTo(userBefore);
        assertThat(client.scim(acme, "GET", "/Groups/" + groupId, null).rawBody())
                .isEqualTo(groupBefore);
        assertThat(client.scim(acme, "GET", "/Users", null)
                        .json()
                        .get("totalResults")
                        .asInt())
                .as("no user was created")
                .isEqualTo(1);
    }

    /**
     * SCIM requests are matched against the SCIM endpoints' mappings alone, asked before the main one (ScimRoutes):
     * every SCIM route is there and nowhere else, and a wrong method or path under it still answers 405 or 404.
     */
    @Test
    void scimRoutesAreMatchedApartFromTheOthersAndFirst() {
        RequestMappingHandlerMapping first = mappings.stream()
                .min(Comparator.comparingInt(RequestMappingHandlerMapping::getOrder))
                .orElseThrow();
        List<String> firstPatterns = patternsOf(first);
        assertThat(firstPatterns).isNotEmpty().allMatch(pattern -> pattern.startsWith("/scim/"));
        assertThat(firstPatterns).contains("/scim/v2/{connectionId}/Users", "/scim/v2/{connectionId}/Groups/{groupId}");
        assertThat(mappings.stream()
                        .filter(mapping -> mapping != first)
                        .flatMap(mapping -> patternsOf(mapping).stream()))
                .isNotEmpty()
                .noneMatch(pattern -> pattern.startsWith("/scim/"));

        Connection acme = client.createConnection("routes");
        assertThat(client.scim(acme, "GET", "/Users?filter=userName%20eq%20%22nobody%22", null)
                        .status())
                .isEqualTo(200);
        assertScimError(client.scim(acme, "DELETE", "/Users", null), 405, null);
        assertScimError(client.scim(acme, "PUT", "/ServiceProviderConfig", Map.of()), 405, null);
        assertScimError(client.scim(acme, "GET", "/Unknown", null), 404, null);
    }

    /** No handler validates with Bean Validation, so Spring MVC builds no method validator to run per request. */
    @Test
    void springMvcRunsNoBeanValidationPerRequest() {
        assertThat(HandlerMethodValidator.from(
                        handlerAdapter.getWebBindingInitializer(), null, parameter -> true, parameter -> true))
                .isNull();
    }

    /**
     * SCIM answers are written by dirsync's own handler, asked before Spring's (ScimJsonAnswers), whose answers are
     * the same: the SCIM contract tests read them. An admin API answer still goes through Spring's converters.
     */
    @Test
    void scimAnswersAreWrittenAheadOfSpringsHandlersAndTheAdminApisAreNot() {
        assertThat(handlerAdapter.getReturnValueHandlers())
                .first()
                .extracting(handler -> handler.getClass().getSimpleName())
                .isEqualTo("ScimJsonAnswers");
        Connection acme = client.createConnection("answers");
        String id = client.createUser(acme, "answers@example.com").get("id").asText();

        Response scim = client.scim(acme, "GET", "/Users/" + id, null);
        Response admin = client.http()
                .send("GET", "/api/connections/" + acme.id() + "/directory-users", DirsyncClient.ADMIN_TOKEN, null);

        assertThat(scim.header("Content-Type")).contains("application/scim+json");
        assertThat(scim.json().get("id").asText()).isEqualTo(id);
        assertThat(admin.status()).isEqualTo(200);
        assertThat(admin.header("Content-Type")).contains("application/json");
    }

    private static List<String> patternsOf(RequestMappingHandlerMapping mapping) {
        return mapping.getHandlerMethods().keySet().stream()
                .flatMap(info -> info.getPatternValues().stream())
                .toList();
    }

    @Test
    void longCustomValuesInAnyScriptAreStoredNotRefusedByTheIndex() {
        Connection acme = client.createConnection("scripts");
        java.util.Random random = new java.util.Random(6);
        StringBuilder cjk = new StringBuilder();
        for (int i = 0; i < 1500; i++) {
            cjk.append((char) (0x4E00 + random.nextInt(0x5000))); // 3 UTF-8 bytes each, and not compressible
        }
        Map<String, Object> user = new java.util.HashMap<>(DirsyncClient.user("scripts@example.com"));
        user.put(
                "urn:dirsync:scim:schemas:extension:custom:2.0:User",
                Map.of("note", cjk.toString(), "short", "\u4E00"));

        Response created = client.scim(acme, "POST", "/Users", user);

        assertThat(created.status()).as(created.toString()).isEqualTo(201);
        assertThat(created.json()
                        .at("/urn:dirsync:scim:schemas:extension:custom:2.0:User/note")
                        .asText())
                .isEqualTo(cjk.toString());
    }

    // ---------------------------------------------------------------- 3. concurrency

    @Test
    void thirtyTwoConcurrentPostsOfOneUserNameGiveExactlyOne201AndThirtyOne409() throws Exception {
        Connection acme = client.createConnection("race");
        List<Response> answers = concurrently(
                32,
                i -> client.scim(
                        acme,
                        "POST",
                        "/Users",
                        DirsyncClient.user(i % 2 == 0 ? "race@example.com" : "RACE@example.com")));

        assertThat(answers).filteredOn(r -> r.status() == 201).hasSize(1);
        assertThat(answers).filteredOn(r -> r.status() != 201).allSatisfy(r -> assertScimError(r, 409, "uniqueness"));
        assertThat(jdbc.queryForObject(
                        "SELECT COUNT(*) FROM user_registration WHERE connection_id = ?", Long.class, acme.id()))
                .isEqualTo(1);
        assertThat(client.scim(acme, "GET", "/Users", null)
                        .json()
                        .get("totalResults")
                        .asInt())
                .isEqualTo(1);
    }

    @Test
    void twentyConcurrentPatchesAddingDifferentMembersLeaveAllTwentyMembers() throws Exception {
        Connection acme = client.createConnection("members race");
        List<String> users = new ArrayList<>();
        for (int i = 0; i < 20; i++) {
            users.add(
                    client.createUser(acme, "m" + i + "@example.com").get("id").asText());
        }
        Response created = client.scim(acme, "POST", "/Groups", DirsyncClient.group(Map.of("displayName", "Everyone")));
        String groupId = created.json().get("id").asText();

        List<Response> answers = concurrently(
                20,
                i -> client.scim(
                        acme,
                        "PATCH",
                        "/Groups/" + groupId,
                        patch(Map.of(
                                "op", "add", "path", "members", "value", List.of(Map.of("value", users.get(i)))))));

        assertThat(answers)
                .as("no PATCH failed")
                .allSatisfy(r -> assertThat(r.status()).as(r.toString()).isEqualTo(204));
        JsonNode group = client.scim(acme, "GET", "/Groups/" + groupId, null).json();
        Set<String> members = new HashSet<>();
        group.get("members").forEach(m -> members.add(m.get("value").asText()));
        assertThat(members).containsExactlyInAnyOrderElementsOf(users);
        assertThat(group.at("/meta/version").asText()).isEqualTo("W/\"20\"");
    }

    @Test
    void concurrentPutsWithTheSameIfMatchHaveOneWinnerAndTheRestGet412() throws Exception {
        Connection acme = client.createConnection("stale puts");
        JsonNode user = client.createUser(acme, "stale@example.com");
        String id = user.get("id").asText();
        String etag = user.at("/meta/version").asText();

        List<Response> answers = concurrently(10, i -> {
            Map<String, Object> body = new java.util.HashMap<>(DirsyncClient.user("stale@example.com"));
            body.put("displayName", "Writer " + i);
            return client.scim(acme, "PUT", "/Users/" + id, body, "If-Match", etag);
        });

        assertThat(answers).filteredOn(r -> r.status() == 200).hasSize(1);
        assertThat(answers)
                .filteredOn(r -> r.status() != 200)
                .hasSize(9)
                .allSatisfy(r -> assertScimError(r, 412, null));
        String winner = answers.stream()
                .filter(r -> r.status() == 200)
                .findFirst()
                .orElseThrow()
                .json()
                .get("displayName")
                .asText();
        JsonNode stored = client.scim(acme, "GET", "/Users/" + id, null).json();
        assertThat(stored.get("displayName").asText()).isEqualTo(winner);
        assertThat(stored.at("/meta/version").asText()).isEqualTo("W/\"1\"");
    }

    // ---------------------------------------------------------------- 5. rate limit

    @Test
    void aConnectionOverItsRateGets429WithRetryAfterAndOthersAreNotSlowed() {
        Connection noisy = client.createConnection("noisy");
        Connection quiet = client.createConnection("quiet");
        Response limited = null;
        for (int i = 0; i < 400 && limited == null; i++) {
            Response response = client.scim(noisy, "GET", "/Users?count=1", null);
            if (response.status() == 429) {
                limited = response;
            } else {
                assertThat(response.status()).as(response.toString()).isEqualTo(200);
            }
        }

        assertThat(limited).as("a 429 within 400 requests").isNotNull();
        assertScimError(limited, 429, null);
        assertThat(limited.header("Retry-After"))
                .hasValueSatisfying(v -> assertThat(Integer.parseInt(v)).isPositive());
        assertThat(limited.header("Content-Type"))
                .hasValueSatisfying(v -> assertThat(v).startsWith("application/scim+json"));
        assertThat(client.scim(quiet, "GET", "/Users?count=1", null).status())
                .as("another connection's bucket")
                .isEqualTo(200);
        assertThat(client.scim(noisy, "GET", "/Users?count=1", null, "Authorization", "Bearer wrong")
                        .status())
                .as("a wrong token is refused before it could drain anyone's bucket")
                .isEqualTo(401);
    }

    // ---------------------------------------------------------------- 6. security

    @Test
    void tokensAreStoredOnlyAsDigests() {
        Connection acme = client.createConnection("digest");

        Map<String, Object> row = jdbc.queryForMap("SELECT * FROM connection_token WHERE connection_id = ?", acme.id());
        assertThat(row.values()).extracting(String::valueOf).noneMatch(v -> v.contains(acme.token()));
        assertThat(row.get("token_sha256")).isEqualTo(BearerTokens.sha256Hex(acme.token()));
        assertThat(eventText()).doesNotContain(acme.token());
    }

    @Test
    void aConnectionsTokenNeverReachesAnotherConnectionsData() throws Exception {
        Connection victim = client.createConnection("victim");
        Connection attacker = client.createConnection("attacker");
        String userId = client.createUser(victim, "secret-" + UUID.randomUUID() + "@example.com")
                .get("id")
                .asText();
        String groupId = client.scim(victim, "POST", "/Groups", DirsyncClient.group(Map.of("displayName", "Victims")))
                .json()
                .get("id")
                .asText();
        settledEventCount();
        long victimsEvents = eventsOf(userId, groupId, victim.id());

        List<String> checked = new ArrayList<>();
        for (Route route : routes("/scim/v2/{connectionId}")) {
            String path = route.path()
                    .replace("{userId}", userId)
                    .replace("{groupId}", groupId)
                    .replace("{id}", "User");
            // the attacker's token on the victim's base URL: always 401, the same as an unknown connection
            Response onVictimsBase = client.http()
                    .send(
                            route.method(),
                            path.replace("{connectionId}", victim.id()),
                            attacker.token(),
                            bodyFor(route.method(), route.path()));
            assertThat(onVictimsBase.status())
                    .as(route + " with another connection's token")
                    .isEqualTo(401);
            // the attacker's own base URL with the victim's ids: nothing of the victim's is found
            Response onOwnBase = client.http()
                    .send(
                            route.method(),
                            path.replace("{connectionId}", attacker.id()),
                            attacker.token(),
                            bodyFor(route.method(), route.path()));
            assertThat(onOwnBase.status())
                    .as(route + " on its own base: " + onOwnBase)
                    .isNotEqualTo(500);
            if (path.contains(userId) || path.contains(groupId)) {
                // the victim's ids get exactly the answer ids that never existed get
                String missing = UUID.randomUUID().toString();
                Response forMissing = client.http()
                        .send(
                                route.method(),
                                path.replace("{connectionId}", attacker.id())
                                        .replace(userId, missing)
                                        .replace(groupId, missing),
                                attacker.token(),
                                bodyFor(route.method(), route.path()));
                assertThat(onOwnBase.status())
                        .as(route + " " + onOwnBase)
                        .isIn(404, 405)
                        .isEqualTo(forMissing.status());
                assertThat(onOwnBase.rawBody().replace(userId, "ID").replace(groupId, "ID"))
                        .isEqualTo(forMissing.rawBody().replace(missing, "ID"));
            } else {
                assertThat(onOwnBase.rawBody())
                        .as(route + " leaks nothing")
                        .doesNotContain(userId)
                        .doesNotContain(groupId)
                        .doesNotContain("secret-");
            }
            checked.add(route.toString());
        }
        assertThat(checked)
                .as("every SCIM write and read route was tried")
                .anyMatch(r -> r.startsWith("PATCH"))
                .anyMatch(r -> r.startsWith("DELETE"))
                .anyMatch(r -> r.contains("/Users/{userId}"))
                .anyMatch(r -> r.contains("/Groups/{groupId}"));
        // (its POSTs on its own base URL create its own user and group: that is allowed)
        assertThat(eventsOf(userId, groupId, victim.id()))
                .as("the attacker changed nothing of the victim's")
                .isEqualTo(victimsEvents);
        assertThat(client.scim(victim, "GET", "/Users/" + userId, null).status())
                .isEqualTo(200);
    }

    @Test
    void everyAdminRouteNeedsTheAdminToken() {
        List<Route> admin = routes("/api");
        assertThat(admin).hasSizeGreaterThan(15);
        Connection connection = client.createConnection("not an admin");
        for (Route route : admin) {
            String path = route.path().replaceAll("\\{[^}]+}", "x");
            for (String token : new String[] {null, "wrong", connection.token(), DirsyncClient.ADMIN_TOKEN + "x"}) {
                Response response =
                        client.http().send(route.method(), path, token, bodyFor(route.method(), route.path()));
                assertThat(response.status()).as(route + " with token " + token).isEqualTo(401);
                assertThat(response.header("WWW-Authenticate"))
                        .as(route.toString())
                        .isPresent();
            }
        }
    }

    @Test
    void noTokenOrSecretReachesTheLogOrTheEvents(CapturedOutput output) throws Exception {
        Connection acme = client.createConnection("quiet secrets");
        String userId = client.createUser(acme, "logged@example.com").get("id").asText();
        client.scim(
                acme, "PATCH", "/Users/" + userId, patch(Map.of("op", "replace", "path", "displayName", "value", "L")));
        client.scim(acme, "POST", "/Users", "{broken", "X-Request-Id", "secret-scan-1");
        Response rotated = client.http()
                .send("POST", "/api/connections/" + acme.id() + "/token", DirsyncClient.ADMIN_TOKEN, Map.of());
        assertThat(rotated.status()).as(rotated.toString()).isIn(200, 201);
        String newToken = rotated.json().get("bearerToken").asText();
        client.http().send("GET", acme.base() + "/Users", acme.token(), null);
        client.http().send("GET", acme.base() + "/Users", newToken, null);
        Response webhook = client.http()
                .send(
                        "POST",
                        "/api/webhooks",
                        DirsyncClient.ADMIN_TOKEN,
                        Map.of("url", "https://webhooks.invalid/never", "events", List.of("user.created")));
        assertThat(webhook.status()).as(webhook.toString()).isEqualTo(201);
        String secret = webhook.json().get("secret").asText();
        client.createUser(acme.withToken(newToken), "after-rotation@example.com");
        client.http().send("GET", "/api/events", "wrong-admin-token", null);

        String events = eventText();
        for (String sensitive :
                List.of(acme.token(), newToken, secret, DirsyncClient.ADMIN_TOKEN, "placeholder-Okta-1!")) {
            assertThat(output.getAll()).as("the log").doesNotContain(sensitive);
            assertThat(events).as("the events").doesNotContain(sensitive);
        }
        List<String> requestLines = output.getAll()
                .lines()
                .filter(line -> line.contains("answered 400"))
                .toList();
        assertThat(requestLines)
                .as("the rejected request was logged")
                .isNotEmpty()
                .allSatisfy(line -> assertThat(line).containsPattern("\\[[A-Za-z0-9._:-]+]"))
                .anySatisfy(line -> assertThat(line).contains("[secret-scan-1]"));
    }

    @Test
    void everyAnswerCarriesSecurityHeadersAndARequestId() {
        Connection acme = client.createConnection("headers");
        List<Response> answers = List.of(
                client.scim(acme, "GET", "/Users", null),
                client.scim(acme, "GET", "/Users/nope", null),
                client.scim(acme, "POST", "/Users", "{"),
                client.http().send("GET", acme.base() + "/Users", "wrong", null),
                client.http().send("GET", "/api/connections", DirsyncClient.ADMIN_TOKEN, null),
                client.http().send("GET", "/api/connections", null, null),
                client.http().send("GET", "/no/such/page", null, null),
                client.http().send("GET", "/actuator/health", null, null),
                raw.send(
                        "POST",
                        acme.base() + "/Users",
                        acme.token(),
                        BadInputCorpus.SCIM,
                        new byte[BadInputCorpus.LIMIT + 10],
                        true));
        for (Response answer : answers) {
            assertThat(answer.header("X-Content-Type-Options"))
                    .as(answer.toString())
                    .contains("nosniff");
            assertThat(answer.header("X-Frame-Options")).as(answer.toString()).contains("DENY");
            assertThat(answer.header("Referrer-Policy")).as(answer.toString()).contains("same-origin");
            assertThat(answer.header("Content-Security-Policy"))
                    .as(answer.toString())
                    .contains(SecurityHeadersFilter.CONTENT_SECURITY_POLICY);
            assertThat(answer.header("Cache-Control")).as(answer.toString()).contains("no-store");
            assertThat(answer.header("X-Request-Id"))
                    .as(answer.toString())
                    .hasValueSatisfying(id -> assertThat(id).isNotBlank());
        }
        assertThat(answers.get(8).status()).isEqualTo(413);
    }

    // ---------------------------------------------------------------- helpers

    record Route(String method, String path) {
        @Override
        public String toString() {
            return method + " " + path;
        }
    }

    // ---------------------------------------------------------------- issue 25: webhook targets (default settings)

    @Test
    void webhookUrlsLeadingIntoTheNetworkOrWithoutHttpsAreRefusedAtRegistration() {
        for (String url : List.of(
                "https://127.0.0.1/hook",
                "https://10.0.0.5/hook",
                "https://172.16.3.4/hook",
                "https://192.168.1.1/hook",
                "https://169.254.169.254/latest/meta-data",
                "https://[::1]/hook",
                "https://[fd12:3456::1]/hook",
                "https://[fe80::1]/hook",
                "https://224.0.0.1/hook",
                "https://0.0.0.0/hook",
                "https://[::ffff:127.0.0.1]/hook",
                "http://webhooks.invalid/hook")) {
            Response refused = client.http()
                    .send(
                            "POST",
                            "/api/webhooks",
                            DirsyncClient.ADMIN_TOKEN,
                            Map.of("url", url, "events", List.of("group.deleted")));
            assertScimError(refused, 400, "invalidValue");
            assertThat(refused.json().get("detail").asText()).as(url).containsAnyOf("Refused webhook target", "https");
        }
        Response publicHost = client.http()
                .send(
                        "POST",
                        "/api/webhooks",
                        DirsyncClient.ADMIN_TOKEN,
                        Map.of("url", "https://webhooks.invalid/hook", "events", List.of("group.deleted")));
        assertThat(publicHost.status()).as(publicHost.toString()).isEqualTo(201);
    }

    @Test
    void aWebhookHostThatResolvesToLoopbackIsNotCalledAndTheDeliveryFailsWithTheReason() throws Exception {
        Response registered = client.http()
                .send(
                        "POST",
                        "/api/webhooks",
                        DirsyncClient.ADMIN_TOKEN,
                        Map.of("url", "https://localhost:9/hook", "events", List.of("user.created")));
        assertThat(registered.status())
                .as("a host name is only resolved when delivering")
                .isEqualTo(201);
        String webhookId = registered.json().get("id").asText();
        client.createUser(client.createConnection("internal target"), "internal-target@example.com");

        WebhookAdmin webhooks = new WebhookAdmin(client.http());
        JsonNode delivery = Polling.await(
                () -> webhooks.delivery(webhookId, "user.created"),
                d -> d != null && d.get("status").asText().equals("failed"),
                "the refused delivery to be given up");
        assertThat(delivery.get("attempts").asInt())
                .as("a refusal is final: no retries")
                .isEqualTo(1);
        assertThat(delivery.get("lastStatusCode").isNull()).isTrue();
        assertThat(delivery.get("lastError").asText()).contains("Refused webhook target", "localhost", "loopback");
    }

    /** Every mapped route under the prefix, read from Spring MVC itself, so a route added later is covered too. */
    List<Route> routes(String prefix) {
        List<Route> routes = new ArrayList<>();
        for (RequestMappingInfo info : mappings.stream()
                .flatMap(mapping -> mapping.getHandlerMethods().keySet().stream())
                .toList()) {
            Set<RequestMethod> methods = info.getMethodsCondition().getMethods();
            for (String pattern : info.getPatternValues()) {
                if (!pattern.startsWith(prefix)) {
                    continue;
                }
                for (RequestMethod method : methods.isEmpty() ? Set.of(RequestMethod.GET) : methods) {
                    routes.add(new Route(method.name(), pattern));
                }
            }
        }
        return routes;
    }

    /** A valid body for the route, so that the request reaches the resource lookup (bodies are checked before it). */
    private static Object bodyFor(String method, String path) {
        if (method.equals("GET") || method.equals("DELETE")) {
            return null;
        }
        if (method.equals("PATCH")) {
            return Map.of(
                    "schemas",
                    List.of("urn:ietf:params:scim:api:messages:2.0:PatchOp"),
                    "Operations",
                    List.of(Map.of("op", "replace", "path", "displayName", "value", "pwned")));
        }
        if (path.contains("/Groups")) {
            return DirsyncClient.group(Map.of("displayName", "Intruders"));
        }
        if (path.endsWith(".search")) {
            return Map.of("schemas", List.of("urn:ietf:params:scim:api:messages:2.0:SearchRequest"));
        }
        return DirsyncClient.user("intruder@example.com");
    }

    interface Call {
        Response send(int index) throws Exception;
    }

    /** Runs {@code count} calls at once (released together by a latch) and answers them in order. */
    static List<Response> concurrently(int count, Call call) throws Exception {
        ExecutorService pool = Executors.newFixedThreadPool(count);
        try {
            CountDownLatch start = new CountDownLatch(1);
            List<Future<Response>> futures = new ArrayList<>();
            for (int i = 0; i < count; i++) {
                int index = i;
                Callable<Response> task = () -> {
                    start.await();
                    return call.send(index);
                };
                futures.add(pool.submit(task));
            }
            start.countDown();
            List<Response> answers = new ArrayList<>();
            for (Future<Response> future : futures) {
                answers.add(future.get(60, TimeUnit.SECONDS));
            }
            return answers;
        } finally {
            pool.shutdownNow();
        }
    }

    long eventCount() {
        return jdbc.queryForObject("SELECT COUNT(*) FROM domain_event_entry", Long.class);
    }

    long eventsOf(String... aggregateIds) {
        long count = 0;
        for (String id : aggregateIds) {
            count += jdbc.queryForObject(
                    "SELECT COUNT(*) FROM domain_event_entry WHERE aggregate_identifier = ?", Long.class, id);
        }
        return count;
    }

    /** The count once asynchronous handlers of earlier writes have stopped adding events. */
    long settledEventCount() throws InterruptedException {
        long previous = -1;
        long current = eventCount();
        while (current != previous) {
            Thread.sleep(300);
            previous = current;
            current = eventCount();
        }
        return current;
    }

    /** Every event's payload and metadata as text, for scanning. */
    String eventText() {
        StringBuilder text = new StringBuilder();
        jdbc.query("SELECT payload, meta_data FROM domain_event_entry", rs -> {
            text.append(new String(rs.getBytes(1), StandardCharsets.UTF_8)).append('\n');
            byte[] meta = rs.getBytes(2);
            if (meta != null) {
                text.append(new String(meta, StandardCharsets.UTF_8)).append('\n');
            }
        });
        return text.toString();
    }

    private static String abbreviate(String text) {
        return text.length() > 300 ? text.substring(0, 300) + "..." : text;
    }
}
