package io.dirsync.scim.user;

import com.fasterxml.jackson.core.type.TypeReference;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.JsonNodeFactory;
import com.fasterxml.jackson.databind.node.ObjectNode;
import io.dirsync.api.connection.UnknownAttributes;
import io.dirsync.api.group.UserGroups;
import io.dirsync.api.user.UserProfile;
import io.dirsync.api.user.UserState;
import io.dirsync.scim.ETags;
import io.dirsync.scim.JsonAttributes;
import io.dirsync.scim.ScimSchemas;
import io.dirsync.scim.schema.ResourceReader;
import io.dirsync.scim.schema.ResourceSchema;
import io.dirsync.scim.schema.SchemaCatalog;

import java.time.temporal.ChronoUnit;
import java.util.List;
import java.util.Map;

import static io.dirsync.scim.JsonAttributes.invalid;

/**
 * Between the SCIM User resource and the {@link UserProfile} that events carry. Reading goes through the schema
 * ({@link ResourceReader}): every attribute of the core User, the enterprise extension and any other extension is
 * kept, canonical; {@code password} is accepted and never stored. On top of the schema, dirsync's own rules: a
 * userName, and at least one email (no fallback to userName).
 */
public final class ScimUserMapper {
    private static final JsonNodeFactory JSON = JsonNodeFactory.instance;
    private static final ResourceSchema SCHEMA = SchemaCatalog.get().users();
    private static final TypeReference<Map<String, Object>> DOCUMENT = new TypeReference<>() {};
    private final ObjectMapper objectMapper;

    public ScimUserMapper(ObjectMapper objectMapper) {
        this.objectMapper = objectMapper;
    }

    /** A POST or PUT body, for a connection that refuses undefined attributes. */
    public ScimUserInput read(JsonNode body) {
        return read(body, UnknownAttributes.REJECT);
    }

    public ScimUserInput read(JsonNode body, UnknownAttributes unknown) {
        ObjectNode document = new ResourceReader(SCHEMA, unknown).read(body, "User");
        JsonNode active = document.remove("active");
        JsonNode userName = document.get("userName");
        if (userName == null || userName.asText().isBlank()) {
            throw invalid("userName", "is required");
        }
        document.put("userName", userName.asText().trim());
        requireEmail(document);
        return new ScimUserInput(
                new UserProfile(objectMapper.convertValue(document, DOCUMENT)),
                active == null ? null : active.booleanValue());
    }

    /** The full resource, as GET and every write answer it. */
    public ObjectNode write(UserState user, String location) {
        ObjectNode node = JSON.objectNode();
        ArrayNode schemas = node.putArray("schemas").add(ScimSchemas.USER);
        node.put("id", user.userId());
        ObjectNode attributes = attributes(user.profile(), user.active());
        attributes.fields().forEachRemaining(field -> {
            if (field.getKey().regionMatches(true, 0, "urn:", 0, 4)) {
                schemas.add(field.getKey());
            }
        });
        node.setAll(attributes);
        JsonNode manager = node.path(ScimSchemas.ENTERPRISE_USER).path("manager");
        if (manager.isObject() && manager.hasNonNull("value")) {
            ((ObjectNode) manager)
                    .put(
                            "$ref",
                            location.substring(0, location.lastIndexOf('/') + 1)
                                    + manager.get("value").asText());
        }
        ObjectNode meta = node.putObject("meta");
        meta.put("resourceType", "User");
        // milliseconds: the precision every store keeps, so a write's answer and a later GET agree exactly
        meta.put("created", user.created().truncatedTo(ChronoUnit.MILLIS).toString());
        meta.put(
                "lastModified",
                user.lastModified().truncatedTo(ChronoUnit.MILLIS).toString());
        meta.put("location", location);
        meta.put("version", ETags.of(user.version()));
        return node;
    }

    /** Adds the read-only {@code groups} (direct memberships, RFC 7643 section 4.1.2) to a rendered user. */
    public static ObjectNode withGroups(ObjectNode user, List<UserGroups.Group> groups, String groupsBase) {
        if (!groups.isEmpty()) {
            ArrayNode values = JSON.arrayNode();
            groups.forEach(group -> values.addObject()
                    .put("value", group.groupId())
                    .put("$ref", groupsBase + "/" + group.groupId())
                    .put("display", group.displayName())
                    .put("type", "direct"));
            JsonNode meta = user.remove("meta");
            user.set("groups", values);
            user.set("meta", meta);
        }
        return user;
    }

    /**
     * The writable attributes, {@code active} among the core ones: the document a PATCH is applied to and
     * attribute mappings are evaluated against.
     */
    public ObjectNode attributes(UserProfile profile, boolean active) {
        ObjectNode stored = objectMapper.valueToTree(profile.attributes());
        ObjectNode node = JSON.objectNode();
        stored.fields().forEachRemaining(field -> {
            if (!field.getKey().regionMatches(true, 0, "urn:", 0, 4)) {
                node.set(field.getKey(), field.getValue());
            }
        });
        node.put("active", active);
        stored.fields().forEachRemaining(field -> {
            if (field.getKey().regionMatches(true, 0, "urn:", 0, 4)) {
                node.set(field.getKey(), field.getValue());
            }
        });
        return node;
    }

    /** Values are trimmed (an address with a stray space is the same address); blank ones are no address. */
    private static void requireEmail(ObjectNode document) {
        ArrayNode emails = JSON.arrayNode();
        document.path("emails").forEach(email -> {
            String value = email.path("value").asText().trim();
            ObjectNode trimmed = ((ObjectNode) email).put("value", value);
            // equal once trimmed: the same email, kept once like any duplicate value
            if (!value.isEmpty() && !JsonAttributes.containsEqual(emails, trimmed)) {
                emails.add(trimmed);
            }
        });
        if (emails.isEmpty()) {
            throw invalid("emails", "must contain at least one email address: dirsync does not fall back to userName");
        }
        document.set("emails", emails);
    }
}
