package io.dirsync.app;

import com.fasterxml.jackson.databind.JsonNode;
import io.dirsync.app.HttpClientSupport.Response;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.openqa.selenium.By;
import org.openqa.selenium.support.ui.ExpectedConditions;
import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.boot.test.context.SpringBootTest;
import org.springframework.boot.test.web.server.LocalServerPort;
import org.springframework.web.bind.annotation.RequestMethod;
import org.springframework.web.method.HandlerMethod;
import org.springframework.web.servlet.mvc.method.RequestMappingInfo;
import org.springframework.web.servlet.mvc.method.annotation.RequestMappingHandlerMapping;

import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.TreeSet;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * Issue 20 item 4 over real HTTP: the admin API's OpenAPI 3 document covers every {@code /api} route Spring MVC maps
 * (springdoc's own aside), and nothing else; every operation needs the bearer scheme; the document needs the admin or
 * an auditor token, and Swagger UI (in the admin web UI) a signed-in session. Runs on H2 ({@link H2ApiDocsIT}): the document is read from the controllers, not
 * from the database.
 */
@SpringBootTest(
        classes = DirsyncApplication.class,
        webEnvironment = SpringBootTest.WebEnvironment.RANDOM_PORT,
        properties = "dirsync.admin-token=" + DirsyncClient.ADMIN_TOKEN)
abstract class ApiDocsContractTests {
    private static final String ADMIN = DirsyncClient.ADMIN_TOKEN;

    @LocalServerPort
    int port;

    /** Spring Boot's main request mapping and the SCIM endpoints' own (ScimRoutes). */
    @Autowired
    List<RequestMappingHandlerMapping> mappings;

    HttpClientSupport http;

    @BeforeEach
    void connect() {
        http = new DirsyncClient("http://127.0.0.1:" + port).http();
    }

    @Test
    void everyApiRouteTheApplicationMapsIsInTheDocumentAndNothingElse() {
        JsonNode paths = document().get("paths");
        List<String> routes = apiRoutes();
        assertThat(routes)
                .hasSizeGreaterThan(40)
                .contains(
                        "GET /api/connections/{connectionId}/tokens",
                        "DELETE /api/connections/{connectionId}/tokens/{tokenId}",
                        "POST /api/connections/{connectionId}/token");
        List<String> missing = new ArrayList<>();
        for (String route : routes) {
            String[] methodAndPath = route.split(" ", 2);
            JsonNode item = paths.get(methodAndPath[1]);
            if (item == null || item.get(methodAndPath[0].toLowerCase()) == null) {
                missing.add(route);
            }
        }
        assertThat(missing).as("routes the document lacks").isEmpty();

        Set<String> documented = new TreeSet<>();
        paths.fields()
                .forEachRemaining(path -> path.getValue()
                        .fieldNames()
                        .forEachRemaining(method -> documented.add(method.toUpperCase() + " " + path.getKey())));
        assertThat(documented)
                .as("no SCIM and no route the application does not map")
                .containsExactlyInAnyOrderElementsOf(routes);
    }

    @Test
    void everyOperationRequiresTheBearerSchemeAndDescribesItsErrors() {
        JsonNode document = document();
        assertThat(document.get("openapi").asText()).startsWith("3.");
        JsonNode scheme = document.at("/components/securitySchemes/adminToken");
        assertThat(scheme.get("type").asText()).isEqualTo("http");
        assertThat(scheme.get("scheme").asText()).isEqualTo("bearer");
        assertThat(document.get("security").toString()).isEqualTo("[{\"adminToken\":[]}]");
        document.get("paths")
                .fields()
                .forEachRemaining(path -> path.getValue().fields().forEachRemaining(operation -> {
                    String route = operation.getKey() + " " + path.getKey();
                    JsonNode security = operation.getValue().get("security");
                    assertThat(security == null || security.toString().contains("adminToken"))
                            .as(route + " keeps the bearer scheme")
                            .isTrue();
                    assertThat(operation
                                    .getValue()
                                    .at("/responses/401/content/application~1json/schema/$ref")
                                    .asText())
                            .as(route)
                            .isEqualTo("#/components/schemas/Error");
                    assertThat(operation.getValue().get("tags")).as(route).isNotEmpty();
                    operation
                            .getValue()
                            .at("/requestBody/content")
                            .forEach(media -> assertThat(media.has("example"))
                                    .as(route + " has a request example")
                                    .isTrue());
                }));
        for (String ref : refs(document, new ArrayList<>())) {
            assertThat(document.at(ref.substring(1)).isMissingNode())
                    .as(ref + " resolves")
                    .isFalse();
        }
    }

    @Test
    void everySuccessfulJsonAnswerHasATypedSchemaOrAnExample() {
        List<String> untyped = new ArrayList<>();
        document()
                .get("paths")
                .fields()
                .forEachRemaining(path -> path.getValue().fields().forEachRemaining(operation -> {
                    operation.getValue().get("responses").fields().forEachRemaining(response -> {
                        JsonNode json = response.getValue().at("/content/application~1json");
                        if (response.getKey().startsWith("2")
                                && !json.isMissingNode()
                                && !typed(json.get("schema"))
                                && !json.has("example")) {
                            untyped.add(
                                    operation.getKey().toUpperCase() + " " + path.getKey() + " " + response.getKey());
                        }
                    });
                }));
        assertThat(untyped).as("answers described only as free-form JSON").isEmpty();
    }

    /** A schema that names its fields: a reference, properties, or an array of those; scalars count too. */
    private static boolean typed(JsonNode schema) {
        if (schema == null) {
            return false;
        }
        if (schema.has("$ref") || schema.has("properties")) {
            return true;
        }
        JsonNode typeNode = schema.path("type");
        String type = typeNode.isArray() ? typeNode.path(0).asText() : typeNode.asText();
        return type.equals("array")
                ? typed(schema.get("items"))
                : List.of("string", "integer", "number", "boolean").contains(type);
    }

    @Test
    void theTokenRoutesHaveSchemasAndExamples() {
        JsonNode rotate = document().at("/paths/~1api~1connections~1{connectionId}~1token/post");
        assertThat(rotate.at("/requestBody/content/application~1json/example/expiresInSeconds")
                        .asLong())
                .isEqualTo(86_400);
        assertThat(rotate.at("/requestBody/required").asBoolean(false))
                .as("the body is optional")
                .isFalse();
        assertThat(rotate.at("/responses/200/content/application~1json/example/bearerToken")
                        .asText())
                .startsWith("dsc_");
        assertThat(rotate.at("/responses/200/content/application~1json/schema/$ref")
                        .asText())
                .isEqualTo("#/components/schemas/RotatedTokenView");
        JsonNode list = document()
                .at("/paths/~1api~1connections~1{connectionId}~1tokens/get/responses/200/content/application~1json");
        assertThat(list.at("/schema/items/$ref").asText()).isEqualTo("#/components/schemas/TokenView");
        assertThat(document().at("/components/schemas/TokenView/properties").fieldNames())
                .toIterable()
                .containsExactlyInAnyOrder("id", "createdAt", "expiresAt", "lastUsedAt");
    }

    @Test
    void theAccessChangesDescribeTheirKindsWithAPublicMetadataChangeAmongThem() {
        JsonNode changes = document().at("/paths/~1api~1connections~1{connectionId}~1access-changes/get");
        assertThat(changes.get("description").asText())
                .contains("metadata-changed", "oldPublicMetadata", "newPublicMetadata", "role-changed", "reason");
        List<String> kinds = new ArrayList<>();
        changes.at("/responses/200/content")
                .forEach(media -> media.get("example")
                        .forEach(row -> kinds.add(row.get("kind").asText())));
        assertThat(kinds).contains("metadata-changed");
    }

    @Test
    void theDocumentNeedsTheAdminOrAnAuditorTokenAndSwaggerUiASignedInSession() {
        for (String path : List.of("/api/openapi.json", "/api/openapi.json.yaml", "/api/openapi.json/swagger-config")) {
            assertThat(http.send("GET", path, null, null).status())
                    .as(path + " without a token")
                    .isEqualTo(401);
            assertThat(http.send("GET", path, "wrong", null).status())
                    .as(path + " with a wrong token")
                    .isEqualTo(401);
        }
        String auditor = http.send(
                        "POST", "/api/auditor-tokens", ADMIN, Map.of("name", "docs", "expiresInSeconds", 600))
                .json()
                .get("token")
                .asText();
        assertThat(http.send("GET", "/api/openapi.json", auditor, null).status())
                .isEqualTo(200);
        assertThat(http.send("GET", "/api/openapi.json.yaml", ADMIN, null).rawBody())
                .startsWith("openapi: 3.");
        for (String path : List.of(
                "/admin/api-docs",
                "/admin/api-docs/openapi.json",
                "/admin/api-docs/swagger-config",
                "/admin/swagger-ui/index.html")) {
            Response withoutSession = http.send("GET", path, ADMIN, null);
            assertThat(withoutSession.status())
                    .as(path + " without a session, a bearer token notwithstanding")
                    .isEqualTo(302);
            assertThat(withoutSession.header("Location"))
                    .hasValueSatisfying(to -> assertThat(to).endsWith("/admin/login"));
        }
    }

    /** Swagger UI from the admin web UI's top bar, in a real browser: the session cookie reads the document. */
    @Test
    void swaggerUiOpensFromTheAdminWebUiAndShowsTheOperations() throws Exception {
        String origin = "http://127.0.0.1:" + port;
        try (Browser browser = Browser.start()) {
            browser.signIn(origin, ADMIN);
            browser.find("#api-docs-link").click();
            browser.await(ExpectedConditions.textToBePresentInElementLocated(
                    By.cssSelector(".info .title"), "dirsync admin API"));
            browser.await(ExpectedConditions.presenceOfElementLocated(
                    By.cssSelector(".opblock-summary-path[data-path='/api/connections/{connectionId}/tokens']")));
            assertThat(browser.find(".auth-wrapper .authorize").isDisplayed())
                    .as("the bearer scheme's Authorize button")
                    .isTrue();
            assertThat(browser.all(".opblock")).hasSizeGreaterThan(40);
            browser.screenshot("api-docs");
            assertThat(browser.consoleErrors()).as("browser console errors").isEmpty();
        }
    }

    private JsonNode document() {
        Response answer = http.send("GET", "/api/openapi.json", ADMIN, null);
        assertThat(answer.status()).as(answer.toString()).isEqualTo(200);
        return answer.json();
    }

    private static List<String> refs(JsonNode node, List<String> found) {
        if (node.isObject()) {
            node.fields().forEachRemaining(field -> {
                if (field.getKey().equals("$ref")) {
                    found.add(field.getValue().asText());
                } else {
                    refs(field.getValue(), found);
                }
            });
        } else if (node.isArray()) {
            node.forEach(child -> refs(child, found));
        }
        return found;
    }

    /** The {@code /api} routes of the application's own controllers; springdoc's document and UI routes are not API. */
    private List<String> apiRoutes() {
        List<String> routes = new ArrayList<>();
        for (Map.Entry<RequestMappingInfo, HandlerMethod> mapping : mappings.stream()
                .flatMap(part -> part.getHandlerMethods().entrySet().stream())
                .toList()) {
            if (mapping.getValue().getBeanType().getName().startsWith("org.springdoc.")) {
                continue;
            }
            Set<RequestMethod> methods = mapping.getKey().getMethodsCondition().getMethods();
            for (String pattern : mapping.getKey().getPatternValues()) {
                if (pattern.startsWith("/api")) {
                    for (RequestMethod method : methods.isEmpty() ? Set.of(RequestMethod.GET) : methods) {
                        routes.add(method.name() + " " + pattern);
                    }
                }
            }
        }
        return routes;
    }
}
