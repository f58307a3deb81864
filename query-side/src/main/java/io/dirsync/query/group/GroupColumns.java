package io.dirsync.query.group;

import io.dirsync.query.filter.MultiValuedColumns;
import io.dirsync.query.filter.ResourceColumns;
import io.dirsync.scim.ScimSchemas;

import java.util.Map;

import static io.dirsync.query.filter.FilterColumn.caseExact;
import static io.dirsync.query.filter.FilterColumn.ignoringCase;
import static io.dirsync.query.filter.FilterColumn.timestamp;

/**
 * The Group attributes {@code scim_group} and {@code scim_group_member} filter on: displayName ignores case
 * (RFC 7643 caseExact=false) through its lower-cased key column; ids compare exactly.
 */
final class GroupColumns {

    static final ResourceColumns GROUPS = ResourceColumns.builder(ScimSchemas.GROUP, "group_id", "created_at")
            .column("id", caseExact("group_id"))
            .column("externalId", caseExact("external_id"))
            .column("displayName", ignoringCase("display_name_key"))
            .column("meta.created", timestamp("created_at"))
            .column("meta.lastModified", timestamp("last_modified"))
            .multiValued(
                    "members",
                    new MultiValuedColumns(
                            "scim_group_member m",
                            "m.group_id",
                            "scim_group.group_id",
                            Map.of("value", caseExact("m.user_id")),
                            "value"))
            .build();

    private GroupColumns() {}
}
