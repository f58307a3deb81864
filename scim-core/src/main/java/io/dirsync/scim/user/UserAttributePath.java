package io.dirsync.scim.user;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.JsonNodeFactory;
import com.fasterxml.jackson.databind.node.ObjectNode;
import com.unboundid.scim2.common.Path;
import com.unboundid.scim2.common.exceptions.ScimException;
import com.unboundid.scim2.common.utils.JsonUtils;
import io.dirsync.api.connection.UnknownAttributes;
import io.dirsync.api.scim.InvalidAttributeException;
import io.dirsync.scim.JsonAttributes;
import io.dirsync.scim.schema.SchemaCatalog;
import io.dirsync.scim.schema.SchemaPath;

import java.util.List;
import java.util.Optional;

/**
 * A SCIM path (RFC 7644 section 3.10) naming an attribute of a user, as attribute mappings name them: any attribute of
 * the core User or the enterprise extension, value filters included ({@code phoneNumbers[type eq "mobile"].value}),
 * or anything under dirsync's custom extension or another extension URN. Checked against the schema
 * ({@link SchemaPath}) and rewritten in its spelling, so it matches the document {@link ScimUserMapper} renders.
 */
public final class UserAttributePath {
    private final Path path;
    /** Open and unknown extensions keep the IdP's attribute names, matched ignoring case at lookup. */
    private final boolean freeForm;

    private UserAttributePath(Path path, boolean freeForm) {
        this.path = path;
        this.freeForm = freeForm;
    }

    /** @throws InvalidAttributeException (attribute "scimPath") when the path does not parse or names no user attribute */
    public static UserAttributePath parse(String scimPath) {
        SchemaPath resolved;
        try {
            resolved = SchemaPath.resolve(SchemaCatalog.get().users(), scimPath, UnknownAttributes.REJECT);
        } catch (io.dirsync.scim.ScimException e) {
            throw new InvalidAttributeException("scimPath", "scimPath: " + e.getMessage());
        }
        if (resolved.wholeExtension()) {
            throw new InvalidAttributeException(
                    "scimPath", "scimPath '" + scimPath + "' names a whole extension; map one of its attributes");
        }
        boolean freeForm = resolved.extensionUrn() != null && resolved.definition() == null;
        return new UserAttributePath(resolved.path(), freeForm);
    }

    /**
     * The value at this path in a SCIM User document: absent when nothing matches (or only null and empty
     * arrays do), the value when one does, an array of them when several do ({@code emails.value}).
     */
    public Optional<JsonNode> valueIn(ObjectNode resource) {
        List<JsonNode> matches;
        try {
            matches = JsonUtils.findMatchingPaths(lookupPath(resource), resource).stream()
                    .filter(node -> !JsonUtils.isNullNodeOrEmptyArray(node))
                    .toList();
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

    /** Free-form attributes keep the name the IdP sent, so their top-level name is matched ignoring case here. */
    private Path lookupPath(ObjectNode resource) {
        if (!freeForm) {
            return path;
        }
        JsonNode extension = JsonAttributes.get(resource, path.getSchemaUrn());
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
}
