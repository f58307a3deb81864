package io.dirsync.scim.patch;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import io.dirsync.api.connection.UnknownAttributes;
import io.dirsync.api.scim.PatchOperation;
import io.dirsync.scim.JsonAttributes;
import io.dirsync.scim.ScimException;
import io.dirsync.scim.ScimSchemas;
import io.dirsync.scim.ScimType;
import io.dirsync.scim.schema.ResourceSchema;
import io.dirsync.scim.schema.SchemaPath;

import java.util.ArrayList;
import java.util.List;
import java.util.Locale;

/**
 * Reads an RFC 7644 PatchOp request body into operations, rejecting shapes no IdP sends with invalidSyntax. With a
 * schema, every path (and every attribute key of a path-less value) is checked against it here, before any resource
 * is loaded, so a bad request gets its 400 whether or not the target exists.
 */
public final class PatchRequests {
    private final ObjectMapper objectMapper;
    private final ResourceSchema schema;

    public PatchRequests(ObjectMapper objectMapper) {
        this(objectMapper, null);
    }

    public PatchRequests(ObjectMapper objectMapper, ResourceSchema schema) {
        this.objectMapper = objectMapper;
        this.schema = schema;
    }

    public List<PatchOperation> read(JsonNode body) {
        return read(body, UnknownAttributes.REJECT);
    }

    public List<PatchOperation> read(JsonNode body, UnknownAttributes unknown) {
        if (body == null || !body.isObject()) {
            throw ScimException.badRequest(
                    ScimType.invalidSyntax, "The request body must be a SCIM PatchOp JSON object");
        }
        JsonAttributes.requireSchema(body, ScimSchemas.PATCH_OP, "PatchOp");
        JsonNode operations = JsonAttributes.get(body, "Operations");
        if (operations == null || !operations.isArray() || operations.isEmpty()) {
            throw ScimException.badRequest(ScimType.invalidSyntax, "A PatchOp needs a non-empty 'Operations' array");
        }
        List<PatchOperation> result = new ArrayList<>();
        for (int i = 0; i < operations.size(); i++) {
            JsonNode op = operations.get(i);
            String where = "Operations[" + i + "]";
            if (!op.isObject()) {
                throw ScimException.badRequest(ScimType.invalidSyntax, where + " must be an object");
            }
            JsonNode name = JsonAttributes.get(op, "op");
            JsonNode path = JsonAttributes.get(op, "path");
            if (name == null || !name.isTextual()) {
                throw ScimException.badRequest(ScimType.invalidSyntax, where + ".op must be a string");
            }
            if (path != null && !path.isTextual()) {
                throw ScimException.badRequest(ScimType.invalidPath, where + ".path must be a string");
            }
            JsonNode value = JsonAttributes.get(op, "value");
            requireShape(name.asText(), path, value, where);
            if (schema != null) {
                try {
                    checkPaths(name.asText(), path, value, unknown);
                } catch (ScimException e) {
                    throw new ScimException(e.status(), e.scimType(), where + ": " + e.getMessage());
                }
            }
            result.add(new PatchOperation(
                    name.asText(),
                    path == null ? null : path.asText(),
                    value == null ? null : objectMapper.convertValue(value, Object.class)));
        }
        return result;
    }

    /** What every operation needs whatever the resource: a known op, a path to remove, a value to add. */
    private static void requireShape(String op, JsonNode path, JsonNode value, String where) {
        boolean hasPath = path != null && !path.asText().isBlank();
        switch (op.trim().toLowerCase(Locale.ROOT)) {
            case "remove" -> {
                if (!hasPath) {
                    throw ScimException.badRequest(ScimType.noTarget, where + ": remove needs a 'path'");
                }
            }
            case "add" -> {
                if (value == null) {
                    throw ScimException.badRequest(ScimType.invalidValue, where + ": add needs a 'value'");
                }
                requireObjectWithoutPath(hasPath, value, where);
            }
            case "replace" -> {
                if (value == null && !hasPath) {
                    throw ScimException.badRequest(
                            ScimType.invalidValue, where + ": replace needs a 'value' or a 'path'");
                }
                requireObjectWithoutPath(hasPath, value, where);
            }
            default ->
                throw ScimException.badRequest(
                        ScimType.invalidSyntax, where + ": 'op' must be add, replace or remove, not '" + op + "'");
        }
    }

    private static void requireObjectWithoutPath(boolean hasPath, JsonNode value, String where) {
        if (!hasPath && value != null && !value.isObject()) {
            throw ScimException.badRequest(
                    ScimType.invalidValue, where + ": without a 'path' the value must be an object of attributes");
        }
    }

    private void checkPaths(String op, JsonNode path, JsonNode value, UnknownAttributes unknown) {
        if (path != null && !path.asText().isBlank()) {
            SchemaPath resolved = SchemaPath.resolve(
                    schema, PatchDialectNormalizer.qualifyManager(path.asText().trim()), unknown);
            boolean required = resolved.definition() != null
                    && resolved.definition().isRequired()
                    && resolved.path().size() == 1;
            if (required && value == null && !op.trim().equalsIgnoreCase("remove")) {
                // replacing a required attribute with null would unassign it
                throw JsonAttributes.invalid(resolved.definition().getName(), "is required");
            }
        } else if (value != null && value.isObject()) {
            value.fieldNames().forEachRemaining(key -> {
                if (!key.equalsIgnoreCase("schemas") && !key.equalsIgnoreCase("id") && !key.equalsIgnoreCase("meta")) {
                    SchemaPath.resolve(schema, key, unknown);
                }
            });
        }
    }
}
