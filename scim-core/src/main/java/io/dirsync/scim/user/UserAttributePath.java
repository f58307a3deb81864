package io.dirsync.scim.user;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.JsonNodeFactory;
import com.fasterxml.jackson.databind.node.ObjectNode;
import com.unboundid.scim2.common.Path;
import com.unboundid.scim2.common.exceptions.BadRequestException;
import com.unboundid.scim2.common.exceptions.ScimException;
import com.unboundid.scim2.common.utils.JsonUtils;
import io.dirsync.api.scim.InvalidAttributeException;
import io.dirsync.scim.JsonAttributes;
import io.dirsync.scim.ScimSchemas;

import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;

/**
 * A SCIM path (RFC 7644 section 3.10) naming one attribute dirsync syncs for a user: a core attribute, one of
 * the enterprise extension or anything under our custom extension, value filters included
 * ({@code emails[type eq "work"].value}). Parsed once into UnboundID's AST; attribute names and schema URNs are
 * case-insensitive in SCIM, so the parsed path is rewritten with the names {@link ScimUserMapper} renders.
 */
public final class UserAttributePath {
    /** Synced attributes and their sub-attributes, in the case {@link ScimUserMapper#attributes} renders them. */
    private static final Map<String, Set<String>> CORE = Map.of(
            "externalId", Set.of(), "userName", Set.of(), "displayName", Set.of(), "active", Set.of(),
            "name", Set.of("givenName", "familyName", "formatted"),
            "emails", Set.of("value", "type", "primary"));
    private static final Map<String, Set<String>> ENTERPRISE = Map.of(
            "employeeNumber", Set.of(), "costCenter", Set.of(), "organization", Set.of(), "division", Set.of(),
            "department", Set.of(), "manager", Set.of("value"));
    /** The only multi-valued synced core attribute: the one a value filter makes sense on. */
    private static final String FILTERABLE = "emails";

    private final Path path;
    private final boolean custom;

    private UserAttributePath(Path path, boolean custom) {
        this.path = path;
        this.custom = custom;
    }

    /** @throws InvalidAttributeException (attribute "scimPath") when the path does not parse or names nothing dirsync syncs */
    public static UserAttributePath parse(String scimPath) {
        if (scimPath == null || scimPath.isBlank()) {
            throw invalid(scimPath, "is required");
        }
        Path parsed;
        try {
            parsed = Path.fromString(scimPath.trim());
        } catch (BadRequestException | RuntimeException e) {
            throw invalid(scimPath, "does not parse: " + e.getMessage());
        }
        if (parsed.isRoot()) {
            throw invalid(scimPath, "names no attribute");
        }
        String urn = parsed.getSchemaUrn();
        if (urn == null || urn.equalsIgnoreCase(ScimSchemas.USER)) {
            return new UserAttributePath(canonical(Path.root(), parsed, CORE, scimPath), false);
        }
        if (urn.equalsIgnoreCase(ScimSchemas.ENTERPRISE_USER)) {
            return new UserAttributePath(canonical(Path.root(ScimSchemas.ENTERPRISE_USER), parsed, ENTERPRISE, scimPath), false);
        }
        if (urn.equalsIgnoreCase(ScimSchemas.CUSTOM_USER)) {
            Path result = Path.root(ScimSchemas.CUSTOM_USER);
            for (Path.Element element : parsed) {
                result = result.attribute(element.getAttribute(), element.getValueFilter());
            }
            return new UserAttributePath(result, true);
        }
        throw invalid(scimPath, "is in schema " + urn + "; dirsync syncs the core User schema, "
                + ScimSchemas.ENTERPRISE_USER + " and " + ScimSchemas.CUSTOM_USER);
    }

    /**
     * The value at this path in a SCIM User document: absent when nothing matches (or only null and empty
     * arrays do), the value when one does, an array of them when several do ({@code emails.value}).
     */
    public Optional<JsonNode> valueIn(ObjectNode resource) {
        List<JsonNode> matches;
        try {
            matches = JsonUtils.findMatchingPaths(lookupPath(resource), resource).stream()
                    .filter(node -> !JsonUtils.isNullNodeOrEmptyArray(node)).toList();
        } catch (ScimException e) {
            // a filter that cannot be applied to this user's values (comparing a number with a string): no match
            return Optional.empty();
        }
        if (matches.isEmpty()) {
            return Optional.empty();
        }
        if (matches.size() == 1) {
            return Optional.of(matches.get(0));
        }
        ArrayNode all = JsonNodeFactory.instance.arrayNode();
        matches.forEach(all::add);
        return Optional.of(all);
    }

    @Override
    public String toString() {
        return path.toString();
    }

    /** Custom attributes keep the name the IdP sent, so their top-level name is matched ignoring case here. */
    private Path lookupPath(ObjectNode resource) {
        if (!custom) {
            return path;
        }
        JsonNode extension = JsonAttributes.get(resource, ScimSchemas.CUSTOM_USER);
        String wanted = path.getElement(0).getAttribute();
        if (extension == null || extension.has(wanted)) {
            return path;
        }
        for (var names = extension.fieldNames(); names.hasNext(); ) {
            String name = names.next();
            if (name.equalsIgnoreCase(wanted)) {
                return path.replace(0, name);
            }
        }
        return path;
    }

    private static Path canonical(Path root, Path parsed, Map<String, Set<String>> schema, String scimPath) {
        if (parsed.size() > 2) {
            throw invalid(scimPath, "is nested deeper than any attribute of its schema");
        }
        Path.Element first = parsed.getElement(0);
        String attribute = find(schema.keySet(), first.getAttribute())
                .orElseThrow(() -> invalid(scimPath, "names '" + first.getAttribute() + "', which dirsync does not sync; known: "
                        + String.join(", ", schema.keySet().stream().sorted().toList())));
        if (first.getValueFilter() != null && !attribute.equals(FILTERABLE)) {
            throw invalid(scimPath, "filters '" + attribute + "', which is not multi-valued");
        }
        Path result = root.attribute(attribute, first.getValueFilter());
        if (parsed.size() == 1) {
            return result;
        }
        Path.Element second = parsed.getElement(1);
        String sub = find(schema.get(attribute), second.getAttribute())
                .orElseThrow(() -> invalid(scimPath, "names '" + second.getAttribute() + "', which is no sub-attribute of '" + attribute + "'"));
        if (second.getValueFilter() != null) {
            throw invalid(scimPath, "filters '" + sub + "', which is not multi-valued");
        }
        return result.attribute(sub);
    }

    private static Optional<String> find(Set<String> names, String name) {
        return names.stream().filter(known -> known.equalsIgnoreCase(name)).findFirst();
    }

    private static InvalidAttributeException invalid(String scimPath, String problem) {
        return new InvalidAttributeException("scimPath", "scimPath '" + scimPath + "' " + problem);
    }
}
