package io.dirsync.api.user;

import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * The profile shape of revision 1 of the user events (and of the read models written then): typed fields
 * {@code userName, externalId, name, displayName, emails, enterprise, customAttributes}, with the manager as
 * {@code enterprise.managerId}. Converted into the SCIM document in this one place, for the event upcasters and for
 * stored read-model rows alike.
 */
final class Revision1 {
    private Revision1() {}

    /** Revision 1 always wrote {@code customAttributes} (never null); no SCIM schema defines an attribute so named. */
    static boolean isRevision1(Map<String, Object> stored) {
        return stored != null && stored.get("customAttributes") instanceof Map;
    }

    @SuppressWarnings("unchecked")
    static Map<String, Object> toDocument(Map<String, Object> stored) {
        Map<String, Object> name = stored.get("name") instanceof Map<?, ?> n ? (Map<String, Object>) n : Map.of();
        Map<String, Object> enterprise =
                stored.get("enterprise") instanceof Map<?, ?> e ? (Map<String, Object>) e : null;
        List<EmailAddress> emails = new ArrayList<>();
        if (stored.get("emails") instanceof List<?> values) {
            for (Object value : values) {
                if (value instanceof Map<?, ?> email && email.get("value") instanceof String address) {
                    emails.add(new EmailAddress(
                            address, (String) email.get("type"), Boolean.TRUE.equals(email.get("primary"))));
                }
            }
        }
        return document(
                (String) stored.get("userName"),
                (String) stored.get("externalId"),
                new PersonName((String) name.get("givenName"), (String) name.get("familyName"), (String)
                        name.get("formatted")),
                (String) stored.get("displayName"),
                emails,
                enterprise == null
                        ? null
                        : new EnterpriseAttributes(
                                (String) enterprise.get("employeeNumber"),
                                (String) enterprise.get("costCenter"),
                                (String) enterprise.get("organization"),
                                (String) enterprise.get("division"),
                                (String) enterprise.get("department"),
                                (String) enterprise.get("managerId")),
                (Map<String, Object>) stored.get("customAttributes"));
    }

    static Map<String, Object> document(
            String userName,
            String externalId,
            PersonName name,
            String displayName,
            List<EmailAddress> emails,
            EnterpriseAttributes enterprise,
            Map<String, Object> customAttributes) {
        Map<String, Object> document = new LinkedHashMap<>();
        document.put("externalId", externalId);
        document.put("userName", userName);
        if (name != null && !name.isEmpty()) {
            Map<String, Object> parts = new LinkedHashMap<>();
            parts.put("formatted", name.formatted());
            parts.put("familyName", name.familyName());
            parts.put("givenName", name.givenName());
            document.put("name", parts);
        }
        document.put("displayName", displayName);
        if (emails != null && !emails.isEmpty()) {
            document.put(
                    "emails",
                    emails.stream()
                            .map(email -> {
                                Map<String, Object> entry = new LinkedHashMap<>();
                                entry.put("value", email.value());
                                entry.put("type", email.type());
                                if (email.primary()) {
                                    entry.put("primary", true);
                                }
                                return entry;
                            })
                            .toList());
        }
        if (enterprise != null && !enterprise.isEmpty()) {
            Map<String, Object> ext = new LinkedHashMap<>();
            ext.put("employeeNumber", enterprise.employeeNumber());
            ext.put("costCenter", enterprise.costCenter());
            ext.put("organization", enterprise.organization());
            ext.put("division", enterprise.division());
            ext.put("department", enterprise.department());
            if (enterprise.managerId() != null) {
                ext.put("manager", Map.of("value", enterprise.managerId()));
            }
            document.put(UserProfile.ENTERPRISE_SCHEMA, ext);
        }
        if (customAttributes != null && !customAttributes.isEmpty()) {
            document.put(UserProfile.CUSTOM_SCHEMA, customAttributes);
        }
        return document;
    }
}
