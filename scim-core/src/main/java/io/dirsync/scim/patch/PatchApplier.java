package io.dirsync.scim.patch;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ObjectNode;
import com.unboundid.scim2.common.Path;
import com.unboundid.scim2.common.exceptions.BadRequestException;
import com.unboundid.scim2.common.messages.PatchOpType;
import com.unboundid.scim2.common.utils.JsonUtils;
import io.dirsync.api.scim.PatchOperation;
import io.dirsync.scim.ScimException;
import io.dirsync.scim.ScimType;

import java.util.List;

/**
 * Applies RFC 7644 section 3.5.2 operations to a resource document. The IdP dialects are first rewritten
 * into plain RFC operations by {@link PatchDialectNormalizer}; paths are parsed into UnboundID's path AST,
 * and UnboundID applies each operation. Works on a copy the caller throws away on failure, so a PATCH
 * changes all or nothing.
 */
public final class PatchApplier {
    private final ObjectMapper objectMapper;
    private final PatchDialectNormalizer normalizer;

    public PatchApplier(ObjectMapper objectMapper, PatchDialectNormalizer normalizer) {
        this.objectMapper = objectMapper;
        this.normalizer = normalizer;
    }

    public void apply(ObjectNode document, List<PatchOperation> operations) {
        if (operations == null || operations.isEmpty()) {
            throw ScimException.badRequest(ScimType.invalidValue, "A PATCH request needs at least one operation in 'Operations'");
        }
        for (int i = 0; i < operations.size(); i++) {
            PatchOperation raw = operations.get(i);
            String where = "Operations[" + i + "]";
            for (NormalizedOperation op : normalizer.normalize(raw, objectMapper.valueToTree(raw.value()), where)) {
                applyOne(document, op, where);
            }
        }
    }

    private void applyOne(ObjectNode document, NormalizedOperation op, String where) {
        Path path = op.path() == null ? null : parsePath(op.path(), where);
        JsonNode value = op.value();
        if (op.type() == PatchOpType.REMOVE && path == null) {
            throw ScimException.badRequest(ScimType.noTarget, where + ": remove needs a 'path'");
        }
        if (op.type() != PatchOpType.REMOVE && (value == null || value.isNull())) {
            throw ScimException.badRequest(ScimType.invalidValue, where + ": " + op.type().name().toLowerCase() + " needs a 'value'");
        }
        if (path == null && !value.isObject()) {
            throw ScimException.badRequest(ScimType.invalidValue, where + ": without a 'path' the value must be an object of attributes");
        }
        PatchOpType type = op.type() == PatchOpType.ADD && path != null && overwritesFilteredValue(document, path)
                ? PatchOpType.REPLACE : op.type();
        com.unboundid.scim2.common.messages.PatchOperation operation = operation(type, path, value, where);
        try {
            operation.apply(document);
        } catch (com.unboundid.scim2.common.exceptions.ScimException e) {
            throw new ScimException(e.getScimError().getStatus() >= 500 ? 400 : e.getScimError().getStatus(),
                    scimType(e.getScimError().getScimType()), where + ": " + e.getMessage());
        } catch (IllegalArgumentException e) {
            throw ScimException.badRequest(ScimType.invalidValue, where + ": " + e.getMessage());
        }
    }

    /**
     * UnboundID's operation for the path. Its checks can fail with a NullPointerException on odd paths (a control
     * character before a value filter, found by PatchFuzzTest): whatever it cannot build is the client's bad path.
     */
    private static com.unboundid.scim2.common.messages.PatchOperation operation(PatchOpType type, Path path, JsonNode value,
                                                                               String where) {
        try {
            return com.unboundid.scim2.common.messages.PatchOperation.create(type, path == null ? Path.root() : path, value);
        } catch (RuntimeException e) {
            throw ScimException.badRequest(ScimType.invalidPath, where + ": path '" + path + "' cannot be used for "
                    + type.name().toLowerCase(java.util.Locale.ROOT) + (e.getMessage() == null || e instanceof NullPointerException
                    ? "" : ": " + e.getMessage()));
        }
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

    private static Path parsePath(String path, String where) {
        Path parsed;
        try {
            parsed = Path.fromString(path);
        } catch (BadRequestException e) {
            throw ScimException.badRequest(ScimType.invalidPath, where + ": path '" + path + "' does not parse: " + e.getMessage());
        }
        // UnboundID reads a path of control characters as the resource root, where an add of a plain value
        // failed deep inside it with a NullPointerException (found by PatchFuzzTest)
        if (parsed.size() == 0 && parsed.getSchemaUrn() == null) {
            throw ScimException.badRequest(ScimType.invalidPath, where + ": path '" + path + "' names no attribute");
        }
        return parsed;
    }
}
