package io.dirsync.api.user;

import com.fasterxml.jackson.annotation.JsonCreator;
import com.fasterxml.jackson.annotation.JsonValue;

import java.util.ArrayList;
import java.util.Collection;
import java.util.Collections;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * A user's SCIM resource as the identity provider last sent it and dirsync accepted it: every attribute of the core
 * User schema, of the enterprise extension and of any other extension (under its URN), with canonical attribute
 * names. {@code id}, {@code meta}, {@code active}, {@code groups} and {@code password} are not part of it. Events carry
 * the whole profile after a change, so each event reads on its own: an auditor never folds earlier events.
 *
 * <p>Stored as the SCIM document itself (JSON values: String, Number, Boolean, List, Map), deeply immutable. The
 * typed accessors read the attributes dirsync itself acts on.
 */
public record UserProfile(Map<String, Object> attributes) {
    public static final String ENTERPRISE_SCHEMA = "urn:ietf:params:scim:schemas:extension:enterprise:2.0:User";
    public static final String CUSTOM_SCHEMA = "urn:dirsync:scim:schemas:extension:custom:2.0:User";

    public UserProfile {
        attributes = attributes == null ? Map.of() : immutableObject(attributes);
    }

    /** The attributes dirsync synced before it kept the whole resource; tests and the erased form build profiles so. */
    public UserProfile(
            String userName,
            String externalId,
            PersonName name,
            String displayName,
            List<EmailAddress> emails,
            EnterpriseAttributes enterprise,
            Map<String, Object> customAttributes) {
        this(Revision1.document(userName, externalId, name, displayName, emails, enterprise, customAttributes));
    }

    /** Reads a stored profile: the SCIM document, or the typed shape events and read models held before revision 2. */
    @JsonCreator
    static UserProfile fromJson(Map<String, Object> stored) {
        return new UserProfile(Revision1.isRevision1(stored) ? Revision1.toDocument(stored) : stored);
    }

    @JsonValue
    @Override
    public Map<String, Object> attributes() {
        return attributes;
    }

    public String userName() {
        return text(attributes, "userName");
    }

    public String externalId() {
        return text(attributes, "externalId");
    }

    public String displayName() {
        return text(attributes, "displayName");
    }

    /** givenName, familyName and formatted of {@code name}; null when it has none of them. */
    public PersonName name() {
        Map<String, Object> name = object(attributes, "name");
        PersonName result = new PersonName(text(name, "givenName"), text(name, "familyName"), text(name, "formatted"));
        return result.isEmpty() ? null : result;
    }

    public List<EmailAddress> emails() {
        Object emails = attributes.get("emails");
        if (!(emails instanceof List<?> values)) {
            return List.of();
        }
        List<EmailAddress> result = new ArrayList<>();
        for (Object value : values) {
            if (value instanceof Map<?, ?> email && email.get("value") instanceof String address) {
                result.add(new EmailAddress(
                        address,
                        email.get("type") instanceof String type ? type : null,
                        Boolean.TRUE.equals(email.get("primary"))));
            }
        }
        return result;
    }

    /** The address mail goes to: the primary one, else the first. */
    public String primaryEmail() {
        List<EmailAddress> emails = emails();
        return emails.stream()
                .filter(EmailAddress::primary)
                .findFirst()
                .or(() -> emails.stream().findFirst())
                .map(EmailAddress::value)
                .orElse(null);
    }

    /** The enterprise extension's simple attributes and manager id; null when the extension is empty. */
    public EnterpriseAttributes enterprise() {
        Map<String, Object> ext = object(attributes, ENTERPRISE_SCHEMA);
        EnterpriseAttributes result = new EnterpriseAttributes(
                text(ext, "employeeNumber"),
                text(ext, "costCenter"),
                text(ext, "organization"),
                text(ext, "division"),
                text(ext, "department"),
                text(object(ext, "manager"), "value"));
        return result.isEmpty() ? null : result;
    }

    /** The attributes under dirsync's custom extension, keyed as the IdP named them. */
    public Map<String, Object> customAttributes() {
        Map<String, Object> custom = object(attributes, CUSTOM_SCHEMA);
        return custom == null ? Map.of() : custom;
    }

    private static String text(Map<String, Object> object, String name) {
        return object != null && object.get(name) instanceof String value ? value : null;
    }

    @SuppressWarnings("unchecked")
    private static Map<String, Object> object(Map<String, Object> object, String name) {
        return object != null && object.get(name) instanceof Map<?, ?> value ? (Map<String, Object>) value : null;
    }

    /** JSON null is no value (RFC 7643 section 2.5): null members and null list elements are dropped. */
    private static Map<String, Object> immutableObject(Map<?, ?> object) {
        Map<String, Object> copy = new LinkedHashMap<>();
        object.forEach((name, value) -> {
            Object immutable = immutable(value);
            if (immutable != null) {
                copy.put(String.valueOf(name), immutable);
            }
        });
        return Collections.unmodifiableMap(copy);
    }

    private static Object immutable(Object value) {
        if (value instanceof Map<?, ?> object) {
            return immutableObject(object);
        }
        if (value instanceof Collection<?> values) {
            return values.stream()
                    .map(UserProfile::immutable)
                    .filter(java.util.Objects::nonNull)
                    .toList();
        }
        return value;
    }
}
