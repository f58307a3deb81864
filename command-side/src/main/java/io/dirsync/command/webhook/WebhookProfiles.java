package io.dirsync.command.webhook;

import io.dirsync.api.user.EmailAddress;
import io.dirsync.api.user.EnterpriseAttributes;
import io.dirsync.api.user.PersonName;
import io.dirsync.api.user.UserProfile;

import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * A user's profile as webhooks show it: the fields receivers have read since the first release, spelled out one by
 * one (all keys always present, null when empty), and {@code attributes}, the whole SCIM resource as accepted
 * (every core, enterprise and extension attribute, canonical names; no id, meta, active or password).
 */
final class WebhookProfiles {

    private WebhookProfiles() {}

    static Map<String, Object> of(UserProfile profile) {
        Map<String, Object> view = new LinkedHashMap<>();
        view.put("userName", profile.userName());
        view.put("externalId", profile.externalId());
        view.put("displayName", profile.displayName());
        view.put("name", name(profile.name()));
        view.put("emails", emails(profile.emails()));
        view.put("enterprise", enterprise(profile.enterprise()));
        view.put("customAttributes", profile.customAttributes());
        view.put("attributes", profile.attributes());
        return view;
    }

    private static Map<String, Object> name(PersonName name) {
        if (name == null) {
            return null;
        }
        Map<String, Object> view = new LinkedHashMap<>();
        view.put("givenName", name.givenName());
        view.put("familyName", name.familyName());
        view.put("formatted", name.formatted());
        return view;
    }

    private static List<Map<String, Object>> emails(List<EmailAddress> emails) {
        return emails.stream()
                .map(email -> {
                    Map<String, Object> view = new LinkedHashMap<>();
                    view.put("value", email.value());
                    view.put("type", email.type());
                    view.put("primary", email.primary());
                    return view;
                })
                .toList();
    }

    private static Map<String, Object> enterprise(EnterpriseAttributes enterprise) {
        if (enterprise == null) {
            return null;
        }
        Map<String, Object> view = new LinkedHashMap<>();
        view.put("employeeNumber", enterprise.employeeNumber());
        view.put("costCenter", enterprise.costCenter());
        view.put("organization", enterprise.organization());
        view.put("division", enterprise.division());
        view.put("department", enterprise.department());
        view.put("managerId", enterprise.managerId());
        return view;
    }
}
