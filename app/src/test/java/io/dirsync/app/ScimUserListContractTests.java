package io.dirsync.app;

import com.fasterxml.jackson.databind.JsonNode;
import io.dirsync.app.DirsyncClient.Connection;
import io.dirsync.app.HttpClientSupport.Response;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.springframework.boot.test.context.SpringBootTest;
import org.springframework.boot.test.web.server.LocalServerPort;

import java.net.URLEncoder;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * Listing and searching SCIM users over real HTTP: the filters Entra ID and Okta send, the RFC 7644 operators,
 * sorting, paging, attribute selection and the .search endpoints. Runs once per database:
 * {@link H2ScimUserListIT} and {@link PostgresScimUserListIT}. Every test has its own connection.
 */
@SpringBootTest(
        classes = DirsyncApplication.class,
        webEnvironment = SpringBootTest.WebEnvironment.RANDOM_PORT,
        properties = "dirsync.admin-token=" + DirsyncClient.ADMIN_TOKEN)
abstract class ScimUserListContractTests {
    static final String ENTERPRISE = "urn:ietf:params:scim:schemas:extension:enterprise:2.0:User";
    static final String SEARCH_REQUEST = "urn:ietf:params:scim:api:messages:2.0:SearchRequest";

    @LocalServerPort
    int port;

    DirsyncClient client;
    Connection acme;
    String ada;
    String grace;
    String linus;

    @BeforeEach
    void directory() {
        client = new DirsyncClient("http://127.0.0.1:" + port);
        acme = client.createConnection("acme");
        ada = create(user(
                "ada@example.com",
                "jyoung",
                "Ada Lovelace",
                List.of(email("ada@example.com", "work", true), email("ada@home.org", "home", false)),
                Map.of("department", "Engineering", "employeeNumber", "701")));
        grace = create(user(
                "grace@example.com",
                "ext-grace",
                "Grace Hopper",
                List.of(email("grace@navy.mil", "work", true)),
                Map.of("department", "Navy", "manager", Map.of("value", ada))));
        linus = create(user(
                "linus@example.com", "ext-linus", "Linus", List.of(email("linus@kernel.org", "work", true)), null));
        Response deactivated = client.scim(
                acme,
                "PATCH",
                "/Users/" + linus,
                Map.of(
                        "schemas", List.of("urn:ietf:params:scim:api:messages:2.0:PatchOp"),
                        "Operations", List.of(Map.of("op", "Replace", "path", "active", "value", "False"))));
        assertThat(deactivated.status()).as(deactivated.toString()).isEqualTo(200);
    }

    @Test
    void entraLookupsByWorkEmailAndUnquotedExternalIdFindTheUser() {
        assertThat(ids("emails[type eq \"work\"].value eq \"ADA@example.com\"")).containsExactly(ada);
        assertThat(ids("emails[type eq \"work\"].value eq \"ada@home.org\""))
                .as("a home address is no work address")
                .isEmpty();
        assertThat(ids("emails[type eq \"home\"].value eq \"ada@home.org\"")).containsExactly(ada);
        assertThat(ids("externalId eq jyoung")).containsExactly(ada);
        assertThat(ids("externalId eq JYOUNG")).as("externalId is caseExact").isEmpty();
        assertThat(ids("userName eq \"GRACE@example.com\"")).containsExactly(grace);
        assertThat(ids("emails[type eq \"work\" and value co \"@example.com\"]"))
                .containsExactly(ada);
        assertThat(ids("emails.value ew \".org\"")).containsExactlyInAnyOrder(ada, linus);
    }

    @Test
    void logicalOperatorsAndParentheses() {
        assertThat(
                        ids(
                                "(userName eq \"ada@example.com\" or userName eq \"grace@example.com\") and not (displayName co \"grace\")"))
                .containsExactly(ada);
        assertThat(ids("not (active eq true)"))
                .as("deactivated users stay listed")
                .containsExactly(linus);
        assertThat(ids("userName sw \"a\" or userName sw \"l\"")).containsExactlyInAnyOrder(ada, linus);
        assertThat(ids("active eq true and (emails co \"navy\" or emails co \"home\")"))
                .containsExactlyInAnyOrder(ada, grace);
    }

    @Test
    void everyComparisonOperator() {
        Map<String, List<String>> expected = new LinkedHashMap<>();
        expected.put("displayName co \"ACE\"", List.of(ada, grace));
        expected.put("displayName sw \"gr\"", List.of(grace));
        expected.put("userName ew \"E.COM\"", List.of(ada, grace, linus));
        expected.put("displayName gt \"grace hopper\"", List.of(linus));
        expected.put("displayName ge \"grace hopper\"", List.of(grace, linus));
        expected.put("displayName lt \"grace hopper\"", List.of(ada));
        expected.put("displayName le \"Grace Hopper\"", List.of(ada, grace));
        expected.put("displayName ne \"Linus\"", List.of(ada, grace));
        expected.put(ENTERPRISE + ":department pr", List.of(ada, grace));
        expected.put("not (" + ENTERPRISE + ":department pr)", List.of(linus));
        expected.forEach(
                (filter, users) -> assertThat(ids(filter)).as(filter).containsExactlyInAnyOrderElementsOf(users));
    }

    @Test
    void lastModifiedComparesAtTheMillisecondsResourcesShow() {
        String adaModified = client.scim(acme, "GET", "/Users/" + ada, null)
                .json()
                .at("/meta/lastModified")
                .asText();

        assertThat(ids("meta.lastModified gt \"" + adaModified + "\"")).containsExactlyInAnyOrder(grace, linus);
        assertThat(ids("meta.lastModified ge \"" + adaModified + "\"")).containsExactlyInAnyOrder(ada, grace, linus);
        assertThat(ids("meta.lastModified gt \"2000-01-01T00:00:00Z\" and meta.created le \"" + adaModified + "\""))
                .containsExactly(ada);
    }

    @Test
    void enterpriseExtensionAttributesFilterByTheirUrn() {
        assertThat(ids(ENTERPRISE + ":department eq \"engineering\"")).containsExactly(ada);
        assertThat(ids(ENTERPRISE + ":manager.value eq \"" + ada + "\"")).containsExactly(grace);
        assertThat(ids(ENTERPRISE + ":employeeNumber eq 701")).containsExactly(ada);
    }

    @Test
    void customExtensionAttributesFilterByTheirUrnAndFollowChanges() {
        String custom = "urn:dirsync:scim:schemas:extension:custom:2.0:User";
        Map<String, Object> user = user(
                "margaret@example.com",
                "ext-margaret",
                "Margaret Hamilton",
                List.of(email("margaret@example.com", "work", true)),
                null);
        user.put("schemas", List.of("urn:ietf:params:scim:schemas:core:2.0:User", custom));
        user.put(custom, Map.of("costCode", "APOLLO-11", "clearance", 3, "sites", List.of("Houston", "Cambridge")));
        String margaret = create(user);

        assertThat(ids(custom + ":costCode eq \"apollo-11\"")).containsExactly(margaret);
        assertThat(ids(custom + ":clearance ge 2 and " + custom + ":sites eq \"houston\""))
                .containsExactly(margaret);
        assertThat(ids("not (" + custom + ":costCode pr)")).containsExactlyInAnyOrder(ada, grace, linus);

        Response patched = client.scim(
                acme,
                "PATCH",
                "/Users/" + margaret,
                Map.of(
                        "schemas", List.of("urn:ietf:params:scim:api:messages:2.0:PatchOp"),
                        "Operations",
                                List.of(Map.of("op", "replace", "path", custom + ":costCode", "value", "GEMINI"))));
        assertThat(patched.status()).as(patched.toString()).isEqualTo(200);

        assertThat(ids(custom + ":costCode eq \"apollo-11\"")).isEmpty();
        assertThat(ids(custom + ":costCode sw \"gem\"")).containsExactly(margaret);
        assertScimError(
                client.scim(acme, "GET", "/Users?filter=" + encode(custom + ":sites[value eq \"x\"]"), null),
                400,
                "invalidFilter");
    }

    @Test
    void sortsBothWaysAndPagesStably() {
        for (String name : List.of("carol", "bob", "dave", "erin")) {
            create(user(
                    name + "@example.org",
                    "ext-" + name,
                    "Same Name",
                    List.of(email(name + "@example.org", "work", true)),
                    null));
        }
        List<String> ascending = pages("sortBy=displayName&sortOrder=ascending", 2);
        List<String> descending = pages("sortBy=displayName&sortOrder=descending", 3);

        assertThat(ascending)
                .as("ties on \"same name\" keep one order")
                .hasSize(7)
                .startsWith(ada, grace, linus);
        assertThat(descending).containsExactlyElementsOf(reversed(ascending));
        assertThat(pages("sortBy=userName", 100))
                .containsExactlyElementsOf(pages("sortBy=userName&sortOrder=ascending", 1));
        JsonNode byEmail = client.scim(acme, "GET", "/Users?sortBy=emails.value&sortOrder=descending&count=1", null)
                .json();
        assertThat(byEmail.at("/Resources/0/id").asText())
                .as("linus@kernel.org sorts last")
                .isEqualTo(linus);

        assertScimError(client.scim(acme, "GET", "/Users?sortBy=nickNames", null), 400, "invalidValue");
        assertScimError(
                client.scim(acme, "GET", "/Users?sortBy=userName&sortOrder=sideways", null), 400, "invalidValue");
    }

    @Test
    void attributesAndExcludedAttributesOnListAndGet() {
        JsonNode list = client.scim(
                        acme,
                        "GET",
                        "/Users?filter=" + encode("userName eq \"ada@example.com\"")
                                + "&attributes=userName,emails.value," + ENTERPRISE + ":department",
                        null)
                .json();
        JsonNode user = list.at("/Resources/0");
        assertThat(fieldNames(user)).containsExactly("schemas", "id", "userName", "emails", ENTERPRISE, "meta");
        assertThat(fieldNames(user.get("meta"))).containsExactly("resourceType");
        assertThat(fieldNames(user.at("/emails/0"))).containsExactly("value");
        assertThat(fieldNames(user.get(ENTERPRISE))).containsExactly("department");

        Response got =
                client.scim(acme, "GET", "/Users/" + ada + "?excludedAttributes=emails,meta,name," + ENTERPRISE, null);
        assertThat(got.status()).isEqualTo(200);
        assertThat(got.header("ETag")).isPresent();
        assertThat(fieldNames(got.json()))
                .containsExactly("schemas", "id", "externalId", "userName", "displayName", "active", "meta");
        assertThat(got.json().get("schemas")).hasSize(1);
        assertThat(fieldNames(got.json().get("meta"))).containsExactly("resourceType");

        JsonNode name = client.scim(acme, "GET", "/Users/" + ada + "?attributes=name.givenName", null)
                .json();
        assertThat(name.at("/name/givenName").asText()).isEqualTo("Ada");
        assertThat(name.at("/name/familyName").isMissingNode()).isTrue();
    }

    @Test
    void searchEndpointsTakeTheParametersInTheBody() {
        Map<String, Object> search = new HashMap<>();
        search.put("schemas", List.of(SEARCH_REQUEST));
        search.put("filter", "emails[type eq \"work\"].value ew \"example.com\" or externalId eq ext-grace");
        search.put("sortBy", "userName");
        search.put("sortOrder", "descending");
        search.put("attributes", List.of("userName"));
        search.put("startIndex", 1);
        search.put("count", 10);

        for (String path : List.of("/Users/.search", "/.search")) {
            Response response = client.scim(acme, "POST", path, search);
            assertThat(response.status()).as(path + " " + response).isEqualTo(200);
            assertThat(response.header("Content-Type"))
                    .hasValueSatisfying(v -> assertThat(v).startsWith("application/scim+json"));
            JsonNode body = response.json();
            assertThat(body.at("/schemas/0").asText()).isEqualTo("urn:ietf:params:scim:api:messages:2.0:ListResponse");
            assertThat(body.get("totalResults").asInt()).isEqualTo(2);
            assertThat(body.get("Resources"))
                    .extracting(r -> r.get("id").asText())
                    .containsExactly(grace, ada);
            assertThat(body.get("Resources"))
                    .allSatisfy(r -> assertThat(r.has("emails")).isFalse());
        }
        Response plainJson = client.http()
                .send(
                        "POST",
                        acme.base() + "/Users/.search",
                        acme.token(),
                        Map.of("schemas", List.of(SEARCH_REQUEST), "count", 0),
                        "Content-Type",
                        "application/json");
        assertThat(plainJson.json().get("totalResults").asInt()).isEqualTo(3);

        assertScimError(
                client.scim(acme, "POST", "/Users/.search", Map.of("filter", "userName pr")), 400, "invalidSyntax");
        assertScimError(
                client.scim(
                        acme, "POST", "/.search", Map.of("schemas", List.of(SEARCH_REQUEST), "filter", "userName eq")),
                400,
                "invalidFilter");
        assertScimError(client.scim(acme, "POST", "/Users/.search", "{not json"), 400, "invalidSyntax");
        assertScimError(
                client.http()
                        .send("POST", acme.base() + "/.search", "wrong", Map.of("schemas", List.of(SEARCH_REQUEST))),
                401,
                null);
    }

    @Test
    void invalidFiltersAre400InvalidFilterWithAScimBody() {
        Response syntax = client.scim(acme, "GET", "/Users?filter=" + encode("userName eq \"x\" extra"), null);
        assertScimError(syntax, 400, "invalidFilter");
        assertThat(syntax.json().get("detail").asText()).contains("position 16");

        for (String filter : List.of(
                "userName eq",
                "emails[type eq \"work\"",
                "nickNames eq \"x\"",
                "title.value pr",
                "active gt true",
                "meta.lastModified gt \"yesterday\"",
                "userName eq null",
                "userName zz \"x\"")) {
            assertScimError(client.scim(acme, "GET", "/Users?filter=" + encode(filter), null), 400, "invalidFilter");
        }
    }

    @Test
    void countZeroAnswersOnlyTheTotal() {
        JsonNode body = client.scim(acme, "GET", "/Users?count=0&filter=" + encode("active eq true"), null)
                .json();

        assertThat(body.get("totalResults").asInt()).isEqualTo(2);
        assertThat(body.get("itemsPerPage").asInt()).isZero();
        assertThat(body.get("Resources")).isEmpty();
    }

    @Test
    void serviceProviderConfigAdvertisesSorting() {
        assertThat(client.scim(acme, "GET", "/ServiceProviderConfig", null)
                        .json()
                        .at("/sort/supported")
                        .asBoolean())
                .isTrue();
    }

    List<String> ids(String filter) {
        Response response = client.scim(acme, "GET", "/Users?filter=" + encode(filter), null);
        assertThat(response.status()).as(filter + " -> " + response).isEqualTo(200);
        JsonNode body = response.json();
        assertThat(body.get("totalResults").asInt())
                .isEqualTo(body.get("Resources").size());
        List<String> ids = new ArrayList<>();
        body.get("Resources").forEach(user -> ids.add(user.get("id").asText()));
        return ids;
    }

    /** All users, fetched page by page as Okta does: startIndex=1, then 1+count, until totalResults. */
    List<String> pages(String sort, int count) {
        List<String> ids = new ArrayList<>();
        int total;
        int start = 1;
        do {
            JsonNode page = client.scim(
                            acme, "GET", "/Users?" + sort + "&startIndex=" + start + "&count=" + count, null)
                    .json();
            total = page.get("totalResults").asInt();
            assertThat(page.get("itemsPerPage").asInt())
                    .isEqualTo(page.get("Resources").size());
            page.get("Resources").forEach(user -> ids.add(user.get("id").asText()));
            start += count;
        } while (start <= total);
        return ids;
    }

    String create(Map<String, Object> user) {
        Response created = client.scim(acme, "POST", "/Users", user);
        assertThat(created.status()).as(created.toString()).isEqualTo(201);
        return created.json().get("id").asText();
    }

    static Map<String, Object> user(
            String userName,
            String externalId,
            String displayName,
            List<Map<String, Object>> emails,
            Map<String, Object> enterprise) {
        Map<String, Object> user = new HashMap<>();
        user.put(
                "schemas",
                enterprise == null
                        ? List.of("urn:ietf:params:scim:schemas:core:2.0:User")
                        : List.of("urn:ietf:params:scim:schemas:core:2.0:User", ENTERPRISE));
        user.put("userName", userName);
        user.put("externalId", externalId);
        user.put("displayName", displayName);
        user.put("name", Map.of("givenName", displayName.split(" ")[0], "familyName", "X"));
        user.put("emails", emails);
        user.put("active", true);
        if (enterprise != null) {
            user.put(ENTERPRISE, enterprise);
        }
        return user;
    }

    static Map<String, Object> email(String value, String type, boolean primary) {
        return Map.of("value", value, "type", type, "primary", primary);
    }

    static List<String> fieldNames(JsonNode node) {
        List<String> names = new ArrayList<>();
        node.fieldNames().forEachRemaining(names::add);
        return names;
    }

    static List<String> reversed(List<String> list) {
        List<String> copy = new ArrayList<>(list);
        java.util.Collections.reverse(copy);
        return copy;
    }

    static String encode(String value) {
        return URLEncoder.encode(value, StandardCharsets.UTF_8);
    }

    static void assertScimError(Response response, int status, String scimType) {
        assertThat(response.status()).as(response.toString()).isEqualTo(status);
        JsonNode body = response.json();
        assertThat(body.at("/schemas/0").asText()).isEqualTo("urn:ietf:params:scim:api:messages:2.0:Error");
        assertThat(body.get("status").asText()).isEqualTo(Integer.toString(status));
        assertThat(body.path("scimType").asText(null)).as(response.toString()).isEqualTo(scimType);
        assertThat(body.get("detail").asText()).isNotBlank();
    }
}
