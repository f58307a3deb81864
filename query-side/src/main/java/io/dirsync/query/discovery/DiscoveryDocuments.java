package io.dirsync.query.discovery;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ObjectNode;
import io.dirsync.scim.schema.SchemaCatalog;
import org.springframework.core.io.ClassPathResource;
import org.springframework.stereotype.Component;

import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;

/**
 * The static SCIM discovery documents (RFC 7643 sections 5-7), read once at startup so that a broken file
 * stops the service from starting instead of failing the first IdP that asks. The schemas are scim-core's
 * {@link SchemaCatalog}, the same documents every request is validated against.
 * Every accessor hands out a deep copy: callers add {@code meta.location} per request.
 */
@Component
public class DiscoveryDocuments {
    static final String BASE = "scim/discovery/";

    private final ObjectNode serviceProviderConfig;
    private final List<ObjectNode> resourceTypes;
    private final List<ObjectNode> schemas;

    public DiscoveryDocuments(ObjectMapper objectMapper) {
        this.serviceProviderConfig =
                object(read(objectMapper, "service-provider-config.json"), "service-provider-config.json");
        this.resourceTypes = objects(read(objectMapper, "resource-types.json"), "resource-types.json");
        this.schemas = SchemaCatalog.get().documents();
    }

    public ObjectNode serviceProviderConfig() {
        return serviceProviderConfig.deepCopy();
    }

    public List<ObjectNode> resourceTypes() {
        return copies(resourceTypes);
    }

    public Optional<ObjectNode> resourceType(String id) {
        return byId(resourceTypes, id);
    }

    public List<ObjectNode> schemas() {
        return copies(schemas);
    }

    public Optional<ObjectNode> schema(String id) {
        return byId(schemas, id);
    }

    // Case-insensitive because RFC 7644 section 3.10 makes schema URNs case-insensitive.
    private static Optional<ObjectNode> byId(List<ObjectNode> documents, String id) {
        return documents.stream()
                .filter(document -> document.path("id").asText().equalsIgnoreCase(id))
                .findFirst()
                .map(ObjectNode::deepCopy);
    }

    private static List<ObjectNode> copies(List<ObjectNode> documents) {
        return documents.stream().map(ObjectNode::deepCopy).toList();
    }

    private static JsonNode read(ObjectMapper objectMapper, String file) {
        try (InputStream in = new ClassPathResource(BASE + file).getInputStream()) {
            return objectMapper.readTree(in);
        } catch (IOException e) {
            throw new UncheckedIOException("Cannot read SCIM discovery document " + BASE + file, e);
        }
    }

    private static ObjectNode object(JsonNode node, String file) {
        if (!node.isObject()) {
            throw new IllegalStateException(BASE + file + " must hold a JSON object");
        }
        return (ObjectNode) node;
    }

    private static List<ObjectNode> objects(JsonNode node, String file) {
        if (!node.isArray()) {
            throw new IllegalStateException(BASE + file + " must hold a JSON array");
        }
        List<ObjectNode> result = new ArrayList<>();
        for (JsonNode element : node) {
            if (!element.isObject() || !element.path("id").isTextual()) {
                throw new IllegalStateException(BASE + file + " must hold only objects with a string id");
            }
            result.add((ObjectNode) element);
        }
        return List.copyOf(result);
    }
}
