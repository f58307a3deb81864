package io.dirsync.scim.patch;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ObjectNode;
import com.unboundid.scim2.common.Path;
import com.unboundid.scim2.common.exceptions.BadRequestException;
import com.unboundid.scim2.common.messages.PatchOpType;
import com.unboundid.scim2.common.utils.JsonUtils;
import io.dirsync.api.connection.UnknownAttributes;
import io.dirsync.api.scim.PatchOperation;
import io.dirsync.scim.ScimException;
import io.dirsync.scim.ScimType;
import io.dirsync.scim.schema.ResourceSchema;
import io.dirsync.scim.schema.SchemaPath;

import java.util.List;
import java.util.Map;

/**
 * Applies RFC 7644 section 3.5.2 operations to a resource document. The IdP dialects are first rewritten
 * into plain RFC operations by {@link PatchDialectNormalizer}; paths are parsed into UnboundID's path AST,
 * and UnboundID applies each operation. Works on a copy the caller throws away on failure, so a PATCH
 * changes all or nothing.
 */
public final class PatchApplier {
    private final ObjectMapper objectMapper;
    private final PatchDialectNormalizer normalizer;
    private final ResourceSchema schema;

    /** Paths are taken as they parse: for documents without a schema. */
    public PatchApplier(ObjectMapper objectMapper, PatchDialectNormalizer normalizer) {
        this(objectMapper, normalizer, null);
    }

    /** Paths must name attributes of {@code schema} (else invalidPath) and are rewritten in its spelling. */
    public PatchApplier(ObjectMapper objectMapper, PatchDialectNormalizer normalizer, ResourceSchema schema) {
        this.objectMapper = objectMapper;
        this.normalizer = normalizer;
        this.schema = schema;
    }

    public void apply(ObjectNode document, List<PatchOperation> operations) {
        apply(document, operations, UnknownAttributes.REJECT);
    }

    /** @param unknown whether paths may name attributes the schema does not define (the connection keeps them) */
    public void apply(ObjectNode document, List<PatchOperation> operations, UnknownAttributes unknown) {
        if (operations == null || operations.isEmpty()) {
            throw ScimException.badRequest(
                    ScimType.invalidValue, "A PATCH request needs at least one operation in 'Operations'");
        }
        for (int i = 0; i < operations.size(); i++) {
            PatchOperation raw = operations.get(i);
            String where = "Operations[" + i + "]";
            for (NormalizedOperation op : normalizer.normalize(raw, objectMapper.valueToTree(raw.value()), where)) {
                Map<String, List<JsonNode>> primaries = Primaries.of(document);
                applyOne(document, op, where, unknown);
                Primaries.keepNewest(document, primaries);
            }
        }
    }

    private void applyOne(ObjectNode document, NormalizedOperation op, String where, UnknownAttributes unknown) {
        JsonNode value = op.value();
        if (op.type() == PatchOpType.REMOVE && op.path() == null) {
            throw ScimException.badRequest(ScimType.noTarget, where + ": remove needs a 'path'");
        }
        boolean unassigns = value == null || value.isNull() || value.isArray() && value.isEmpty();
        if (op.type() == PatchOpType.REPLACE && op.path() != null && unassigns) {
            // RFC 7643 section 2.5: null and [] are the unassigned state, so replacing with them removes
            applyOne(document, new NormalizedOperation(PatchOpType.REMOVE, op.path(), null), where, unknown);
            return;
        }
        if (op.type() != PatchOpType.REMOVE && (value == null || value.isNull())) {
            throw ScimException.badRequest(
                    ScimType.invalidValue, where + ": " + op.type().name().toLowerCase() + " needs a 'value'");
        }
        if (op.type() == PatchOpType.ADD && value.isArray() && value.isEmpty()) {
            return;
        }
        Path path = null;
        if (op.path() != null && schema != null) {
            SchemaPath resolved = SchemaPath.resolve(schema, op.path(), unknown);
            if (resolved.wholeExtension()) {
                applyToExtension(document, op.type(), resolved.extensionUrn(), value, where);
                return;
            }
            path = resolved.path();
        } else if (op.path() != null) {
            path = parsePath(op.path(), where);
        }
        if (path == null && !value.isObject()) {
            throw ScimException.badRequest(
                    ScimType.invalidValue, where + ": without a 'path' the value must be an object of attributes");
        }
        PatchOpType type = op.type();
        if (type == PatchOpType.ADD && path != null && overwritesFilteredValue(document, path)) {
            type = PatchOpType.REPLACE;
        } else if (type == PatchOpType.REPLACE && path != null && createsFilteredValue(document, path)) {
            type = PatchOpType.ADD;
        }
        com.unboundid.scim2.common.messages.PatchOperation operation = operation(type, path, value, where);
        try {
            operation.apply(document);
        } catch (com.unboundid.scim2.common.exceptions.ScimException e) {
            throw new ScimException(
                    e.getScimError().getStatus() >= 500 ? 400 : e.getScimError().getStatus(),
                    scimType(e.getScimError().getScimType()),
                    where + ": " + e.getMessage());
        } catch (IllegalArgumentException e) {
            throw ScimException.badRequest(ScimType.invalidValue, where + ": " + e.getMessage());
        }
    }

    /**
     * UnboundID's operation for the path. Its checks can fail with a NullPointerException on odd paths (a control
     * character before a value filter, found by PatchFuzzTest): whatever it cannot build is the client's bad path.
     */
    private static com.unboundid.scim2.common.messages.PatchOperation operation(
            PatchOpType type, Path path, JsonNode value, String where) {
        try {
            return com.unboundid.scim2.common.messages.PatchOperation.create(
                    type, path == null ? Path.root() : path, value);
        } catch (RuntimeException e) {
            throw ScimException.badRequest(
                    ScimType.invalidPath,
                    where + ": path '" + path + "' cannot be used for "
                            + type.name().toLowerCase(java.util.Locale.ROOT)
                            + (e.getMessage() == null || e instanceof NullPointerException
                                    ? ""
                                    : ": " + e.getMessage()));
        }
    }

    /**
     * A path that is a whole extension ({@code urn:...:enterprise:2.0:User}): add merges the value's attributes into
     * the extension, replace sets the extension to exactly the value, remove unassigns all of it.
     */
    private void applyToExtension(ObjectNode document, PatchOpType type, String urn, JsonNode value, String where) {
        String stored = existingKey(document, urn);
        if (type != PatchOpType.ADD) {
            document.remove(stored);
        }
        if (type == PatchOpType.REMOVE) {
            return;
        }
        if (!value.isObject()) {
            throw ScimException.badRequest(
                    ScimType.invalidValue, where + ": the value for " + urn + " must be an object of its attributes");
        }
        JsonNode current = document.get(stored);
        ObjectNode target = current instanceof ObjectNode object ? object : document.putObject(stored);
        target.setAll((ObjectNode) value.deepCopy());
    }

    private static String existingKey(ObjectNode document, String name) {
        for (var names = document.fieldNames(); names.hasNext(); ) {
            String key = names.next();
            if (key.equalsIgnoreCase(name)) {
                return key;
            }
        }
        return name;
    }

    /** UnboundID's scimType when it is one RFC 7644 defines; otherwise invalidValue. */
    private static ScimType scimType(String name) {
        for (ScimType known : ScimType.values()) {
            if (known.name().equals(name)) {
                return known;
            }
        }
        return ScimType.invalidValue;
    }

    /**
     * An add through a value filter onto a sub-attribute that already has a value, as Entra sends when a work email
     * changes ({@code add emails[type eq "work"].value}). RFC 7644 section 3.5.2.1 says an add onto a single-valued
     * attribute replaces it; UnboundID rejects it instead ("already has a 'value' defined"), so it is applied as a
     * replace. Without a matching value it stays an add, which creates the value.
     */
    private static boolean overwritesFilteredValue(ObjectNode document, Path path) {
        boolean filtered = false;
        for (int i = 0; i < path.size() - 1; i++) {
            filtered |= path.getElement(i).getValueFilter() != null;
        }
        if (!filtered || path.getElement(path.size() - 1).getValueFilter() != null) {
            return false;
        }
        try {
            return JsonUtils.findMatchingPaths(path, document).stream()
                    .anyMatch(existing -> !existing.isNull() && !existing.isArray());
        } catch (com.unboundid.scim2.common.exceptions.ScimException e) {
            return false;
        }
    }

    /**
     * A replace through a value filter that matches no value, as Entra sends for a work address or phone the user does
     * not have yet ({@code Replace addresses[type eq "work"].locality}). RFC 7644 section 3.5.2.3 makes this noTarget,
     * but Entra counts every such 400 as a failure and can quarantine the app, and what it means is clear: the value
     * is created, as the add form creates it. Only for a sub-attribute under an equality filter, which says what the
     * new value is; anything else stays noTarget.
     */
    private static boolean createsFilteredValue(ObjectNode document, Path path) {
        if (path.size() != 2
                || !(path.getElement(0).getValueFilter() instanceof com.unboundid.scim2.common.filters.EqualFilter)
                || path.getElement(1).getValueFilter() != null) {
            return false;
        }
        try {
            Path root = path.getSchemaUrn() == null ? Path.root() : Path.root(path.getSchemaUrn());
            return JsonUtils.findMatchingPaths(
                            root.attribute(
                                    path.getElement(0).getAttribute(),
                                    path.getElement(0).getValueFilter()),
                            document)
                    .isEmpty();
        } catch (com.unboundid.scim2.common.exceptions.ScimException e) {
            return false;
        }
    }

    private static Path parsePath(String path, String where) {
        Path parsed;
        try {
            parsed = Path.fromString(path);
        } catch (BadRequestException e) {
            throw ScimException.badRequest(
                    ScimType.invalidPath, where + ": path '" + path + "' does not parse: " + e.getMessage());
        }
        // UnboundID reads a path of control characters as the resource root, where an add of a plain value
        // failed deep inside it with a NullPointerException (found by PatchFuzzTest)
        if (parsed.size() == 0 && parsed.getSchemaUrn() == null) {
            throw ScimException.badRequest(ScimType.invalidPath, where + ": path '" + path + "' names no attribute");
        }
        return parsed;
    }
}
