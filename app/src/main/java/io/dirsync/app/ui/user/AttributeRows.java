package io.dirsync.app.ui.user;

import io.dirsync.api.user.EmailAddress;
import io.dirsync.api.user.EnterpriseAttributes;
import io.dirsync.api.user.PersonName;
import io.dirsync.api.user.UserProfile;

import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.stream.Collectors;

/** A profile as label and value rows, in the order an admin reads them; absent values are left out. */
public final class AttributeRows {
    private AttributeRows() {
    }

    public record Row(String label, String value) {
    }

    public static List<Row> of(UserProfile profile) {
        List<Row> rows = new ArrayList<>();
        add(rows, "userName", profile.userName());
        add(rows, "externalId", profile.externalId());
        add(rows, "displayName", profile.displayName());
        PersonName name = profile.name();
        if (name != null) {
            add(rows, "name.givenName", name.givenName());
            add(rows, "name.familyName", name.familyName());
            add(rows, "name.formatted", name.formatted());
        }
        for (EmailAddress email : profile.emails()) {
            add(rows, "email" + (email.type() == null ? "" : " (" + email.type() + ")"), email.value() + (email.primary() ? " · primary" : ""));
        }
        EnterpriseAttributes enterprise = profile.enterprise();
        if (enterprise != null) {
            add(rows, "employeeNumber", enterprise.employeeNumber());
            add(rows, "costCenter", enterprise.costCenter());
            add(rows, "organization", enterprise.organization());
            add(rows, "division", enterprise.division());
            add(rows, "department", enterprise.department());
            add(rows, "manager", enterprise.managerId());
        }
        for (Map.Entry<String, Object> custom : profile.customAttributes().entrySet().stream()
                .sorted(Map.Entry.comparingByKey()).collect(Collectors.toList())) {
            add(rows, "custom: " + custom.getKey(), String.valueOf(custom.getValue()));
        }
        return rows;
    }

    private static void add(List<Row> rows, String label, String value) {
        if (value != null && !value.isBlank()) {
            rows.add(new Row(label, value));
        }
    }
}
