package io.dirsync.query.user;

import io.dirsync.query.filter.AttributeValueTable;
import io.dirsync.query.filter.MultiValuedColumns;
import io.dirsync.query.filter.ResourceColumns;
import io.dirsync.query.filter.StoredAttributes;
import io.dirsync.scim.ScimSchemas;
import io.dirsync.scim.schema.SchemaCatalog;

import java.util.Map;

import static io.dirsync.query.filter.FilterColumn.bool;
import static io.dirsync.query.filter.FilterColumn.caseExact;
import static io.dirsync.query.filter.FilterColumn.ignoringCase;
import static io.dirsync.query.filter.FilterColumn.timestamp;

/**
 * Where filters and sortBy find each User attribute, with RFC 7643's caseExact. The attributes IdPs look users up
 * by have columns of {@code scim_user} (id and externalId compare exactly; userName, names and the enterprise
 * attributes ignore case, through the lower-cased key columns {@link UserSearchColumns} maintains) and emails
 * have {@code scim_user_email}. Every other attribute of the schema and of any extension is a row of
 * {@code scim_user_attribute_value} ({@link UserAttributeRows}), compared as the schema types it; attributes of
 * free-form extensions ignore case, as IdPs send them like userName.
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
            .multiValued(
                    "emails",
                    new MultiValuedColumns(
                            "scim_user_email e",
                            "e.user_id",
                            "scim_user.user_id",
                            Map.of(
                                    "value",
                                    ignoringCase("e.value_key"),
                                    // type is rarely compared and never indexed on its own: LOWER() at query time
                                    // suffices
                                    "type",
                                    ignoringCase("LOWER(e.type)"),
                                    "primary",
                                    bool("e.primary_email"),
                                    "display",
                                    ignoringCase("LOWER(e.email_display)")),
                            "value"))
            .attributeValues(new AttributeValueTable(
                    "scim_user_attribute_value",
                    "user_id",
                    "scim_user.user_id",
                    new StoredAttributes(SchemaCatalog.get().users())))
            // RFC 7644 section 3.4.2.3: a multi-valued attribute sorts by its primary value, else the first
            .sortableAs("emails", "primary_email_key")
            .sortableAs("emails.value", "primary_email_key")
            .sortableAs("emails.type", primaryEmails("LOWER(e.type)"))
            .sortableAs("emails.display", primaryEmails("LOWER(e.email_display)"))
            .build();

    /** A sub-attribute of the user's primary email, else of its first: the value an email sub-attribute sorts by. */
    private static String primaryEmails(String expression) {
        return "(SELECT " + expression + " FROM scim_user_email e WHERE e.user_id = scim_user.user_id"
                + " ORDER BY e.primary_email DESC, e.position LIMIT 1)";
    }

    private UserColumns() {}
}
