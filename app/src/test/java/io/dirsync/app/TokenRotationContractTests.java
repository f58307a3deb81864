package io.dirsync.app;

import com.fasterxml.jackson.databind.JsonNode;
import io.dirsync.app.DirsyncClient.Connection;
import io.dirsync.app.HttpClientSupport.Response;
import io.dirsync.command.connection.BearerTokens;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.openqa.selenium.By;
import org.openqa.selenium.WebElement;
import org.openqa.selenium.support.ui.ExpectedConditions;
import org.openqa.selenium.support.ui.Select;
import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.boot.test.context.SpringBootTest;
import org.springframework.boot.test.context.TestConfiguration;
import org.springframework.boot.test.web.server.LocalServerPort;
import org.springframework.context.annotation.Bean;
import org.springframework.context.annotation.Import;
import org.springframework.context.annotation.Primary;
import org.springframework.jdbc.core.JdbcTemplate;

import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * Issue 20 item 5 over real HTTP: rotation without downtime. The old token works until the expiry the admin chose and
 * is refused after (the service's clock is moved, not waited for), the list never shows a value, revocation is
 * immediate, each step is an event, and a rebuild of the credentials from the events keeps the token state; the
 * connection page does the same in a real browser (the screenshot {@code connection-tokens}).
 * Runs on H2 ({@link H2TokenRotationIT}) and PostgreSQL ({@link PostgresTokenRotationIT}).
 */
@SpringBootTest(
        classes = DirsyncApplication.class,
        webEnvironment = SpringBootTest.WebEnvironment.RANDOM_PORT,
        properties = {
            "dirsync.admin-token=" + DirsyncClient.ADMIN_TOKEN,
            // the tests send expired and revoked tokens on purpose; the lock-out is FailedAuthenticationContractTests'
            "dirsync.security.failed-authentication.max-failures=1000000"
        })
@Import(TokenRotationContractTests.MovedClock.class)
abstract class TokenRotationContractTests {
    private static final String ADMIN = DirsyncClient.ADMIN_TOKEN;

    @TestConfiguration
    static class MovedClock {
        @Bean
        @Primary
        AdvancingClock advancingClock() {
            return new AdvancingClock();
        }
    }

    @LocalServerPort
    int port;

    @Autowired
    JdbcTemplate jdbc;

    @Autowired
    AdvancingClock clock;

    DirsyncClient client;

    @BeforeEach
    void connect() {
        client = new DirsyncClient("http://127.0.0.1:" + port);
    }

    @Test
    void theOldTokenWorksUntilItsExpiryAndIsRefusedAfter() {
        Connection acme = client.createConnection("grace");
        Instant asked = clock.instant();
        JsonNode rotated = rotate(acme, Map.of("expiresInSeconds", 3600));
        Connection renewed = acme.withToken(rotated.get("bearerToken").asText());

        assertThat(status(acme)).as("the old token, within its hour").isEqualTo(200);
        assertThat(status(renewed)).isEqualTo(200);
        List<JsonNode> tokens = tokens(acme);
        assertThat(tokens)
                .extracting(token -> token.get("id").asText())
                .hasSize(2)
                .endsWith(rotated.get("id").asText());
        Instant expiresAt = Instant.parse(tokens.get(0).get("expiresAt").asText());
        assertThat(Duration.between(asked, expiresAt)).isBetween(Duration.ofSeconds(3600), Duration.ofSeconds(3660));
        assertThat(tokens.get(1).get("expiresAt").isNull())
                .as("the new token has no expiry")
                .isTrue();

        clock.advance(Duration.between(clock.instant(), expiresAt).minusSeconds(5));
        assertThat(status(acme)).as("five seconds before its expiry").isEqualTo(200);
        clock.advance(Duration.ofSeconds(6));
        Response refused = client.scim(acme, "GET", "/Users?count=1", null);
        assertThat(refused.status()).as("after its expiry").isEqualTo(401);
        assertThat(refused.json().get("schemas").get(0).asText())
                .isEqualTo("urn:ietf:params:scim:api:messages:2.0:Error");
        assertThat(status(renewed)).isEqualTo(200);
        assertThat(tokens(acme))
                .extracting(token -> token.get("id").asText())
                .containsExactly(rotated.get("id").asText());
    }

    @Test
    void withoutABodyThePreviousTokenKeepsWorkingForADay() {
        Connection acme = client.createConnection("default grace");
        Instant asked = clock.instant();
        Response answer = client.http().send("POST", "/api/connections/" + acme.id() + "/token", ADMIN, null);
        assertThat(answer.status()).as(answer.toString()).isEqualTo(200);
        Instant expiresAt = Instant.parse(tokens(acme).get(0).get("expiresAt").asText());
        assertThat(Duration.between(asked, expiresAt))
                .isBetween(Duration.ofHours(24), Duration.ofHours(24).plusMinutes(1));
        clock.advance(Duration.ofHours(23));
        assertThat(status(acme)).isEqualTo(200);
        clock.advance(Duration.ofMinutes(61));
        assertThat(status(acme)).isEqualTo(401);
    }

    @Test
    void aGraceOfZeroStopsThePreviousTokenAtOnce() {
        Connection acme = client.createConnection("no grace");
        JsonNode rotated = rotate(acme, Map.of("expiresInSeconds", 0));

        assertThat(status(acme)).isEqualTo(401);
        assertThat(status(acme.withToken(rotated.get("bearerToken").asText()))).isEqualTo(200);
        assertThat(tokens(acme))
                .extracting(token -> token.get("id").asText())
                .containsExactly(rotated.get("id").asText());
    }

    @Test
    void aThirdTokenWhileTwoWorkRevokesTheOldestAtOnce() {
        Connection acme = client.createConnection("three");
        JsonNode second = rotate(acme, Map.of("expiresInSeconds", 3600));
        JsonNode third = rotate(acme, Map.of("expiresInSeconds", 600));

        assertThat(status(acme)).as("the first token").isEqualTo(401);
        assertThat(status(acme.withToken(second.get("bearerToken").asText()))).isEqualTo(200);
        assertThat(status(acme.withToken(third.get("bearerToken").asText()))).isEqualTo(200);
        assertThat(third.get("tokens"))
                .extracting(token -> token.get("id").asText())
                .containsExactly(second.get("id").asText(), third.get("id").asText());
        clock.advance(Duration.ofSeconds(601));
        assertThat(status(acme.withToken(second.get("bearerToken").asText())))
                .as("the second after its 10 minutes")
                .isEqualTo(401);
    }

    @Test
    void theListShowsNoValueAndTheDatabaseOnlyDigests() {
        Connection acme = client.createConnection("no values");
        JsonNode rotated = rotate(acme, Map.of("expiresInSeconds", 60));
        String newToken = rotated.get("bearerToken").asText();

        Response list = client.http().send("GET", "/api/connections/" + acme.id() + "/tokens", ADMIN, null);
        assertThat(list.status()).isEqualTo(200);
        assertThat(list.rawBody())
                .doesNotContain(acme.token())
                .doesNotContain(newToken)
                .doesNotContain(BearerTokens.sha256Hex(acme.token()))
                .doesNotContain(BearerTokens.sha256Hex(newToken));
        for (JsonNode token : list.json()) {
            assertThat(token.fieldNames())
                    .toIterable()
                    .containsExactlyInAnyOrder("id", "createdAt", "expiresAt", "lastUsedAt");
        }
        assertThat(rotated.get("tokens").toString())
                .doesNotContain(acme.token())
                .doesNotContain(newToken);
        List<Map<String, Object>> rows =
                jdbc.queryForList("SELECT * FROM connection_token WHERE connection_id = ?", acme.id());
        assertThat(rows).hasSize(2);
        assertThat(rows.toString())
                .doesNotContain(acme.token())
                .doesNotContain(newToken)
                .contains(BearerTokens.sha256Hex(newToken));
        String events = String.join(
                "\n",
                jdbc
                        .queryForList(
                                "SELECT payload FROM domain_event_entry WHERE aggregate_identifier = ?",
                                byte[].class,
                                acme.id())
                        .stream()
                        .map(String::new)
                        .toList());
        assertThat(events)
                .doesNotContain(acme.token())
                .doesNotContain(newToken)
                .contains(BearerTokens.sha256Hex(newToken));
    }

    @Test
    void deleteRevokesATokenAtOnceAndUnknownIdsAre404() {
        Connection acme = client.createConnection("revoke");
        JsonNode rotated = rotate(acme, Map.of("expiresInSeconds", 86_400));
        String firstId = tokens(acme).get(0).get("id").asText();

        Response deleted =
                client.http().send("DELETE", "/api/connections/" + acme.id() + "/tokens/" + firstId, ADMIN, null);
        assertThat(deleted.status()).isEqualTo(204);
        assertThat(status(acme)).isEqualTo(401);
        assertThat(status(acme.withToken(rotated.get("bearerToken").asText()))).isEqualTo(200);
        assertThat(tokens(acme))
                .extracting(token -> token.get("id").asText())
                .containsExactly(rotated.get("id").asText());

        long events = eventCount(acme.id());
        assertThat(client.http()
                        .send("DELETE", "/api/connections/" + acme.id() + "/tokens/" + firstId, ADMIN, null)
                        .status())
                .as("a token revoked before")
                .isEqualTo(404);
        assertThat(client.http()
                        .send("DELETE", "/api/connections/" + acme.id() + "/tokens/nope", ADMIN, null)
                        .status())
                .isEqualTo(404);
        assertThat(client.http()
                        .send("GET", "/api/connections/nope/tokens", ADMIN, null)
                        .status())
                .isEqualTo(404);
        assertThat(client.http()
                        .send("DELETE", "/api/connections/nope/tokens/" + firstId, ADMIN, null)
                        .status())
                .isEqualTo(404);
        assertThat(eventCount(acme.id())).isEqualTo(events);
    }

    @Test
    void badRotationRequestsAre400AndChangeNothing() {
        Connection acme = client.createConnection("bad");
        long events = eventCount(acme.id());
        for (Object bad : new Object[] {
            Map.of("expiresInSeconds", -1),
            Map.of("expiresInSeconds", 2_592_001),
            Map.of("expiresInSeconds", "soon"),
            "[1]"
        }) {
            Response answer = client.http()
                    .send(
                            "POST",
                            "/api/connections/" + acme.id() + "/token",
                            ADMIN,
                            bad,
                            "Content-Type",
                            "application/json");
            assertThat(answer.status()).as(bad + ": " + answer).isEqualTo(400);
        }
        assertThat(eventCount(acme.id())).isEqualTo(events);
        assertThat(status(acme)).isEqualTo(200);
        assertThat(client.http()
                        .send("POST", "/api/connections/nope/token", ADMIN, Map.of("expiresInSeconds", 60))
                        .status())
                .isEqualTo(404);
    }

    @Test
    void eachStepIsRecordedAsAnEvent() {
        Connection acme = client.createConnection("events");
        rotate(acme, Map.of("expiresInSeconds", 3600));
        rotate(acme, Map.of("expiresInSeconds", 3600));
        String current = tokens(acme).get(1).get("id").asText();
        client.http().send("DELETE", "/api/connections/" + acme.id() + "/tokens/" + current, ADMIN, null);
        rotate(acme, Map.of("expiresInSeconds", 0));

        List<String> types = jdbc
                .queryForList(
                        "SELECT payload_type FROM domain_event_entry WHERE aggregate_identifier = ?"
                                + " ORDER BY sequence_number",
                        String.class,
                        acme.id())
                .stream()
                .map(type -> type.substring(type.lastIndexOf('.') + 1))
                .toList();
        assertThat(types)
                .containsExactly(
                        "ConnectionCreatedEvent",
                        "ConnectionTokenExpirySetEvent",
                        "ConnectionTokenIssuedEvent",
                        "ConnectionTokenRevokedEvent",
                        "ConnectionTokenExpirySetEvent",
                        "ConnectionTokenIssuedEvent",
                        "ConnectionTokenRevokedEvent",
                        "ConnectionTokenRevokedEvent",
                        "ConnectionTokenIssuedEvent");
    }

    @Test
    void lastUseIsRecordedAtMostOnceAMinute() {
        Connection acme = client.createConnection("last use");
        assertThat(tokens(acme).get(0).get("lastUsedAt").isNull()).isTrue();
        Instant before = clock.instant();
        assertThat(status(acme)).isEqualTo(200);
        Instant first = Instant.parse(tokens(acme).get(0).get("lastUsedAt").asText());
        assertThat(first).isBetween(before.minusMillis(1), clock.instant());

        clock.advance(Duration.ofSeconds(30));
        assertThat(status(acme)).isEqualTo(200);
        assertThat(Instant.parse(tokens(acme).get(0).get("lastUsedAt").asText()))
                .as("within the minute")
                .isEqualTo(first);
        clock.advance(Duration.ofSeconds(31));
        assertThat(status(acme)).isEqualTo(200);
        assertThat(Instant.parse(tokens(acme).get(0).get("lastUsedAt").asText()))
                .isAfter(first.plusSeconds(60));
    }

    @Test
    void aRebuildOfTheCredentialsFromTheEventsKeepsTheTokenState() throws InterruptedException {
        Connection acme = client.createConnection("rebuild");
        JsonNode second = rotate(acme, Map.of("expiresInSeconds", 7200));
        Connection other = client.createConnection("rebuild other");
        JsonNode otherSecond = rotate(other, Map.of("expiresInSeconds", 0));
        String otherThird =
                rotate(other, Map.of("expiresInSeconds", 60)).get("bearerToken").asText();
        client.http()
                .send(
                        "DELETE",
                        "/api/connections/" + other.id() + "/tokens/"
                                + otherSecond.get("id").asText(),
                        ADMIN,
                        null);
        List<Map<String, Object>> before = tokenRows();

        jdbc.update("UPDATE connection_token SET token_sha256 = 'x', expires_at = NULL");
        Response replay = client.http().send("POST", "/api/projections/connection-credentials/replay", ADMIN, null);
        assertThat(replay.status()).as(replay.toString()).isEqualTo(202);
        JsonNode rebuild = Polling.await(
                () -> lastReplay("connection-credentials"),
                last -> last != null
                        && !last.isNull()
                        && !last.get("state").asText().equals("running"),
                "the rebuild");
        assertThat(rebuild.get("state").asText()).as(rebuild.toString()).isEqualTo("done");

        assertThat(tokenRows()).isEqualTo(before);
        assertThat(status(acme)).isEqualTo(200);
        assertThat(status(acme.withToken(second.get("bearerToken").asText()))).isEqualTo(200);
        assertThat(status(other)).isEqualTo(401);
        assertThat(status(other.withToken(otherSecond.get("bearerToken").asText())))
                .isEqualTo(401);
        assertThat(status(other.withToken(otherThird))).isEqualTo(200);
        clock.advance(Duration.ofSeconds(7201));
        assertThat(status(acme)).as("the expiry survived the rebuild").isEqualTo(401);
    }

    /** The connection page in a real browser: rotate with a chosen grace, see the tokens, revoke one. */
    @Test
    void theConnectionPageRotatesListsAndRevokesTokens() throws Exception {
        Connection acme = client.createConnection("Acme Entra");
        assertThat(status(acme)).isEqualTo(200);
        String origin = "http://127.0.0.1:" + port;
        try (Browser browser = Browser.start()) {
            browser.signIn(origin, ADMIN);
            browser.open(origin + "/admin/connections/" + acme.id());
            assertThat(browser.all("#tokens tbody tr")).hasSize(1);
            assertThat(browser.find("#tokens tbody tr .expires").getText()).isEqualTo("never");
            assertThat(browser.find("#tokens tbody tr .last-used").getText()).isNotEqualTo("not yet");

            new Select(browser.find("#previous-expiry")).selectByValue("3600");
            browser.find("#rotate-token").click();
            assertThat(browser.find("#previous-token-note").getText())
                    .startsWith("The previous token keeps working until");
            Connection renewed = acme.withToken(browser.find("#bearer-token").getAttribute("value"));
            assertThat(renewed.token()).startsWith("dsc_").isNotEqualTo(acme.token());
            assertThat(status(renewed)).isEqualTo(200);
            assertThat(status(acme)).as("the previous token, within its hour").isEqualTo(200);

            browser.find("#token-done").click();
            browser.await(ExpectedConditions.numberOfElementsToBe(By.cssSelector("#tokens tbody tr"), 2));
            List<JsonNode> listed = tokens(acme);
            WebElement previous = browser.find(
                    "#tokens tr[data-token-id='" + listed.get(0).get("id").asText() + "']");
            assertThat(previous.findElement(By.cssSelector(".expires")).getText())
                    .isNotEqualTo("never");
            assertThat(browser.find("#tokens tr[data-token-id='"
                                    + listed.get(1).get("id").asText() + "'] .expires")
                            .getText())
                    .isEqualTo("never");
            assertThat(browser.find("#tokens-card").getText())
                    .doesNotContain(acme.token())
                    .doesNotContain(renewed.token());
            browser.screenshot("connection-tokens");

            previous.findElement(By.cssSelector(".revoke-token")).click();
            browser.await(ExpectedConditions.numberOfElementsToBe(By.cssSelector("#tokens tbody tr"), 1));
            assertThat(status(acme)).as("revoked in the browser").isEqualTo(401);
            assertThat(status(renewed)).isEqualTo(200);

            new Select(browser.find("#previous-expiry")).selectByValue("0");
            browser.find("#rotate-token").click();
            assertThat(browser.find("#previous-token-note").getText())
                    .isEqualTo("The previous token has stopped working.");
            assertThat(status(renewed)).as("rotated with no grace").isEqualTo(401);
            assertThat(status(acme.withToken(browser.find("#bearer-token").getAttribute("value"))))
                    .isEqualTo(200);
            assertThat(browser.consoleErrors()).as("browser console errors").isEmpty();
        }
    }

    private JsonNode lastReplay(String name) {
        for (JsonNode processor :
                client.http().send("GET", "/api/projections", ADMIN, null).json()) {
            if (processor.get("name").asText().equals(name)) {
                assertThat(processor.get("rebuildable").asBoolean()).isTrue();
                return processor.get("lastReplay");
            }
        }
        throw new AssertionError("no projection " + name);
    }

    /** Every column but last use, which is no event and which a rebuild forgets. */
    private List<Map<String, Object>> tokenRows() {
        return jdbc.queryForList(
                "SELECT token_id, connection_id, token_sha256, created_at, expires_at FROM connection_token"
                        + " ORDER BY token_id");
    }

    private JsonNode rotate(Connection connection, Object body) {
        Response answer = client.http().send("POST", "/api/connections/" + connection.id() + "/token", ADMIN, body);
        assertThat(answer.status()).as(answer.toString()).isEqualTo(200);
        return answer.json();
    }

    private List<JsonNode> tokens(Connection connection) {
        Response answer = client.http().send("GET", "/api/connections/" + connection.id() + "/tokens", ADMIN, null);
        assertThat(answer.status()).as(answer.toString()).isEqualTo(200);
        List<JsonNode> tokens = new ArrayList<>();
        answer.json().forEach(tokens::add);
        return tokens;
    }

    private int status(Connection connection) {
        return client.scim(connection, "GET", "/Users?count=1", null).status();
    }

    private long eventCount(String aggregateId) {
        return jdbc.queryForObject(
                "SELECT COUNT(*) FROM domain_event_entry WHERE aggregate_identifier = ?", Long.class, aggregateId);
    }
}
