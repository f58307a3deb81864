package io.dirsync.scim.group;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.JsonNodeFactory;
import com.unboundid.scim2.common.Path;
import com.unboundid.scim2.common.exceptions.BadRequestException;
import com.unboundid.scim2.common.filters.EqualFilter;
import com.unboundid.scim2.common.filters.Filter;
import com.unboundid.scim2.common.messages.PatchOpType;
import com.unboundid.scim2.common.utils.FilterEvaluator;
import io.dirsync.api.scim.PatchOperation;
import io.dirsync.scim.JsonAttributes;
import io.dirsync.scim.ScimException;
import io.dirsync.scim.ScimSchemas;
import io.dirsync.scim.ScimType;
import io.dirsync.scim.patch.NormalizedOperation;
import io.dirsync.scim.patch.PatchDialectNormalizer;

import java.util.ArrayList;
import java.util.Iterator;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Set;

/**
 * A SCIM PATCH on a group, interpreted straight into a {@link GroupChange}: membership operations become
 * deltas instead of edits of a rendered member list, so their cost follows the members named, not the size
 * of the group. Paths are parsed into UnboundID's AST; member filters are evaluated on the members.
 * Any operation it cannot apply fails the whole PATCH, naming the operation; nothing is skipped silently.
 */
public final class GroupPatchEngine {
    private final ObjectMapper objectMapper;
    private final PatchDialectNormalizer normalizer;

    public GroupPatchEngine(ObjectMapper objectMapper, PatchDialectNormalizer normalizer) {
        this.objectMapper = objectMapper;
        this.normalizer = normalizer;
    }

    public GroupChange apply(
            String groupId,
            String displayName,
            String externalId,
            Set<String> members,
            List<PatchOperation> operations) {
        if (operations == null || operations.isEmpty()) {
            throw ScimException.badRequest(
                    ScimType.invalidValue, "A PATCH request needs at least one operation in 'Operations'");
        }
        Working state = new Working(groupId, displayName, externalId, new MembershipDelta(members));
        for (int i = 0; i < operations.size(); i++) {
            PatchOperation raw = operations.get(i);
            String where = "Operations[" + i + "]";
            for (NormalizedOperation op : normalizer.normalize(raw, objectMapper.valueToTree(raw.value()), where)) {
                if (op.path() == null) {
                    state.applyPathless(op, where);
                } else {
                    state.applyAt(parse(op.path(), where), op, where);
                }
            }
        }
        return new GroupChange(
                state.displayName,
                state.externalId,
                new ArrayList<>(state.members.added()),
                new ArrayList<>(state.members.removed()));
    }

    private static Path parse(String path, String where) {
        try {
            Path parsed = Path.fromString(path);
            if (parsed.getSchemaUrn() != null && !parsed.getSchemaUrn().equalsIgnoreCase(ScimSchemas.GROUP)) {
                throw ScimException.badRequest(
                        ScimType.invalidPath, where + ": '" + path + "' is not a Group attribute");
            }
            if (parsed.size() == 0) {
                throw ScimException.badRequest(ScimType.invalidPath, where + ": '" + path + "' names no attribute");
            }
            return parsed;
        } catch (BadRequestException e) {
            throw ScimException.badRequest(
                    ScimType.invalidPath, where + ": path '" + path + "' does not parse: " + e.getMessage());
        }
    }

    private static final class Working {
        private final String groupId;
        private String displayName;
        private String externalId;
        private final MembershipDelta members;

        Working(String groupId, String displayName, String externalId, MembershipDelta members) {
            this.groupId = groupId;
            this.displayName = displayName;
            this.externalId = externalId;
            this.members = members;
        }

        void applyPathless(NormalizedOperation op, String where) {
            if (op.type() == PatchOpType.REMOVE) {
                throw ScimException.badRequest(ScimType.noTarget, where + ": remove needs a 'path'");
            }
            if (op.value() == null || !op.value().isObject()) {
                throw ScimException.badRequest(
                        ScimType.invalidValue, where + ": without a 'path' the value must be an object of attributes");
            }
            for (Iterator<Map.Entry<String, JsonNode>> it = op.value().fields(); it.hasNext(); ) {
                Map.Entry<String, JsonNode> field = it.next();
                String name = field.getKey().toLowerCase(Locale.ROOT);
                switch (name) {
                    case "schemas", "meta" -> {}
                    // Okta's rename carries the group's own id: unchanged, it is no change
                    case "id" -> {
                        if (!field.getValue().asText().equals(groupId)) {
                            throw ScimException.badRequest(ScimType.mutability, where + ": 'id' is read-only");
                        }
                    }
                    default -> set(name, op.type(), field.getValue(), where);
                }
            }
        }

        void applyAt(Path path, NormalizedOperation op, String where) {
            Path.Element element = path.getElement(0);
            String name = element.getAttribute().toLowerCase(Locale.ROOT);
            if (!name.equals("members") && (element.getValueFilter() != null || path.size() > 1)) {
                throw ScimException.badRequest(
                        ScimType.invalidPath, where + ": '" + path + "' is not a Group attribute");
            }
            if (name.equals("members") && (element.getValueFilter() != null || path.size() > 1)) {
                if (op.type() != PatchOpType.REMOVE || path.size() > 1) {
                    throw ScimException.badRequest(
                            ScimType.invalidPath, where + ": members can only be removed by filter");
                }
                removeMatching(element.getValueFilter(), where);
                return;
            }
            if (op.type() == PatchOpType.REMOVE) {
                switch (name) {
                    // a listed value (Entra's list was split by the normalizer; one object is left here) removes only
                    // that member: removing everyone because the value was not wrapped in a list is silent damage
                    case "members" -> {
                        if (op.value() == null || op.value().isNull()) {
                            members.removeAll();
                        } else {
                            ScimGroupMapper.memberIds(op.value(), "members").forEach(members::remove);
                        }
                    }
                    case "externalid" -> externalId = null;
                    case "displayname" ->
                        throw ScimException.badRequest(ScimType.mutability, where + ": displayName is required");
                    default -> throw unknown(path.toString(), where);
                }
                return;
            }
            // without a value, a replace would empty the group and an add would do nothing, both silently
            if (name.equals("members") && (op.value() == null || op.value().isNull())) {
                throw ScimException.badRequest(
                        ScimType.invalidValue,
                        where + ": " + op.type().name().toLowerCase(Locale.ROOT)
                                + " of members needs a 'value' ([] to remove every member)");
            }
            set(name, op.type(), op.value(), where);
        }

        private void set(String name, PatchOpType type, JsonNode value, String where) {
            switch (name) {
                case "displayname" -> {
                    if (value == null || !value.isTextual() || value.asText().isBlank()) {
                        throw JsonAttributes.invalid("displayName", "must be a non-empty string");
                    }
                    displayName = JsonAttributes.bounded(
                            value.asText().trim(), "displayName", JsonAttributes.MAX_STRING_BYTES);
                }
                case "externalid" -> {
                    if (value != null && !value.isNull() && !value.isTextual()) {
                        throw JsonAttributes.invalid("externalId", "must be a string");
                    }
                    externalId = value == null || value.isNull()
                            ? null
                            : JsonAttributes.bounded(value.asText(), "externalId", JsonAttributes.MAX_STRING_BYTES);
                }
                case "members" -> {
                    List<String> ids = ScimGroupMapper.memberIds(value, "members");
                    if (type == PatchOpType.REPLACE) {
                        members.replaceAll(ids);
                    } else {
                        members.addAll(ids);
                    }
                }
                default -> throw unknown(name, where);
            }
        }

        private void removeMatching(Filter filter, String where) {
            if (filter instanceof EqualFilter equal
                    && equal.getAttributePath().size() == 1
                    && equal.getAttributePath().getElement(0).getAttribute().equalsIgnoreCase("value")
                    && equal.getComparisonValue().isTextual()) {
                members.remove(equal.getComparisonValue().asText());
                return;
            }
            List<String> matching =
                    members.members().filter(id -> matches(filter, id, where)).toList();
            matching.forEach(members::remove);
        }

        private static boolean matches(Filter filter, String userId, String where) {
            try {
                return FilterEvaluator.evaluate(
                        filter,
                        JsonNodeFactory.instance
                                .objectNode()
                                .put("value", userId)
                                .put("type", "User"));
            } catch (com.unboundid.scim2.common.exceptions.ScimException e) {
                throw ScimException.badRequest(ScimType.invalidFilter, where + ": " + e.getMessage());
            }
        }

        private static ScimException unknown(String name, String where) {
            return ScimException.badRequest(
                    ScimType.invalidPath, where + ": '" + name + "' is not a Group attribute dirsync stores");
        }
    }
}
