package io.dirsync.scim.patch;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import com.unboundid.scim2.common.Path;
import com.unboundid.scim2.common.exceptions.BadRequestException;
import com.unboundid.scim2.common.messages.PatchOpType;
import io.dirsync.api.scim.PatchOperation;
import io.dirsync.scim.ScimException;
import io.dirsync.scim.ScimSchemas;
import io.dirsync.scim.ScimType;
import io.dirsync.scim.schema.ResourceReader;

import java.util.ArrayList;
import java.util.Iterator;
import java.util.List;
import java.util.Locale;
import java.util.Map;

/**
 * Rewrites what Entra ID and Okta really send (see shared/idp-quirks.md) into plain RFC 7644 operations:
 * <ul>
 *   <li>op names in any case ({@code Replace}, {@code add});</li>
 *   <li>a path-less add/replace whose value object has attribute paths as keys ({@code "name.givenName"},
 *       {@code "urn:...:enterprise:2.0:User:department"}): one operation per such key, never a literal
 *       attribute called "name.givenName";</li>
 *   <li>Entra's member removal {@code remove path=members value=[{value:id}]}: only the listed values are
 *       removed, one filtered removal each, where a naive remove would clear the whole attribute;</li>
 *   <li>Entra's unqualified {@code manager} path: the enterprise extension's manager.</li>
 * </ul>
 */
public final class PatchDialectNormalizer {
    private static final String MANAGER = "manager";

    public List<NormalizedOperation> normalize(PatchOperation raw, JsonNode value, String where) {
        PatchOpType type = opType(raw.op(), where);
        String path = raw.path() == null || raw.path().isBlank()
                ? null
                : qualifyManager(raw.path().trim());
        if (path == null && type != PatchOpType.REMOVE && value != null && value.isObject()) {
            return splitPathKeys(type, (ObjectNode) value);
        }
        if (type == PatchOpType.REMOVE && path != null && value != null && value.isArray() && !path.contains("[")) {
            return removeListedValues(path, value, where);
        }
        return List.of(new NormalizedOperation(type, path, value));
    }

    /**
     * Entra's documented manager update names the path {@code manager} without a schema (MS-SCIM Example 5). The core
     * User schema has no manager: it is the enterprise extension's, so the path is qualified with that URN.
     */
    static String qualifyManager(String path) {
        Path parsed;
        try {
            parsed = Path.fromString(path);
        } catch (BadRequestException e) {
            return path; // the applier reports it as invalidPath
        }
        if (parsed.getSchemaUrn() == null
                && parsed.size() > 0
                && MANAGER.equalsIgnoreCase(parsed.getElement(0).getAttribute())) {
            return ScimSchemas.ENTERPRISE_USER + ":" + path;
        }
        return path;
    }

    private static PatchOpType opType(String op, String where) {
        if (op != null) {
            switch (op.trim().toLowerCase(Locale.ROOT)) {
                case "add" -> {
                    return PatchOpType.ADD;
                }
                case "replace" -> {
                    return PatchOpType.REPLACE;
                }
                case "remove" -> {
                    return PatchOpType.REMOVE;
                }
                default -> {}
            }
        }
        throw ScimException.badRequest(
                ScimType.invalidSyntax, where + ": 'op' must be add, replace or remove, not '" + op + "'");
    }

    private static List<NormalizedOperation> splitPathKeys(PatchOpType type, ObjectNode value) {
        List<NormalizedOperation> result = new ArrayList<>();
        ObjectNode plain = value.objectNode();
        for (Iterator<Map.Entry<String, JsonNode>> it = value.fields(); it.hasNext(); ) {
            Map.Entry<String, JsonNode> field = it.next();
            if (isAttributePath(field.getKey())) {
                result.add(new NormalizedOperation(type, field.getKey(), field.getValue()));
            } else {
                plain.set(field.getKey(), field.getValue());
            }
        }
        if (!plain.isEmpty()) {
            result.add(0, new NormalizedOperation(type, null, plain));
        }
        return result;
    }

    /** A key that names a path rather than one attribute: dotted, or a schema URN followed by an attribute. */
    private static boolean isAttributePath(String key) {
        if (key.regionMatches(true, 0, "urn:", 0, 4)) {
            return !ResourceReader.isSchemaUrn(key);
        }
        return key.contains(".");
    }

    private static List<NormalizedOperation> removeListedValues(String path, JsonNode values, String where) {
        List<NormalizedOperation> result = new ArrayList<>();
        for (JsonNode entry : values) {
            JsonNode id = entry.isObject() ? entry.get("value") : entry;
            if (id == null || !id.isValueNode() || id.isNull()) {
                throw ScimException.badRequest(ScimType.invalidValue, where + ": each value to remove needs a 'value'");
            }
            String quoted = id.asText().replace("\\", "\\\\").replace("\"", "\\\"");
            result.add(new NormalizedOperation(PatchOpType.REMOVE, path + "[value eq \"" + quoted + "\"]", null));
        }
        return result;
    }
}
