package io.dirsync.query.user;

import io.dirsync.query.filter.AttributeBag;
import io.dirsync.query.filter.FilterColumn;
import io.dirsync.query.filter.MultiValuedColumns;
import io.dirsync.query.filter.ResourceColumns;
import io.dirsync.scim.ScimSchemas;

import java.util.Map;

import static io.dirsync.query.filter.FilterColumn.bool;
import static io.dirsync.query.filter.FilterColumn.caseExact;
import static io.dirsync.query.filter.FilterColumn.ignoringCase;
import static io.dirsync.query.filter.FilterColumn.timestamp;

/**
 * The User attributes {@code scim_user} and {@code scim_user_email} can filter and sort on, with RFC 7643's
 * caseExact: id and externalId compare exactly; userName, names, emails and the enterprise attributes
 * ignore case, through the lower-cased key columns {@link UserSearchColumns} maintains. Attributes of the
 * custom extension ignore case too: the schema declares none, and IdPs send them as they would userName.
 */
final class UserColumns {
    private static final String ENTERPRISE = ScimSchemas.ENTERPRISE_USER + ":";

    static final ResourceColumns USERS = ResourceColumns.builder(ScimSchemas.USER, "user_id", "created_at")
            .column("id", caseExact("user_id"))
            .column("externalId", caseExact("external_id"))
            .column("userName", ignoringCase("user_name_key"))
            .column("displayName", ignoringCase("display_name_key"))
            .column("name.givenName", ignoringCase("given_name_key"))
            .column("name.familyName", ignoringCase("family_name_key"))
            .column("name.formatted", ignoringCase("formatted_name_key"))
            .column("active", bool("active"))
            .column("meta.created", timestamp("created_at"))
            .column("meta.lastModified", timestamp("last_modified"))
            .column(ENTERPRISE + "employeeNumber", ignoringCase("employee_number_key"))
            .column(ENTERPRISE + "costCenter", ignoringCase("cost_center_key"))
            .column(ENTERPRISE + "organization", ignoringCase("organization_key"))
            .column(ENTERPRISE + "division", ignoringCase("division_key"))
            .column(ENTERPRISE + "department", ignoringCase("department_key"))
            .column(ENTERPRISE + "manager.value", ignoringCase("manager_key"))
            .multiValued("emails", new MultiValuedColumns("scim_user_email e", "e.user_id", "scim_user.user_id",
                    Map.of("value", ignoringCase("e.value_key"),
                            // type is rarely compared and never indexed on its own: LOWER() at query time suffices
                            "type", ignoringCase("LOWER(e.type)"),
                            "primary", bool("e.primary_email")),
                    "value"))
            // RFC 7644 section 3.4.2.3: a multi-valued attribute sorts by its primary value, else the first
            // the custom extension's attribute names are the IdP's own: name/value rows, not columns
            .attributeBag(ScimSchemas.CUSTOM_USER, new AttributeBag("scim_user_custom_value c", "c.user_id",
                    "scim_user.user_id", "c.name_key", "c.value_key", "c.value_number"))
            .sortableAs("emails", "primary_email_key")
            .sortableAs("emails.value", "primary_email_key")
            .build();

    private UserColumns() {
    }
}
