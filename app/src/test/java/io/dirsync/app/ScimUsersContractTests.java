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

import java.net.URLEncoder;
import java.nio.charset.StandardCharsets;
import java.sql.PreparedStatement;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.UUID;
import java.util.concurrent.Callable;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.function.IntFunction;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * The SCIM Users contract over real HTTP, as Okta and Entra ID drive it. Runs once per database:
 * {@link H2ScimUsersIT} and {@link PostgresScimUsersIT}.
 */
@SpringBootTest(
        classes = DirsyncApplication.class,
        webEnvironment = SpringBootTest.WebEnvironment.RANDOM_PORT,
        properties = "dirsync.admin-token=" + DirsyncClient.ADMIN_TOKEN)
abstract class ScimUsersContractTests {
    private static final String ERROR = "urn:ietf:params:scim:api:messages:2.0:Error";

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
    void postAnswers201WithTheResourceLocationAndETagAndStoresOneEvent() {
        Response created = client.scim(acme, "POST", "/Users", DirsyncClient.user("ada@example.com"));

        assertThat(created.status()).isEqualTo(201);
        JsonNode user = created.json();
        String id = user.get("id").asText();
        assertThat(created.header("Location")).contains(acme.base() + "/Users/" + id);
        assertThat(created.header("Content-Type"))
                .hasValueSatisfying(v -> assertThat(v).startsWith("application/scim+json"));
        assertThat(created.header("ETag")).contains("W/\"0\"");
        assertThat(user.get("userName").asText()).isEqualTo("ada@example.com");
        assertThat(user.get("externalId").asText()).isEqualTo("ext-ada@example.com");
        assertThat(user.get("active").asBoolean()).isTrue();
        assertThat(user.at("/name/givenName").asText()).isEqualTo("Ada");
        assertThat(user.at("/emails/0/value").asText()).isEqualTo("ada@example.com");
        assertThat(user.at("/meta/resourceType").asText()).isEqualTo("User");
        assertThat(user.at("/meta/location").asText()).isEqualTo(acme.base() + "/Users/" + id);
        assertThat(user.at("/meta/version").asText()).isEqualTo("W/\"0\"");
        assertThat(user.has("password"))
                .as("Okta's placeholder password is never echoed")
                .isFalse();
        assertThat(jdbc.queryForObject(
                        "SELECT COUNT(*) FROM domain_event_entry WHERE aggregate_identifier = ?", Long.class, id))
                .isEqualTo(1);
        assertThat(jdbc.queryForObject(
                        "SELECT COUNT(*) FROM domain_event_entry WHERE aggregate_identifier = ?"
                                + " AND payload_type = 'io.dirsync.api.user.UserProvisionedEvent' AND payload_revision = '2'",
                        Long.class,
                        id))
                .isEqualTo(1);
    }

    @Test
    void aReadAnswersScimJsonWithItsVersionAndLocationAndNotModifiedToAClientThatHasIt() {
        String id = client.createUser(acme, "hopper@example.com").get("id").asText();

        Response read = client.scim(acme, "GET", "/Users/" + id, null);
        Response unchanged = client.scim(acme, "GET", "/Users/" + id, null, "If-None-Match", "W/\"0\"");
        Response stale = client.scim(acme, "GET", "/Users/" + id, null, "If-None-Match", "W/\"7\"");
        Response listed = client.scim(acme, "GET", "/Users?filter=userName%20eq%20%22hopper@example.com%22", null);

        assertThat(read.status()).isEqualTo(200);
        assertThat(read.header("Content-Type")).contains("application/scim+json");
        assertThat(read.header("ETag")).contains("W/\"0\"");
        assertThat(read.header("Location")).contains(acme.base() + "/Users/" + id);
        assertThat(read.json().path("meta").path("location").asText()).isEqualTo(acme.base() + "/Users/" + id);
        assertThat(unchanged.status()).isEqualTo(304);
        assertThat(unchanged.rawBody()).isNullOrEmpty();
        assertThat(unchanged.header("ETag")).contains("W/\"0\"");
        assertThat(stale.status()).isEqualTo(200);
        assertThat(stale.json().get("id").asText()).isEqualTo(id);
        assertThat(listed.status()).isEqualTo(200);
        assertThat(listed.header("Content-Type")).contains("application/scim+json");
        assertThat(listed.json().get("totalResults").asInt()).isEqualTo(1);
        assertThat(listed.json().path("Resources").path(0).get("id").asText()).isEqualTo(id);
    }

    @Test
    void getAfterAnsweredWriteReflectsIt() {
        String id = client.createUser(acme, "grace@example.com").get("id").asText();

        Response read = client.scim(acme, "GET", "/Users/" + id, null);
        assertThat(read.status()).isEqualTo(200);
        assertThat(read.json().get("userName").asText()).isEqualTo("grace@example.com");
        assertThat(read.header("ETag")).contains("W/\"0\"");

        Response patched = client.scim(
                acme,
                "PATCH",
                "/Users/" + id,
                patch(Map.of("op", "Replace", "path", "displayName", "value", "Grace H.")));
        assertThat(patched.status()).isEqualTo(200);
        assertThat(client.scim(acme, "GET", "/Users/" + id, null)
                        .json()
                        .get("displayName")
                        .asText())
                .isEqualTo("Grace H.");
    }

    @Test
    void userWithoutEmailsIsRejectedWithInvalidValueNamingEmails() {
        Map<String, Object> noEmail =
                Map.of("schemas", List.of("urn:ietf:params:scim:schemas:core:2.0:User"), "userName", "no-mail");

        Response response = client.scim(acme, "POST", "/Users", noEmail);

        assertScimError(response, 400, "invalidValue");
        assertThat(response.json().get("detail").asText()).contains("emails");
        assertThat(jdbc.queryForObject(
                        "SELECT COUNT(*) FROM user_registration WHERE connection_id = ?", Long.class, acme.id()))
                .isZero();
    }

    @Test
    void userNameIsUniquePerConnectionIgnoringCase() {
        client.createUser(acme, "Alan@Example.com");

        assertScimError(client.scim(acme, "POST", "/Users", DirsyncClient.user("alan@example.COM")), 409, "uniqueness");

        Connection other = client.createConnection("other tenant");
        assertThat(client.scim(other, "POST", "/Users", DirsyncClient.user("alan@example.com"))
                        .status())
                .as("another connection may have the same userName")
                .isEqualTo(201);
    }

    @Test
    void renamingOntoATakenUserNameGets409AndChangesNothing() {
        client.createUser(acme, "taken@example.com");
        JsonNode other = client.createUser(acme, "free@example.com");
        String id = other.get("id").asText();
        Map<String, Object> replacement = Map.of(
                "schemas", List.of("urn:ietf:params:scim:schemas:core:2.0:User"),
                "userName", "TAKEN@example.com",
                "emails", List.of(Map.of("value", "free@example.com", "type", "work", "primary", true)));

        assertScimError(client.scim(acme, "PUT", "/Users/" + id, replacement), 409, "uniqueness");
        assertScimError(
                client.scim(
                        acme,
                        "PATCH",
                        "/Users/" + id,
                        patch(Map.of("op", "replace", "path", "userName", "value", "taken@EXAMPLE.com"))),
                409,
                "uniqueness");

        JsonNode after = client.scim(acme, "GET", "/Users/" + id, null).json();
        assertThat(after.get("userName").asText()).isEqualTo("free@example.com");
        assertThat(after.at("/meta/version").asText())
                .isEqualTo(other.at("/meta/version").asText());
    }

    @Test
    void usersMayShareAnEmailAddress() {
        // email has uniqueness "none" in RFC 7643; servers that deduplicated on it answered false 409s, and IdPs
        // retried them forever (scim-complaints.md). Only userName is unique.
        Map<String, Object> first = new HashMap<>(DirsyncClient.user("first@example.com"));
        first.put("emails", List.of(Map.of("value", "team@example.com", "type", "work", "primary", true)));
        Map<String, Object> second = new HashMap<>(first);
        second.put("userName", "second@example.com");
        second.put("externalId", "ext-second");

        assertThat(client.scim(acme, "POST", "/Users", first).status()).isEqualTo(201);
        assertThat(client.scim(acme, "POST", "/Users", second).status()).isEqualTo(201);
        assertThat(list("emails.value eq \"team@example.com\"")
                        .get("totalResults")
                        .asInt())
                .isEqualTo(2);
    }

    @Test
    void attributesUnderAnotherExtensionUrnAreKeptReturnedAndPatchable() {
        // Entra's docs name custom attributes urn:ietf:params:scim:schemas:extension:<Name>:2.0:User:<attr>
        String entraStyle = "urn:ietf:params:scim:schemas:extension:CustomExtensionName:2.0:User";
        Map<String, Object> body = new HashMap<>(DirsyncClient.user("urn@example.com"));
        body.put(entraStyle, Map.of("region", "EU"));
        body.put("urn:dirsync:scim:schemas:extension:custom:2.0:User", Map.of("level", "3"));

        Response created = client.scim(acme, "POST", "/Users", body);

        assertThat(created.status()).as(created.toString()).isEqualTo(201);
        assertThat(created.json().at("/" + entraStyle + "/region").asText()).isEqualTo("EU");
        assertThat(created.json().get("schemas").toString()).contains(entraStyle);
        assertThat(created.json()
                        .at("/urn:dirsync:scim:schemas:extension:custom:2.0:User/level")
                        .asText())
                .isEqualTo("3");
        String id = created.json().get("id").asText();
        Response patched = client.scim(
                acme,
                "PATCH",
                "/Users/" + id,
                patch(Map.of("op", "replace", "path", entraStyle + ":region", "value", "US")));
        assertThat(patched.status()).as(patched.toString()).isEqualTo(200);
        assertThat(patched.json().at("/" + entraStyle + "/region").asText()).isEqualTo("US");
        assertThat(client.scim(acme, "GET", "/Users/" + id, null)
                        .json()
                        .at("/" + entraStyle + "/region")
                        .asText())
                .isEqualTo("US");
    }

    @Test
    void anIdInAPutBodyIsIgnoredAsRfc7643MakesItReadOnly() {
        String id = client.createUser(acme, "readonly@example.com").get("id").asText();
        Map<String, Object> body = new HashMap<>(DirsyncClient.user("readonly@example.com"));
        body.put("id", "someone-else");
        body.put("displayName", "Read Only");

        Response replaced = client.scim(acme, "PUT", "/Users/" + id, body);

        assertThat(replaced.status()).as(replaced.toString()).isEqualTo(200);
        assertThat(replaced.json().get("id").asText()).isEqualTo(id);
        assertThat(client.scim(acme, "GET", "/Users/" + id, null)
                        .json()
                        .get("displayName")
                        .asText())
                .isEqualTo("Read Only");
        assertScimError(client.scim(acme, "GET", "/Users/someone-else", null), 404, null);
    }

    @Test
    void deletingADeactivatedUserAnswers204() {
        String id = client.createUser(acme, "gone@example.com").get("id").asText();
        assertThat(client.scim(
                                acme,
                                "PATCH",
                                "/Users/" + id,
                                patch(Map.of("op", "replace", "path", "active", "value", false)))
                        .status())
                .isEqualTo(200);

        assertThat(client.scim(acme, "DELETE", "/Users/" + id, null).status()).isEqualTo(204);
        assertScimError(client.scim(acme, "GET", "/Users/" + id, null), 404, null);
    }

    @Test
    void entrasCreateWithExplicitNullsIsAccepted() {
        String body = """
                {"schemas":["urn:ietf:params:scim:schemas:core:2.0:User","urn:ietf:params:scim:schemas:extension:enterprise:2.0:User"],
                 "externalId":"e-null","userName":"nulls@example.com","active":true,"displayName":null,"roles":[],
                 "emails":[{"primary":true,"type":"work","value":"nulls@example.com"}],
                 "meta":{"resourceType":"User"},"name":{"formatted":null,"familyName":"Null","givenName":null},
                 "urn:ietf:params:scim:schemas:extension:enterprise:2.0:User":{"department":null,"manager":null}}""";

        Response created = client.scim(acme, "POST", "/Users", body);

        assertThat(created.status()).as(created.toString()).isEqualTo(201);
        assertThat(created.json().at("/name/familyName").asText()).isEqualTo("Null");
        assertThat(created.json().has("displayName"))
                .as("a null is no value, and none is rendered")
                .isFalse();
    }

    @Test
    void writesWithPlainJsonBodiesAreAccepted() {
        Response created = client.scim(
                acme, "POST", "/Users", DirsyncClient.user("plain@example.com"), "Content-Type", "application/json");
        assertThat(created.status()).as(created.toString()).isEqualTo(201);
        String id = created.json().get("id").asText();

        Response patched = client.scim(
                acme,
                "PATCH",
                "/Users/" + id,
                patch(Map.of("op", "replace", "path", "displayName", "value", "Plain")),
                "Content-Type",
                "application/json");
        assertThat(patched.status()).as(patched.toString()).isEqualTo(200);
        assertThat(patched.json().get("displayName").asText()).isEqualTo("Plain");

        Response replaced = client.scim(
                acme,
                "PUT",
                "/Users/" + id,
                DirsyncClient.user("plain@example.com"),
                "Content-Type",
                "application/json; charset=utf-8");
        assertThat(replaced.status()).as(replaced.toString()).isEqualTo(200);
        assertThat(replaced.json().get("displayName").asText()).isEqualTo("Ada Lovelace");
    }

    @Test
    void listResponseCountsAreJsonIntegers() {
        client.createUser(acme, "counted@example.com");

        JsonNode page =
                client.scim(acme, "GET", "/Users?startIndex=1&count=100", null).json();

        for (String field : List.of("totalResults", "startIndex", "itemsPerPage")) {
            assertThat(page.get(field).isInt())
                    .as(field + " is a JSON integer in " + page)
                    .isTrue();
        }
        assertThat(page.get("totalResults").asInt()).isEqualTo(1);
    }

    /**
     * The check before the event lets racing creates through; the registry's unique key, written in the command's
     * transaction by its event handler, lets one commit and answers the others 409 uniqueness.
     */
    @Test
    void concurrentPostsOfOneUserNameGiveExactlyOne201() throws Exception {
        int clients = 8;
        List<Response> results = race(
                clients,
                i -> client.scim(
                        acme,
                        "POST",
                        "/Users",
                        DirsyncClient.user(i % 2 == 0 ? "race@example.com" : "RACE@example.com")));

        assertThat(results).filteredOn(r -> r.status() == 201).hasSize(1);
        results.stream().filter(r -> r.status() != 201).forEach(r -> assertScimError(r, 409, "uniqueness"));
        assertThat(jdbc.queryForObject(
                        "SELECT COUNT(*) FROM scim_user WHERE connection_id = ? AND user_name_key = 'race@example.com'",
                        Long.class,
                        acme.id()))
                .isEqualTo(1);
        assertThat(jdbc.queryForObject(
                        "SELECT COUNT(*) FROM user_registration WHERE connection_id = ?", Long.class, acme.id()))
                .isEqualTo(1);
    }

    @Test
    void concurrentRenamesToOneUserNameGiveExactlyOne200() throws Exception {
        int clients = 6;
        List<String> ids = new ArrayList<>();
        for (int i = 0; i < clients; i++) {
            ids.add(client.createUser(acme, "renamer" + i + "@example.com")
                    .get("id")
                    .asText());
        }
        List<Response> results = race(
                clients,
                i -> client.scim(
                        acme,
                        "PATCH",
                        "/Users/" + ids.get(i),
                        patch(Map.of(
                                "op",
                                "replace",
                                "path",
                                "userName",
                                "value",
                                i % 2 == 0 ? "wanted@example.com" : "WANTED@example.com"))));

        assertThat(results).filteredOn(r -> r.status() == 200).hasSize(1);
        results.stream().filter(r -> r.status() != 200).forEach(r -> assertScimError(r, 409, "uniqueness"));
        assertThat(jdbc.queryForObject(
                        "SELECT COUNT(*) FROM user_registration WHERE connection_id = ? AND user_name_key = ?",
                        Long.class,
                        acme.id(),
                        "wanted@example.com"))
                .isEqualTo(1);
        assertThat(jdbc.queryForObject(
                        "SELECT COUNT(*) FROM scim_user WHERE connection_id = ? AND user_name_key = ?",
                        Long.class,
                        acme.id(),
                        "wanted@example.com"))
                .isEqualTo(1);
    }

    /**
     * A create that passed the userName check while another transaction held the name uncommitted: its event handler's
     * insert meets the unique key once that transaction commits, and the create answers 409 uniqueness, storing nothing.
     */
    @Test
    void aNameCommittedAfterTheCheckIsRefusedByTheRegistrysUniqueKey() throws Exception {
        String name = "late-" + UUID.randomUUID() + "@example.com";
        String provisioned =
                "SELECT COUNT(*) FROM domain_event_entry WHERE payload_type = 'io.dirsync.api.user.UserProvisionedEvent'";
        long before = jdbc.queryForObject(provisioned, Long.class);
        ExecutorService pool = Executors.newSingleThreadExecutor();
        try (java.sql.Connection other = jdbc.getDataSource().getConnection()) {
            other.setAutoCommit(false);
            try (PreparedStatement insert = other.prepareStatement("INSERT INTO user_registration"
                    + " (user_id, connection_id, user_name_key, external_id, deleted) VALUES (?, ?, ?, NULL, FALSE)")) {
                insert.setString(1, "other-" + UUID.randomUUID());
                insert.setString(2, acme.id());
                insert.setString(3, name);
                insert.executeUpdate();
            }
            Future<Response> create = pool.submit(() -> client.scim(acme, "POST", "/Users", DirsyncClient.user(name)));
            Polling.await(
                    () -> create.isDone() || waitingForALock(),
                    ready -> ready,
                    "the create to wait for the other transaction");
            other.commit();
            assertScimError(create.get(), 409, "uniqueness");
        } finally {
            pool.shutdown();
        }
        assertThat(jdbc.queryForObject(
                        "SELECT COUNT(*) FROM scim_user WHERE connection_id = ? AND user_name_key = ?",
                        Long.class,
                        acme.id(),
                        name))
                .isZero();
        assertThat(jdbc.queryForObject(provisioned, Long.class))
                .as("no event of the refused create")
                .isEqualTo(before);
        jdbc.update("DELETE FROM user_registration WHERE connection_id = ? AND user_name_key = ?", acme.id(), name);
    }

    /** Whether some session waits for a lock held by another: PostgreSQL's activity view, H2's sessions table. */
    private boolean waitingForALock() {
        String product = jdbc.execute((java.sql.Connection c) -> c.getMetaData().getDatabaseProductName());
        String sql = product.toLowerCase(Locale.ROOT).contains("postgres")
                ? "SELECT COUNT(*) FROM pg_stat_activity WHERE wait_event_type = 'Lock'"
                : "SELECT COUNT(*) FROM INFORMATION_SCHEMA.SESSIONS WHERE BLOCKER_ID IS NOT NULL";
        return jdbc.queryForObject(sql, Long.class) > 0;
    }

    /** Sends {@code clients} requests at once, the i-th built by {@code request}, and returns their answers. */
    private static List<Response> race(int clients, IntFunction<Response> request) throws Exception {
        ExecutorService pool = Executors.newFixedThreadPool(clients);
        CountDownLatch start = new CountDownLatch(1);
        List<Future<Response>> answers = new ArrayList<>();
        for (int i = 0; i < clients; i++) {
            int client = i;
            Callable<Response> send = () -> {
                start.await();
                return request.apply(client);
            };
            answers.add(pool.submit(send));
        }
        start.countDown();
        List<Response> results = new ArrayList<>();
        for (Future<Response> answer : answers) {
            results.add(answer.get());
        }
        pool.shutdown();
        return results;
    }

    @Test
    void filtersByUserNameCaseInsensitivelyAndByExternalId() {
        String id = client.createUser(acme, "linus@example.com").get("id").asText();
        client.createUser(acme, "ken@example.com");

        JsonNode byName = list("userName eq \"LINUS@example.com\"");
        assertThat(byName.get("totalResults").asInt()).isEqualTo(1);
        assertThat(byName.at("/Resources/0/id").asText()).isEqualTo(id);
        assertThat(byName.at("/schemas/0").asText()).isEqualTo("urn:ietf:params:scim:api:messages:2.0:ListResponse");

        JsonNode byExternalId = list("externalId eq \"ext-linus@example.com\"");
        assertThat(byExternalId.get("totalResults").asInt()).isEqualTo(1);
        assertThat(byExternalId.at("/Resources/0/userName").asText()).isEqualTo("linus@example.com");
    }

    @Test
    void entraTestConnectionWithRandomGuidGets200AndAnEmptyList() {
        Response response = client.scim(
                acme,
                "GET",
                "/Users?filter=" + encode("userName eq \"" + UUID.randomUUID() + "\""),
                null,
                "Accept",
                "application/json");

        assertThat(response.status()).isEqualTo(200);
        assertThat(response.json().get("totalResults").asInt()).isZero();
        assertThat(response.json().get("itemsPerPage").asInt()).isZero();
        assertThat(response.json().get("Resources")).isEmpty();
    }

    @Test
    void pagesWithStableOrderAndItemsPerPageEqualToWhatIsReturned() {
        List<String> created = new ArrayList<>();
        for (int i = 0; i < 5; i++) {
            created.add(client.createUser(acme, "page" + i + "@example.com")
                    .get("id")
                    .asText());
        }
        List<String> seen = new ArrayList<>();
        for (int start = 1; start <= 5; start += 2) {
            JsonNode page = client.scim(acme, "GET", "/Users?startIndex=" + start + "&count=2", null)
                    .json();
            assertThat(page.get("totalResults").asInt()).isEqualTo(5);
            assertThat(page.get("startIndex").asInt()).isEqualTo(start);
            assertThat(page.get("itemsPerPage").asInt())
                    .isEqualTo(page.get("Resources").size());
            page.get("Resources").forEach(r -> seen.add(r.get("id").asText()));
        }
        assertThat(seen).containsExactlyElementsOf(created);

        JsonNode countOnly = client.scim(acme, "GET", "/Users?count=0", null).json();
        assertThat(countOnly.get("totalResults").asInt()).isEqualTo(5);
        assertThat(countOnly.get("Resources")).isEmpty();
        assertScimError(client.scim(acme, "GET", "/Users?count=ten", null), 400, "invalidValue");
    }

    @Test
    void putReplacesTheUserAndKeepsStatusWhenActiveIsLeftOut() {
        String id = client.createUser(acme, "barbara@example.com").get("id").asText();
        client.scim(acme, "PATCH", "/Users/" + id, patch(Map.of("op", "replace", "value", Map.of("active", false))));

        Map<String, Object> replacement = Map.of(
                "schemas", List.of("urn:ietf:params:scim:schemas:core:2.0:User"),
                "userName", "barbara.liskov@example.com",
                "emails", List.of(Map.of("value", "barbara.liskov@example.com", "type", "work", "primary", true)),
                "name", Map.of("givenName", "Barbara", "familyName", "Liskov"));
        Response replaced = client.scim(acme, "PUT", "/Users/" + id, replacement);

        assertThat(replaced.status()).isEqualTo(200);
        JsonNode user = replaced.json();
        assertThat(user.get("userName").asText()).isEqualTo("barbara.liskov@example.com");
        assertThat(user.has("externalId"))
                .as("PUT replaces: the externalId left out is gone")
                .isFalse();
        assertThat(user.get("active").asBoolean())
                .as("a PUT without active does not re-activate")
                .isFalse();
        assertThat(list("userName eq \"barbara.liskov@example.com\"")
                        .get("totalResults")
                        .asInt())
                .isEqualTo(1);
        assertThat(client.scim(acme, "POST", "/Users", DirsyncClient.user("barbara@example.com"))
                        .status())
                .as("the old userName is free again")
                .isEqualTo(201);
    }

    @Test
    void staleIfMatchGets412AndChangesNothing() {
        JsonNode created = client.createUser(acme, "edsger@example.com");
        String id = created.get("id").asText();
        String firstVersion = created.at("/meta/version").asText();
        Response changed = client.scim(
                acme,
                "PATCH",
                "/Users/" + id,
                patch(Map.of("op", "replace", "path", "displayName", "value", "E. W. Dijkstra")),
                "If-Match",
                firstVersion);
        assertThat(changed.status()).isEqualTo(200);
        assertThat(changed.header("ETag")).isNotEqualTo(java.util.Optional.of(firstVersion));

        Response stale = client.scim(
                acme, "PUT", "/Users/" + id, DirsyncClient.user("edsger@example.com"), "If-Match", firstVersion);
        assertScimError(stale, 412, null);
        assertScimError(client.scim(acme, "DELETE", "/Users/" + id, null, "If-Match", firstVersion), 412, null);
        assertThat(client.scim(acme, "GET", "/Users/" + id, null)
                        .json()
                        .get("displayName")
                        .asText())
                .isEqualTo("E. W. Dijkstra");
        assertThat(client.scim(
                                acme,
                                "PUT",
                                "/Users/" + id,
                                DirsyncClient.user("edsger@example.com"),
                                "If-Match",
                                changed.header("ETag").orElseThrow())
                        .status())
                .isEqualTo(200);
    }

    @Test
    void entraPatchDialectIsUnderstood() {
        String id = client.createUser(acme, "ada.entra@example.com").get("id").asText();
        String bossId =
                client.createUser(acme, "boss.entra@example.com").get("id").asText();
        Map<String, Object> entraPatch = Map.of(
                "schemas",
                List.of("urn:ietf:params:scim:api:messages:2.0:PatchOp"),
                "Operations",
                List.of(
                        Map.of(
                                "op",
                                "Replace",
                                "path",
                                "emails[type eq \"work\"].value",
                                "value",
                                "ada.new@example.com"),
                        Map.of("op", "Replace", "path", "name.familyName", "value", "King"),
                        Map.of(
                                "op",
                                "Add",
                                "path",
                                "urn:ietf:params:scim:schemas:extension:enterprise:2.0:User:department",
                                "value",
                                "R&D"),
                        Map.of(
                                "op",
                                "add",
                                "path",
                                "urn:ietf:params:scim:schemas:extension:enterprise:2.0:User:manager",
                                "value",
                                bossId),
                        Map.of(
                                "op",
                                "replace",
                                "value",
                                Map.of("name.givenName", "Augusta", "displayName", "Augusta Ada King"))));

        Response response = client.http()
                .send(
                        "PATCH",
                        acme.base() + "/Users/" + id,
                        acme.token(),
                        entraPatch,
                        "Content-Type",
                        "application/scim+json; charset=utf-8");

        assertThat(response.status()).as(response.toString()).isEqualTo(200);
        JsonNode user = response.json();
        assertThat(user.at("/emails/0/value").asText()).isEqualTo("ada.new@example.com");
        assertThat(user.at("/name/familyName").asText()).isEqualTo("King");
        assertThat(user.at("/name/givenName").asText()).isEqualTo("Augusta");
        assertThat(user.has("name.givenName")).isFalse();
        assertThat(user.get("displayName").asText()).isEqualTo("Augusta Ada King");
        JsonNode enterprise = user.get("urn:ietf:params:scim:schemas:extension:enterprise:2.0:User");
        assertThat(enterprise.get("department").asText()).isEqualTo("R&D");
        assertThat(enterprise.at("/manager/value").asText()).isEqualTo(bossId);
        JsonNode read = client.scim(acme, "GET", "/Users/" + id, null).json();
        // a read adds what only the read side knows: the manager's current name
        assertThat(read.at("/urn:ietf:params:scim:schemas:extension:enterprise:2.0:User/manager/displayName")
                        .asText())
                .isEqualTo("Ada Lovelace");
        ((com.fasterxml.jackson.databind.node.ObjectNode)
                        read.at("/urn:ietf:params:scim:schemas:extension:enterprise:2.0:User/manager"))
                .remove("displayName");
        assertThat(read).isEqualTo(user);
    }

    @Test
    void deactivationByEntraStringFalseOktaPathlessPatchAndPutThenReactivation() {
        String entraUser =
                client.createUser(acme, "entra@example.com").get("id").asText();
        Response entra = client.scim(
                acme,
                "PATCH",
                "/Users/" + entraUser,
                patch(Map.of("op", "Replace", "path", "active", "value", "False")));
        assertThat(entra.json().get("active").asBoolean()).isFalse();

        String oktaUser = client.createUser(acme, "okta@example.com").get("id").asText();
        Response okta = client.scim(
                acme, "PATCH", "/Users/" + oktaUser, patch(Map.of("op", "replace", "value", Map.of("active", false))));
        assertThat(okta.json().get("active").asBoolean()).isFalse();

        String aiwUser = client.createUser(acme, "aiw@example.com").get("id").asText();
        Map<String, Object> put = new HashMap<>(DirsyncClient.user("aiw@example.com"));
        put.put("active", false);
        assertThat(client.scim(acme, "PUT", "/Users/" + aiwUser, put)
                        .json()
                        .get("active")
                        .asBoolean())
                .isFalse();

        JsonNode stillListed = list("userName eq \"okta@example.com\"");
        assertThat(stillListed.get("totalResults").asInt())
                .as("deactivated users stay readable")
                .isEqualTo(1);
        assertThat(stillListed.at("/Resources/0/active").asBoolean()).isFalse();
        assertThat(list("active eq false").get("totalResults").asInt()).isEqualTo(3);

        Response reactivated = client.scim(
                acme, "PATCH", "/Users/" + oktaUser, patch(Map.of("op", "replace", "value", Map.of("active", true))));
        assertThat(reactivated.json().get("active").asBoolean()).isTrue();
        assertThat(eventTypes(oktaUser))
                .containsExactly("UserProvisionedEvent", "UserDeactivatedEvent", "UserReactivatedEvent");
    }

    @Test
    void deleteDeactivatesKeepsHistoryAnswers404AndALaterPostBringsTheSameUserBack() {
        String id = client.createUser(acme, "hedy@example.com").get("id").asText();

        assertThat(client.scim(acme, "DELETE", "/Users/" + id, null).status()).isEqualTo(204);
        assertScimError(client.scim(acme, "GET", "/Users/" + id, null), 404, null);
        assertScimError(client.scim(acme, "DELETE", "/Users/" + id, null), 404, null);
        assertThat(list("userName eq \"hedy@example.com\"").get("totalResults").asInt())
                .isZero();

        Response again = client.scim(acme, "POST", "/Users", DirsyncClient.user("HEDY@example.com"));
        assertThat(again.status()).isEqualTo(201);
        assertThat(again.json().get("id").asText())
                .as("the same directory user comes back")
                .isEqualTo(id);
        assertThat(again.json().get("active").asBoolean()).isTrue();
        assertThat(eventTypes(id))
                .containsExactly("UserProvisionedEvent", "UserDeletedEvent", "UserReprovisionedEvent");
    }

    @Test
    void deletedUserComesBackByExternalIdEvenUnderANewUserName() {
        JsonNode created = client.createUser(acme, "old.name@example.com");
        String id = created.get("id").asText();
        client.scim(acme, "DELETE", "/Users/" + id, null);

        Map<String, Object> renamed = new HashMap<>(DirsyncClient.user("new.name@example.com"));
        renamed.put("externalId", "ext-old.name@example.com");
        Response again = client.scim(acme, "POST", "/Users", renamed);

        assertThat(again.status()).isEqualTo(201);
        assertThat(again.json().get("id").asText()).isEqualTo(id);
        assertThat(again.json().get("userName").asText()).isEqualTo("new.name@example.com");
    }

    @Test
    void connectionsAreIsolated() {
        String id = client.createUser(acme, "secret@example.com").get("id").asText();
        Connection other = client.createConnection("globex");

        assertScimError(client.http().send("GET", acme.base() + "/Users/" + id, other.token(), null), 401, null);
        assertScimError(client.scim(other, "GET", "/Users/" + id, null), 404, null);
        assertScimError(client.scim(other, "PUT", "/Users/" + id, DirsyncClient.user("secret@example.com")), 404, null);
        assertScimError(client.scim(other, "DELETE", "/Users/" + id, null), 404, null);
        assertThat(client.scim(other, "GET", "/Users", null)
                        .json()
                        .get("totalResults")
                        .asInt())
                .isZero();
        assertThat(client.scim(acme, "GET", "/Users/" + id, null).status()).isEqualTo(200);
    }

    @Test
    void missingOrWrongTokenGets401WithAScimBody() {
        assertScimError(client.http().send("GET", acme.base() + "/Users", null, null), 401, null);
        assertScimError(client.http().send("GET", acme.base() + "/Users", "wrong", null), 401, null);
        assertScimError(
                client.http()
                        .send(
                                "GET",
                                acme.base().replace(acme.id(), UUID.randomUUID().toString()) + "/Users",
                                acme.token(),
                                null),
                401,
                null);
        assertThat(client.http()
                        .send("POST", "/api/connections", null, Map.of("name", "x"))
                        .status())
                .isEqualTo(401);
        assertThat(client.http()
                        .send("POST", "/api/connections", "wrong", Map.of("name", "x"))
                        .status())
                .isEqualTo(401);
    }

    @Test
    void rotatingTheTokenWithNoGraceStopsTheOldOneAtOnce() {
        Response rotated = client.http()
                .send(
                        "POST",
                        "/api/connections/" + acme.id() + "/token",
                        DirsyncClient.ADMIN_TOKEN,
                        Map.of("expiresInSeconds", 0),
                        "Content-Type",
                        "application/json");
        assertThat(rotated.status()).isEqualTo(200);
        String newToken = rotated.json().get("bearerToken").asText();

        assertScimError(client.scim(acme, "GET", "/Users", null), 401, null);
        assertThat(client.http()
                        .send("GET", acme.base() + "/Users", newToken, null)
                        .status())
                .isEqualTo(200);
    }

    @Test
    void clientMistakesGetScimErrorsNot500() {
        String id = client.createUser(acme, "mistakes@example.com").get("id").asText();
        assertScimError(client.scim(acme, "POST", "/Users", "{not json"), 400, "invalidSyntax");
        assertScimError(client.scim(acme, "POST", "/Users", "[]"), 400, "invalidSyntax");
        assertScimError(
                client.scim(
                        acme,
                        "POST",
                        "/Users",
                        Map.of(
                                "schemas",
                                List.of("urn:ietf:params:scim:schemas:core:2.0:User"),
                                "userName",
                                42,
                                "emails",
                                List.of(Map.of("value", "a@b.c")))),
                400,
                "invalidValue");
        assertScimError(
                client.scim(
                        acme,
                        "POST",
                        "/Users",
                        Map.of("userName", "a@b.c", "emails", List.of(Map.of("value", "a@b.c")))),
                400,
                "invalidSyntax");
        assertScimError(client.scim(acme, "GET", "/Users?filter=" + encode("userName eq"), null), 400, "invalidFilter");
        assertScimError(
                client.scim(acme, "GET", "/Users?filter=" + encode("favoriteColor eq \"x\""), null),
                400,
                "invalidFilter");
        assertScimError(
                client.scim(
                        acme, "PATCH", "/Users/" + id, patch(Map.of("op", "jump", "path", "active", "value", true))),
                400,
                "invalidSyntax");
        assertScimError(
                client.scim(
                        acme,
                        "PATCH",
                        "/Users/" + id,
                        patch(Map.of("op", "replace", "path", "emails[type eq", "value", "x"))),
                400,
                "invalidPath");
        assertScimError(
                client.scim(acme, "PATCH", "/Users/" + id, patch(Map.of("op", "remove", "path", "emails"))),
                400,
                "invalidValue");
        assertScimError(
                client.scim(
                        acme,
                        "PATCH",
                        "/Users/" + id,
                        patch(Map.of("op", "add", "path", "favoriteColor", "value", "x"))),
                400,
                "invalidPath");
        assertScimError(
                client.scim(
                        acme,
                        "PATCH",
                        "/Users/" + id,
                        Map.of("Operations", List.of(Map.of("op", "replace", "path", "displayName", "value", "x")))),
                400,
                "invalidSyntax");
        assertScimError(client.scim(acme, "GET", "/Users/" + UUID.randomUUID(), null), 404, null);
        assertScimError(
                client.scim(acme, "PUT", "/Users/" + UUID.randomUUID(), DirsyncClient.user("nobody@example.com")),
                404,
                null);
        assertScimError(
                client.http()
                        .send(
                                "POST",
                                acme.base() + "/Users",
                                acme.token(),
                                "<user/>",
                                "Content-Type",
                                "application/xml"),
                415,
                null);
        assertThat(eventTypes(id)).as("no failed request changed anything").containsExactly("UserProvisionedEvent");
    }

    @Test
    void discoveryEndpointsAnswer() {
        Response config = client.scim(acme, "GET", "/ServiceProviderConfig", null);
        assertThat(config.status()).isEqualTo(200);
        assertThat(config.json().at("/patch/supported").asBoolean()).isTrue();
        JsonNode schemas = client.scim(acme, "GET", "/Schemas", null).json();
        assertThat(schemas.get("totalResults").asInt())
                .isEqualTo(schemas.get("Resources").size());
        assertThat(client.scim(acme, "GET", "/ResourceTypes/User", null)
                        .json()
                        .get("endpoint")
                        .asText())
                .isEqualTo("/Users");
    }

    @Test
    void directoryUsersViewFollowsTheEventsWithStatusAndLastSynced() throws InterruptedException {
        String active = client.createUser(acme, "anita@example.com").get("id").asText();
        String gone = client.createUser(acme, "bob@example.com").get("id").asText();
        client.scim(acme, "DELETE", "/Users/" + gone, null);

        // the count and the page are two statements: wait until both show the projection caught up
        JsonNode all = awaitDirectoryUsers(
                "",
                page -> page.get("totalResults").asInt() == 2
                        && page.at("/Resources/1/status").asText().equals("Deactivated"));
        assertThat(all.get("totalResults").asInt()).isEqualTo(2);
        assertThat(all.get("Resources")).extracting(u -> u.get("id").asText()).containsExactly(active, gone);
        assertThat(all.at("/Resources/0/status").asText()).isEqualTo("Active");
        assertThat(all.at("/Resources/0/email").asText()).isEqualTo("anita@example.com");
        assertThat(all.at("/Resources/0/lastSyncedAt").asText()).isNotBlank();

        JsonNode deactivated = awaitDirectoryUsers("?status=Deactivated", page -> true);
        assertThat(deactivated.get("Resources"))
                .extracting(u -> u.get("id").asText())
                .containsExactly(gone);
        JsonNode search = awaitDirectoryUsers("?q=ANITA", page -> true);
        assertThat(search.get("Resources"))
                .extracting(u -> u.get("id").asText())
                .containsExactly(active);
    }

    /** The view is a streaming projection: it catches up shortly after the write, not within it. */
    JsonNode awaitDirectoryUsers(String query, java.util.function.Predicate<JsonNode> caughtUp)
            throws InterruptedException {
        long deadline = System.nanoTime() + java.util.concurrent.TimeUnit.SECONDS.toNanos(20);
        JsonNode page;
        do {
            Response response = client.http()
                    .send(
                            "GET",
                            "/api/connections/" + acme.id() + "/directory-users" + query,
                            DirsyncClient.ADMIN_TOKEN,
                            null);
            assertThat(response.status()).as(response.toString()).isEqualTo(200);
            page = response.json();
            if (caughtUp.test(page)) {
                return page;
            }
            Thread.sleep(100);
        } while (System.nanoTime() < deadline);
        throw new AssertionError("directory-users" + query + " did not catch up: " + page);
    }

    JsonNode list(String filter) {
        Response response = client.scim(acme, "GET", "/Users?filter=" + encode(filter), null);
        assertThat(response.status()).as(response.toString()).isEqualTo(200);
        return response.json();
    }

    List<String> eventTypes(String aggregateId) {
        return jdbc
                .queryForList(
                        "SELECT payload_type FROM domain_event_entry WHERE aggregate_identifier = ? ORDER BY sequence_number",
                        String.class,
                        aggregateId)
                .stream()
                .map(t -> t.substring(t.lastIndexOf('.') + 1))
                .toList();
    }

    @Test
    void undefinedAttributesAreRejectedNamingEachUnlessTheConnectionKeepsThem() {
        Map<String, Object> body = new HashMap<>(DirsyncClient.user("undefined@example.com"));
        body.put("favoriteColor", "blue");
        body.put(
                "urn:ietf:params:scim:schemas:extension:enterprise:2.0:User",
                Map.of("employeeId", "E-7", "department", "R&D"));

        Response refused = client.scim(acme, "POST", "/Users", body);

        assertScimError(refused, 400, "invalidSyntax");
        assertThat(refused.json().get("detail").asText())
                .contains("favoriteColor")
                .contains("employeeId");
        JsonNode failures = client.http()
                .send(
                        "GET",
                        "/api/connections/" + acme.id() + "/provisioning-failures",
                        DirsyncClient.ADMIN_TOKEN,
                        null)
                .json();
        assertThat(failures.toString()).contains("favoriteColor").contains("employeeId");

        Response kept = client.http()
                .send(
                        "PUT",
                        "/api/connections/" + acme.id() + "/unknown-attributes",
                        DirsyncClient.ADMIN_TOKEN,
                        Map.of("unknownAttributes", "keep"));
        assertThat(kept.status()).as(kept.toString()).isEqualTo(200);
        Response created = client.scim(acme, "POST", "/Users", body);
        assertThat(created.status()).as(created.toString()).isEqualTo(201);
        JsonNode read = client.scim(
                        acme, "GET", "/Users/" + created.json().get("id").asText(), null)
                .json();
        assertThat(read.get("favoriteColor").asText()).isEqualTo("blue");
        assertThat(read.at("/urn:ietf:params:scim:schemas:extension:enterprise:2.0:User/employeeId")
                        .asText())
                .isEqualTo("E-7");
        Response patched = client.scim(
                acme,
                "PATCH",
                "/Users/" + read.get("id").asText(),
                patch(Map.of("op", "replace", "path", "favoriteColor", "value", "green")));
        assertThat(patched.json().get("favoriteColor").asText())
                .as(patched.toString())
                .isEqualTo("green");
    }

    @Test
    void aManagerMustBeACurrentUserOfTheConnectionAndReadsBackWithItsRefAndName() {
        Map<String, Object> body = new HashMap<>(DirsyncClient.user("report@example.com"));
        body.put(
                "urn:ietf:params:scim:schemas:extension:enterprise:2.0:User",
                Map.of("manager", Map.of("value", "no-such-user")));

        Response refused = client.scim(acme, "POST", "/Users", body);

        assertScimError(refused, 400, "invalidValue");
        assertThat(refused.json().get("detail").asText()).contains("no-such-user");
        String bossId = client.createUser(acme, "boss@example.com").get("id").asText();
        body.put("urn:ietf:params:scim:schemas:extension:enterprise:2.0:User", Map.of("manager", bossId));
        Response created = client.scim(acme, "POST", "/Users", body);
        assertThat(created.status()).as(created.toString()).isEqualTo(201);
        JsonNode manager = client.scim(
                        acme, "GET", "/Users/" + created.json().get("id").asText(), null)
                .json()
                .at("/urn:ietf:params:scim:schemas:extension:enterprise:2.0:User/manager");
        assertThat(manager.get("value").asText()).isEqualTo(bossId);
        assertThat(manager.get("$ref").asText()).isEqualTo(acme.base() + "/Users/" + bossId);
        assertThat(manager.get("displayName").asText()).isEqualTo("Ada Lovelace");
    }

    @Test
    void groupsAreReadOnlyAndShowTheDirectMemberships() {
        Map<String, Object> body = new HashMap<>(DirsyncClient.user("member@example.com"));
        body.put("groups", List.of(Map.of("value", "made-up-group")));
        Response created = client.scim(acme, "POST", "/Users", body);
        assertThat(created.status()).as(created.toString()).isEqualTo(201);
        String userId = created.json().get("id").asText();
        assertThat(created.json().has("groups"))
                .as("a client's groups are ignored")
                .isFalse();
        String groupId = client.scim(
                        acme,
                        "POST",
                        "/Groups",
                        DirsyncClient.group(
                                Map.of("displayName", "Readers", "members", List.of(Map.of("value", userId)))))
                .json()
                .get("id")
                .asText();

        JsonNode read = client.scim(acme, "GET", "/Users/" + userId, null).json();

        assertThat(read.get("groups")).hasSize(1);
        assertThat(read.at("/groups/0/value").asText()).isEqualTo(groupId);
        assertThat(read.at("/groups/0/display").asText()).isEqualTo("Readers");
        assertThat(read.at("/groups/0/$ref").asText()).isEqualTo(acme.base() + "/Groups/" + groupId);
        assertThat(read.at("/groups/0/type").asText()).isEqualTo("direct");
        JsonNode listed = client.scim(
                        acme, "GET", "/Users?filter=" + encode("userName eq \"member@example.com\""), null)
                .json();
        assertThat(listed.at("/Resources/0/groups/0/value").asText()).isEqualTo(groupId);
        assertThat(client.scim(acme, "GET", "/Users/" + userId + "?excludedAttributes=groups", null)
                        .json()
                        .has("groups"))
                .isFalse();
        JsonNode group = client.scim(acme, "GET", "/Groups/" + groupId, null).json();
        assertThat(group.at("/members/0/display").asText())
                .as("the member's current name")
                .isEqualTo("Ada Lovelace");
    }

    @Test
    void aDeletedUserIsInNoGroupsMembers() {
        String userId = client.createUser(acme, "leaver@example.com").get("id").asText();
        String groupId = client.scim(
                        acme,
                        "POST",
                        "/Groups",
                        DirsyncClient.group(
                                Map.of("displayName", "Leavers", "members", List.of(Map.of("value", userId)))))
                .json()
                .get("id")
                .asText();

        assertThat(client.scim(acme, "DELETE", "/Users/" + userId, null).status())
                .isEqualTo(204);

        assertThat(client.scim(acme, "GET", "/Groups/" + groupId, null).json().get("members"))
                .isEmpty();
    }

    @Test
    void collectionsAnswerWithATrailingSlashAndAReadByIdSendsItsLocation() {
        String id = client.createUser(acme, "slash@example.com").get("id").asText();

        Response list = client.scim(acme, "GET", "/Users/?filter=" + encode("userName eq \"slash@example.com\""), null);
        Response created = client.scim(acme, "POST", "/Users/", DirsyncClient.user("slash2@example.com"));
        Response read = client.scim(acme, "GET", "/Users/" + id, null);

        assertThat(list.status()).isEqualTo(200);
        assertThat(list.json().get("totalResults").asInt()).isEqualTo(1);
        assertThat(created.status()).isEqualTo(201);
        assertThat(read.header("Location")).contains(acme.base() + "/Users/" + id);
        assertThat(client.scim(acme, "GET", "/Groups/", null).status()).isEqualTo(200);
    }

    @Test
    void theRootListsUsersThenGroupsPagedAsOneList() {
        for (int i = 0; i < 3; i++) {
            client.createUser(acme, "root" + i + "@example.com");
        }
        for (int i = 0; i < 2; i++) {
            client.scim(acme, "POST", "/Groups", DirsyncClient.group(Map.of("displayName", "Root " + i)));
        }

        JsonNode all = client.scim(acme, "GET", "/", null).json();
        JsonNode secondPage =
                client.scim(acme, "GET", "?startIndex=3&count=2", null).json();
        JsonNode searched = client.scim(
                        acme,
                        "POST",
                        "/.search",
                        Map.of(
                                "schemas",
                                List.of("urn:ietf:params:scim:api:messages:2.0:SearchRequest"),
                                "filter",
                                "displayName sw \"Root\""))
                .json();
        JsonNode usersOnly = client.scim(acme, "GET", "/?filter=" + encode("userName sw \"root1\""), null)
                .json();

        assertThat(all.get("totalResults").asInt()).isEqualTo(5);
        assertThat(all.get("Resources"))
                .extracting(r -> r.at("/meta/resourceType").asText())
                .containsExactly("User", "User", "User", "Group", "Group");
        assertThat(secondPage.get("totalResults").asInt()).isEqualTo(5);
        assertThat(secondPage.get("Resources"))
                .extracting(r -> r.at("/meta/resourceType").asText())
                .containsExactly("User", "Group");
        assertThat(searched.get("totalResults").asInt())
                .as("groups named Root; the users' displayName is Ada Lovelace")
                .isEqualTo(2);
        assertThat(usersOnly.get("totalResults").asInt())
                .as("groups have no userName: no match among them")
                .isEqualTo(1);
        assertScimError(
                client.scim(acme, "GET", "/?filter=" + encode("favoriteColor eq \"x\""), null), 400, "invalidFilter");
    }

    static Map<String, Object> patch(Map<String, Object> operation) {
        return Map.of(
                "schemas", List.of("urn:ietf:params:scim:api:messages:2.0:PatchOp"), "Operations", List.of(operation));
    }

    static String encode(String value) {
        return URLEncoder.encode(value, StandardCharsets.UTF_8);
    }

    static void assertScimError(Response response, int status, String scimType) {
        assertThat(response.status()).as(response.toString()).isEqualTo(status);
        JsonNode body = response.json();
        assertThat(body.get("schemas").get(0).asText()).isEqualTo(ERROR);
        assertThat(body.get("status").isTextual()).as("status is a string").isTrue();
        assertThat(body.get("status").asText()).isEqualTo(Integer.toString(status));
        if (scimType == null) {
            assertThat(body.has("scimType")).as(response.toString()).isFalse();
        } else {
            assertThat(body.get("scimType").asText()).as(response.toString()).isEqualTo(scimType);
        }
        assertThat(body.get("detail").asText()).isNotBlank();
    }
}
