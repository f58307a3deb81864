package io.dirsync.scim.query;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.JsonNodeFactory;
import com.fasterxml.jackson.databind.node.ObjectNode;
import io.dirsync.scim.ScimException;
import io.dirsync.scim.ScimType;

import java.util.Arrays;
import java.util.List;
import java.util.Locale;

/**
 * RFC 7644 section 3.4.2.5 {@code attributes} and {@code excludedAttributes}, applied to a rendered resource,
 * so every resource type and every read (GET by id, list, .search) shares one implementation. {@code id},
 * {@code schemas} and {@code meta.resourceType} are always returned (RFC 7643 "returned": "always").
 * Names are case-insensitive, may be sub-attributes ({@code name.givenName}, {@code emails.value}) and may be
 * URN-qualified ({@code urn:...:enterprise:2.0:User:department}, or a whole extension by its URN).
 * Names the resource does not have select nothing: RFC 7644 makes this a view, not a validation.
 */
public final class AttributeSelection {
    private static final AttributeSelection ALL = new AttributeSelection(null, null);
    private static final AttributeTree ALWAYS =
            AttributeTree.of(List.of(List.of("id"), List.of("schemas"), List.of("meta", "resourcetype")));

    private final List<String> attributes;
    private final List<String> excluded;

    private AttributeSelection(List<String> attributes, List<String> excluded) {
        this.attributes = attributes;
        this.excluded = excluded;
    }

    public static AttributeSelection all() {
        return ALL;
    }

    /** From query parameters: comma-separated lists (RFC 7644 section 3.4.2.5). */
    public static AttributeSelection of(String attributes, String excludedAttributes) {
        return of(split(attributes), split(excludedAttributes));
    }

    /**
     * Both may be given: {@code attributes} picks, then {@code excludedAttributes} removes from what was picked.
     * The RFC does not forbid the combination, and that reading is the only one that honours both.
     */
    public static AttributeSelection of(List<String> attributes, List<String> excludedAttributes) {
        List<String> picked = clean(attributes, "attributes");
        List<String> removed = clean(excludedAttributes, "excludedAttributes");
        return picked.isEmpty() && removed.isEmpty() ? ALL : new AttributeSelection(picked, removed);
    }

    /**
     * Whether the view can hold any of a top-level attribute: no {@code attributes}, or one naming it or a
     * sub-attribute of it, and no {@code excludedAttributes} naming it whole. Lets a read skip what the view drops
     * anyway (a group's member rows).
     */
    public boolean mayReturn(String attribute) {
        if (this == ALL) {
            return true;
        }
        boolean picked = attributes.isEmpty()
                || attributes.stream().anyMatch(name -> topLevel(name).equalsIgnoreCase(attribute));
        return picked && excluded.stream().noneMatch(name -> unqualified(name).equalsIgnoreCase(attribute));
    }

    /** {@code members.value} and {@code urn:…:Group:members} are both about {@code members}. */
    private static String topLevel(String name) {
        String unqualified = unqualified(name);
        int dot = unqualified.indexOf('.');
        return dot < 0 ? unqualified : unqualified.substring(0, dot);
    }

    private static String unqualified(String name) {
        return name.regionMatches(true, 0, "urn:", 0, 4) ? name.substring(name.lastIndexOf(':') + 1) : name;
    }

    /** The view of {@code resource} to return; the resource itself is left as it was. */
    public ObjectNode apply(ObjectNode resource) {
        if (this == ALL) {
            return resource;
        }
        ObjectNode result = resource.deepCopy();
        if (!attributes.isEmpty()) {
            result = AttributeTree.of(paths(resource, attributes)).merge(ALWAYS).keep(result);
        }
        if (!excluded.isEmpty()) {
            AttributeTree.of(paths(resource, excluded)).remove(result, ALWAYS);
        }
        dropSchemasOfRemovedExtensions(resource, result);
        return result;
    }

    /** An extension left out entirely is no longer among the schemas the answer uses. */
    private static void dropSchemasOfRemovedExtensions(ObjectNode original, ObjectNode view) {
        if (!(view.get("schemas") instanceof ArrayNode schemas)) {
            return;
        }
        ArrayNode kept = JsonNodeFactory.instance.arrayNode();
        schemas.forEach(urn -> {
            if (!original.has(urn.asText()) || view.has(urn.asText())) {
                kept.add(urn);
            }
        });
        view.set("schemas", kept);
    }

    /** Each name as the field names it walks, lower-cased; URN-qualified names resolved against the resource. */
    private static List<List<String>> paths(ObjectNode resource, List<String> names) {
        return names.stream()
                .map(name -> path(resource, name.toLowerCase(Locale.ROOT)))
                .toList();
    }

    private static List<String> path(ObjectNode resource, String name) {
        if (hasField(resource, name)) {
            return List.of(name);
        }
        if (!name.startsWith("urn:")) {
            return List.of(name.split("\\."));
        }
        int colon = name.lastIndexOf(':');
        String urn = name.substring(0, colon);
        List<String> attribute = Arrays.asList(name.substring(colon + 1).split("\\."));
        if (hasField(resource, urn)) {
            return concat(urn, attribute);
        }
        boolean coreSchema = false;
        for (JsonNode schema : resource.path("schemas")) {
            coreSchema |= schema.asText().equalsIgnoreCase(urn);
        }
        // the resource's own schema qualifies its top-level attributes; any other URN names nothing here
        return coreSchema ? attribute : concat(urn, attribute);
    }

    private static List<String> concat(String first, List<String> rest) {
        List<String> all = new java.util.ArrayList<>(rest.size() + 1);
        all.add(first);
        all.addAll(rest);
        return all;
    }

    private static boolean hasField(ObjectNode resource, String lowerCaseName) {
        for (var names = resource.fieldNames(); names.hasNext(); ) {
            if (names.next().toLowerCase(Locale.ROOT).equals(lowerCaseName)) {
                return true;
            }
        }
        return false;
    }

    private static List<String> split(String list) {
        return list == null ? List.of() : Arrays.asList(list.split(","));
    }

    private static List<String> clean(List<String> names, String parameter) {
        if (names == null) {
            return List.of();
        }
        List<String> cleaned =
                names.stream().map(String::trim).filter(name -> !name.isEmpty()).toList();
        for (String name : cleaned) {
            if (name.contains("[") || name.contains(" ")) {
                throw ScimException.badRequest(
                        ScimType.invalidValue,
                        "'" + parameter + "' takes attribute names, not filters: '" + name + "'");
            }
        }
        return cleaned;
    }
}
