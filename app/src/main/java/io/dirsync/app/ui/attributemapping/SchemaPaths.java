package io.dirsync.app.ui.attributemapping;

import com.unboundid.scim2.common.types.AttributeDefinition;
import io.dirsync.scim.ScimSchemas;
import io.dirsync.scim.schema.ResourceSchema;
import io.dirsync.scim.schema.SchemaCatalog;

import java.util.ArrayList;
import java.util.Collection;
import java.util.List;

/**
 * The user attribute paths an attribute mapping can name, read from the one {@link SchemaCatalog}: every core and
 * enterprise attribute, sub-attributes as {@code name.givenName}. Offered as suggestions; a filtered path such as
 * {@code emails[type eq "work"].value} can still be typed, and the command side checks whatever is sent.
 */
final class SchemaPaths {

    private SchemaPaths() {}

    static List<String> users() {
        ResourceSchema users = SchemaCatalog.get().users();
        List<String> paths = new ArrayList<>();
        add(paths, "", users.coreAttributes());
        users.closedExtension(ScimSchemas.ENTERPRISE_USER)
                .ifPresent(enterprise -> add(paths, ScimSchemas.ENTERPRISE_USER + ":", enterprise.getAttributes()));
        return paths;
    }

    private static void add(List<String> paths, String prefix, Collection<AttributeDefinition> attributes) {
        for (AttributeDefinition attribute : attributes) {
            Collection<AttributeDefinition> subs = attribute.getSubAttributes();
            if (subs == null || subs.isEmpty()) {
                paths.add(prefix + attribute.getName());
            } else {
                subs.forEach(sub -> paths.add(prefix + attribute.getName() + "." + sub.getName()));
            }
        }
    }
}
