package io.dirsync.query.discovery;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.JsonNodeFactory;
import com.fasterxml.jackson.databind.node.ObjectNode;
import io.dirsync.scim.ScimException;
import io.dirsync.scim.ScimSchemas;
import org.springframework.http.MediaType;
import org.springframework.http.ResponseEntity;
import org.springframework.web.bind.annotation.GetMapping;
import org.springframework.web.bind.annotation.PathVariable;
import org.springframework.web.bind.annotation.RequestMapping;
import org.springframework.web.bind.annotation.RequestParam;
import org.springframework.web.bind.annotation.RestController;
import org.springframework.web.servlet.support.ServletUriComponentsBuilder;

import java.util.List;

/**
 * SCIM discovery (RFC 7644 section 4). The documents are static; only {@code meta.location} depends on the
 * request, so that each connection's base URL, behind whatever context path, describes itself.
 */
@RestController
@RequestMapping("/scim/v2/{connectionId}")
public class DiscoveryController {
    // Set on the entity, not via produces=: that would answer 406 to clients accepting only application/json,
    // and Entra's test connection sends no SCIM Accept header at all.
    private static final MediaType SCIM_JSON = MediaType.parseMediaType(ScimSchemas.MEDIA_TYPE);

    private final DiscoveryDocuments documents;

    public DiscoveryController(DiscoveryDocuments documents) {
        this.documents = documents;
    }

    @GetMapping("/ServiceProviderConfig")
    public ResponseEntity<JsonNode> serviceProviderConfig(
            @PathVariable String connectionId, @RequestParam(required = false) String filter) {
        rejectFilter(filter);
        ObjectNode config = documents.serviceProviderConfig();
        return scim(withLocation(config, location(connectionId, "ServiceProviderConfig", null)));
    }

    @GetMapping("/ResourceTypes")
    public ResponseEntity<JsonNode> resourceTypes(
            @PathVariable String connectionId, @RequestParam(required = false) String filter) {
        rejectFilter(filter);
        return scim(listResponse(documents.resourceTypes().stream()
                .map(type -> located(connectionId, "ResourceTypes", type))
                .toList()));
    }

    @GetMapping("/ResourceTypes/{id}")
    public ResponseEntity<JsonNode> resourceType(
            @PathVariable String connectionId, @PathVariable String id, @RequestParam(required = false) String filter) {
        rejectFilter(filter);
        ObjectNode type = documents
                .resourceType(id)
                .orElseThrow(() -> new ScimException(404, null, "ResourceType " + id + " not found"));
        return scim(located(connectionId, "ResourceTypes", type));
    }

    @GetMapping("/Schemas")
    public ResponseEntity<JsonNode> schemas(
            @PathVariable String connectionId, @RequestParam(required = false) String filter) {
        rejectFilter(filter);
        return scim(listResponse(documents.schemas().stream()
                .map(schema -> located(connectionId, "Schemas", schema))
                .toList()));
    }

    @GetMapping("/Schemas/{id}")
    public ResponseEntity<JsonNode> schema(
            @PathVariable String connectionId, @PathVariable String id, @RequestParam(required = false) String filter) {
        rejectFilter(filter);
        ObjectNode schema =
                documents.schema(id).orElseThrow(() -> new ScimException(404, null, "Schema " + id + " not found"));
        return scim(located(connectionId, "Schemas", schema));
    }

    /**
     * RFC 7644 section 4: these endpoints ignore query parameters, and SHOULD answer a filter with 403 so a
     * client never takes an unfiltered list for a filtered one.
     */
    private static void rejectFilter(String filter) {
        if (filter != null) {
            throw new ScimException(403, null, "Filtering is not supported on discovery endpoints");
        }
    }

    private static ObjectNode located(String connectionId, String endpoint, ObjectNode resource) {
        return withLocation(
                resource, location(connectionId, endpoint, resource.path("id").asText()));
    }

    private static ObjectNode withLocation(ObjectNode resource, String location) {
        resource.withObjectProperty("meta").put("location", location);
        return resource;
    }

    private static String location(String connectionId, String endpoint, String id) {
        ServletUriComponentsBuilder builder = ServletUriComponentsBuilder.fromCurrentContextPath();
        builder.pathSegment("scim", "v2", "{connectionId}", endpoint);
        if (id == null) {
            return builder.buildAndExpand(connectionId).toUri().toString();
        }
        return builder.pathSegment("{id}")
                .buildAndExpand(connectionId, id)
                .toUri()
                .toString();
    }

    private static ObjectNode listResponse(List<ObjectNode> resources) {
        ObjectNode list = JsonNodeFactory.instance.objectNode();
        list.putArray("schemas").add(ScimSchemas.LIST_RESPONSE);
        list.put("totalResults", resources.size());
        list.put("itemsPerPage", resources.size());
        list.put("startIndex", 1);
        list.putArray("Resources").addAll(resources);
        return list;
    }

    private static ResponseEntity<JsonNode> scim(JsonNode body) {
        return ResponseEntity.ok().contentType(SCIM_JSON).body(body);
    }
}
