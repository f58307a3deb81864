package io.dirsync.scim.user;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.JsonNodeFactory;
import com.fasterxml.jackson.databind.node.ObjectNode;
import io.dirsync.api.user.EmailAddress;
import io.dirsync.api.user.EnterpriseAttributes;
import io.dirsync.api.user.PersonName;
import io.dirsync.api.user.UserProfile;
import io.dirsync.api.user.UserState;
import io.dirsync.scim.ETags;
import io.dirsync.scim.JsonAttributes;
import io.dirsync.scim.ScimException;
import io.dirsync.scim.ScimSchemas;
import io.dirsync.scim.ScimType;

import java.time.temporal.ChronoUnit;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

import static io.dirsync.scim.JsonAttributes.invalid;
import static io.dirsync.scim.JsonAttributes.string;

/**
 * Between the SCIM User resource (RFC 7643 section 4.1, the enterprise extension and our custom extension)
 * and the {@link UserProfile} that events carry. Attributes dirsync does not sync (password, phoneNumbers,
 * roles...) are dropped on the way in: Okta's placeholder password is never stored or echoed.
 */
public final class ScimUserMapper {
    private static final JsonNodeFactory JSON = JsonNodeFactory.instance;
    /** The read model's email type column holds 256 characters; types are words like "work". */
    private static final int EMAIL_TYPE_MAX_BYTES = 256;
    private final ObjectMapper objectMapper;

    public ScimUserMapper(ObjectMapper objectMapper) {
        this.objectMapper = objectMapper;
    }

    public ScimUserInput read(JsonNode body) {
        if (body == null || !body.isObject()) {
            throw ScimException.badRequest(ScimType.invalidSyntax, "The request body must be a SCIM User JSON object");
        }
        JsonAttributes.requireCoreSchema(body, ScimSchemas.USER, "User");
        String userName = string(body, "userName", "userName");
        if (userName == null || userName.isBlank()) {
            throw invalid("userName", "is required");
        }
        UserProfile profile = new UserProfile(
                userName.trim(),
                string(body, "externalId", "externalId"),
                readName(JsonAttributes.object(body, "name", "name")),
                string(body, "displayName", "displayName"),
                readEmails(JsonAttributes.get(body, "emails")),
                readEnterprise(JsonAttributes.object(body, ScimSchemas.ENTERPRISE_USER, ScimSchemas.ENTERPRISE_USER)),
                readCustom(JsonAttributes.object(body, ScimSchemas.CUSTOM_USER, ScimSchemas.CUSTOM_USER)));
        return new ScimUserInput(profile, JsonAttributes.bool(body, "active", "active"));
    }

    /** The full resource, as GET and every write answer it. */
    public ObjectNode write(UserState user, String location) {
        ObjectNode node = JSON.objectNode();
        node.set("schemas", schemas(user.profile()));
        node.put("id", user.userId());
        node.setAll(attributes(user.profile(), user.active()));
        ObjectNode meta = node.putObject("meta");
        meta.put("resourceType", "User");
        // milliseconds: the precision every store keeps, so a write's answer and a later GET agree exactly
        meta.put("created", user.created().truncatedTo(ChronoUnit.MILLIS).toString());
        meta.put("lastModified", user.lastModified().truncatedTo(ChronoUnit.MILLIS).toString());
        meta.put("location", location);
        meta.put("version", ETags.of(user.version()));
        return node;
    }

    /** The writable attributes only: the document a PATCH is applied to. */
    public ObjectNode attributes(UserProfile profile, boolean active) {
        ObjectNode node = JSON.objectNode();
        putIfPresent(node, "externalId", profile.externalId());
        node.put("userName", profile.userName());
        if (profile.name() != null && !profile.name().isEmpty()) {
            ObjectNode name = node.putObject("name");
            putIfPresent(name, "givenName", profile.name().givenName());
            putIfPresent(name, "familyName", profile.name().familyName());
            putIfPresent(name, "formatted", profile.name().formatted());
        }
        putIfPresent(node, "displayName", profile.displayName());
        ArrayNode emails = node.putArray("emails");
        for (EmailAddress email : profile.emails()) {
            ObjectNode entry = emails.addObject();
            entry.put("value", email.value());
            putIfPresent(entry, "type", email.type());
            entry.put("primary", email.primary());
        }
        node.put("active", active);
        EnterpriseAttributes enterprise = profile.enterprise();
        if (enterprise != null && !enterprise.isEmpty()) {
            ObjectNode ext = node.putObject(ScimSchemas.ENTERPRISE_USER);
            putIfPresent(ext, "employeeNumber", enterprise.employeeNumber());
            putIfPresent(ext, "costCenter", enterprise.costCenter());
            putIfPresent(ext, "organization", enterprise.organization());
            putIfPresent(ext, "division", enterprise.division());
            putIfPresent(ext, "department", enterprise.department());
            if (enterprise.managerId() != null) {
                ext.putObject("manager").put("value", enterprise.managerId());
            }
        }
        if (!profile.customAttributes().isEmpty()) {
            node.set(ScimSchemas.CUSTOM_USER, objectMapper.valueToTree(profile.customAttributes()));
        }
        return node;
    }

    private ArrayNode schemas(UserProfile profile) {
        ArrayNode schemas = JSON.arrayNode().add(ScimSchemas.USER);
        if (profile.enterprise() != null && !profile.enterprise().isEmpty()) {
            schemas.add(ScimSchemas.ENTERPRISE_USER);
        }
        if (!profile.customAttributes().isEmpty()) {
            schemas.add(ScimSchemas.CUSTOM_USER);
        }
        return schemas;
    }

    private static PersonName readName(ObjectNode name) {
        if (name == null) {
            return null;
        }
        PersonName result = new PersonName(
                string(name, "givenName", "name.givenName"),
                string(name, "familyName", "name.familyName"),
                string(name, "formatted", "name.formatted"));
        return result.isEmpty() ? null : result;
    }

    private static List<EmailAddress> readEmails(JsonNode emails) {
        List<EmailAddress> result = new ArrayList<>();
        if (emails != null) {
            if (!emails.isArray()) {
                throw invalid("emails", "must be an array of email objects");
            }
            for (JsonNode email : emails) {
                if (email.isNull()) {
                    continue;
                }
                if (!email.isObject()) {
                    throw invalid("emails", "must be an array of email objects");
                }
                String value = string(email, "value", "emails.value");
                if (value == null || value.isBlank()) {
                    continue;
                }
                Boolean primary = JsonAttributes.bool(email, "primary", "emails.primary");
                result.add(new EmailAddress(value.trim(), string(email, "type", "emails.type", EMAIL_TYPE_MAX_BYTES), Boolean.TRUE.equals(primary)));
            }
        }
        if (result.isEmpty()) {
            throw invalid("emails", "must contain at least one email address: dirsync does not fall back to userName");
        }
        if (result.stream().filter(EmailAddress::primary).count() > 1) {
            throw invalid("emails", "may mark only one address as primary");
        }
        return result;
    }

    private static EnterpriseAttributes readEnterprise(ObjectNode ext) {
        if (ext == null) {
            return null;
        }
        String prefix = ScimSchemas.ENTERPRISE_USER + ":";
        EnterpriseAttributes result = new EnterpriseAttributes(
                string(ext, "employeeNumber", prefix + "employeeNumber"),
                string(ext, "costCenter", prefix + "costCenter"),
                string(ext, "organization", prefix + "organization"),
                string(ext, "division", prefix + "division"),
                string(ext, "department", prefix + "department"),
                readManager(JsonAttributes.get(ext, "manager"), prefix + "manager"));
        return result.isEmpty() ? null : result;
    }

    /** Entra sends the manager as a plain id string or as {"value": id}; both mean the same. */
    private static String readManager(JsonNode manager, String path) {
        if (manager == null) {
            return null;
        }
        if (manager.isTextual()) {
            return manager.asText().isBlank() ? null : JsonAttributes.bounded(manager.asText(), path, JsonAttributes.MAX_STRING_BYTES);
        }
        if (manager.isArray() && manager.size() == 1) {
            return readManager(manager.get(0), path);
        }
        if (manager.isObject()) {
            return string(manager, "value", path + ".value");
        }
        throw invalid(path, "must be a user id or an object with 'value'");
    }

    private Map<String, Object> readCustom(ObjectNode ext) {
        if (ext == null) {
            return null;
        }
        Map<String, Object> result = new LinkedHashMap<>();
        ext.fields().forEachRemaining(field -> {
            if (!field.getValue().isNull()) {
                result.put(field.getKey(), objectMapper.convertValue(field.getValue(), Object.class));
            }
        });
        return result;
    }

    private static void putIfPresent(ObjectNode node, String name, String value) {
        if (value != null) {
            node.put(name, value);
        }
    }
}
