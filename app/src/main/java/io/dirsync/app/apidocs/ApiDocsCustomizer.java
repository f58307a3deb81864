package io.dirsync.app.apidocs;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import io.dirsync.app.security.auditor.AuditorRoutes;
import io.swagger.v3.oas.models.OpenAPI;
import io.swagger.v3.oas.models.Operation;
import io.swagger.v3.oas.models.PathItem;
import io.swagger.v3.oas.models.media.Content;
import io.swagger.v3.oas.models.media.MediaType;
import io.swagger.v3.oas.models.media.Schema;
import io.swagger.v3.oas.models.media.StringSchema;
import io.swagger.v3.oas.models.responses.ApiResponse;
import io.swagger.v3.oas.models.responses.ApiResponses;
import org.springdoc.core.customizers.OpenApiCustomizer;
import org.springframework.core.io.ClassPathResource;
import org.springframework.stereotype.Component;

import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;
import java.util.List;
import java.util.Map;

/**
 * What springdoc cannot read from the controllers: a tag per resource ({@code /api/connections/...}: connections), the
 * error answers every route shares (the SCIM error body), and the request and answer examples of
 * {@code openapi/examples.json}, keyed by {@code "METHOD /path"}, with a description where the answer's rows need one.
 */
@Component
public class ApiDocsCustomizer implements OpenApiCustomizer {
    static final String ERROR_SCHEMA = "Error";
    private static final String JSON = "application/json";
    private final JsonNode examples;

    public ApiDocsCustomizer(ObjectMapper objectMapper) {
        try (InputStream in = new ClassPathResource("openapi/examples.json").getInputStream()) {
            this.examples = objectMapper.readTree(in);
        } catch (IOException e) {
            throw new UncheckedIOException("openapi/examples.json is part of the jar", e);
        }
    }

    @Override
    public void customise(OpenAPI document) {
        document.getComponents().addSchemas(ERROR_SCHEMA, errorSchema());
        document.getPaths()
                .forEach((path, item) -> item.readOperationsMap().forEach((method, operation) -> {
                    operation.setTags(List.of(path.split("/")[2]));
                    addErrors(method, path, operation);
                    addExamples(method + " " + path, operation);
                }));
    }

    private static void addErrors(PathItem.HttpMethod method, String path, Operation operation) {
        ApiResponses responses = operation.getResponses();
        responses.addApiResponse(
                "401", error("Missing, wrong, expired or revoked token", 401, "Missing or invalid admin token"));
        if (!AuditorRoutes.readable(method.name(), path.replaceAll("\\{[^}]+}", "x"))) {
            responses.addApiResponse(
                    "403",
                    error(
                            "An auditor token on a route it may not use",
                            403,
                            "An auditor token reads and never writes"));
        }
        if (operation.getRequestBody() != null
                || operation.getParameters() != null
                        && !operation.getParameters().isEmpty()) {
            responses.putIfAbsent(
                    "400", error("A bad request; nothing is stored", 400, "expiresInSeconds is between 0 and 2592000"));
        }
        if (path.contains("{")) {
            responses.putIfAbsent("404", error("No such resource", 404, "No connection 2b1c…"));
        }
        responses.addApiResponse(
                "503",
                error(
                        "The database is unavailable (with Retry-After)",
                        503,
                        "The database is unavailable; retry in 5 seconds"));
    }

    private void addExamples(String route, Operation operation) {
        JsonNode example = examples.get(route);
        if (example == null) {
            return;
        }
        if (example.has("description")) {
            operation.setDescription(example.get("description").asText());
        }
        if (example.has("request")
                && operation.getRequestBody() != null
                && operation.getRequestBody().getContent() != null) {
            operation.getRequestBody().getContent().values().forEach(media -> media.setExample(example.get("request")));
        }
        if (example.has("response")) {
            operation.getResponses().entrySet().stream()
                    .filter(response -> response.getKey().startsWith("2"))
                    .findFirst()
                    .ifPresent(response -> {
                        if (response.getValue().getContent() == null) {
                            response.getValue().setContent(new Content().addMediaType(JSON, new MediaType()));
                        }
                        response.getValue()
                                .getContent()
                                .values()
                                .forEach(media -> media.setExample(example.get("response")));
                    });
        }
    }

    private static ApiResponse error(String description, int status, String detail) {
        return new ApiResponse()
                .description(description)
                .content(new Content()
                        .addMediaType(
                                JSON,
                                new MediaType()
                                        .schema(new Schema<>().$ref("#/components/schemas/" + ERROR_SCHEMA))
                                        .example(Map.of(
                                                "schemas",
                                                List.of("urn:ietf:params:scim:api:messages:2.0:Error"),
                                                "status",
                                                Integer.toString(status),
                                                "detail",
                                                detail))));
    }

    @SuppressWarnings({"rawtypes", "unchecked"})
    private static Schema errorSchema() {
        return new Schema<>()
                .type("object")
                .description("The SCIM error body (RFC 7644 section 3.12), on every error")
                .addProperty("schemas", new io.swagger.v3.oas.models.media.ArraySchema().items(new StringSchema()))
                .addProperty("status", new StringSchema().description("the HTTP status, as a string"))
                .addProperty(
                        "scimType", new StringSchema().description("invalidValue, uniqueness, ... where one applies"))
                .addProperty("detail", new StringSchema());
    }
}
