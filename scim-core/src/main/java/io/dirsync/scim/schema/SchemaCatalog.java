package io.dirsync.scim.schema;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ObjectNode;
import com.unboundid.scim2.common.types.SchemaResource;
import com.unboundid.scim2.common.utils.JsonUtils;
import io.dirsync.scim.ScimSchemas;

import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Set;

/**
 * The one SCIM schema of dirsync ({@code scim/schema/schemas.json}, RFC 7643 section 7 representations): what
 * {@code /Schemas} serves, and what every body, PATCH path, filter and attribute mapping is checked against. The User
 * is RFC 7643 section 4.1 complete with the enterprise extension (both closed: undefined attributes are refused
 * unless a connection keeps them) and dirsync's custom extension (open: any attribute name).
 */
public final class SchemaCatalog {
    private static final String FILE = "scim/schema/schemas.json";
    private static final SchemaCatalog INSTANCE = load();

    private final List<ObjectNode> documents;
    private final ResourceSchema users;
    private final ResourceSchema groups;

    private SchemaCatalog(List<ObjectNode> documents) {
        this.documents = documents;
        this.users = new ResourceSchema(
                schema(ScimSchemas.USER),
                Map.of(ScimSchemas.ENTERPRISE_USER, schema(ScimSchemas.ENTERPRISE_USER)),
                Set.of(ScimSchemas.CUSTOM_USER),
                true);
        this.groups = new ResourceSchema(schema(ScimSchemas.GROUP), Map.of(), Set.of(), false);
    }

    public static SchemaCatalog get() {
        return INSTANCE;
    }

    public ResourceSchema users() {
        return users;
    }

    public ResourceSchema groups() {
        return groups;
    }

    /** Deep copies of the schema documents, in the order /Schemas lists them. */
    public List<ObjectNode> documents() {
        return documents.stream().map(ObjectNode::deepCopy).toList();
    }

    private SchemaResource schema(String id) {
        ObjectNode document = documents.stream()
                .filter(d -> d.path("id").asText().equals(id))
                .findFirst()
                .orElseThrow(() -> new IllegalStateException(FILE + " has no schema " + id));
        try {
            return JsonUtils.nodeToValue(document, SchemaResource.class);
        } catch (Exception e) {
            throw new IllegalStateException(FILE + ": schema " + id + " does not read as a SCIM schema", e);
        }
    }

    private static SchemaCatalog load() {
        try (InputStream in = SchemaCatalog.class.getClassLoader().getResourceAsStream(FILE)) {
            if (in == null) {
                throw new IllegalStateException(FILE + " is missing from the class path");
            }
            JsonNode all = new ObjectMapper().readTree(in);
            List<ObjectNode> documents = new ArrayList<>();
            all.forEach(document -> documents.add((ObjectNode) document));
            return new SchemaCatalog(List.copyOf(documents));
        } catch (IOException e) {
            throw new UncheckedIOException("Cannot read " + FILE, e);
        }
    }
}
