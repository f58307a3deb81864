package io.dirsync.scim.filter;

import com.unboundid.scim2.common.exceptions.BadRequestException;
import com.unboundid.scim2.common.filters.Filter;
import io.dirsync.scim.ScimException;
import io.dirsync.scim.ScimType;

/** Parses RFC 7644 section 3.4.2.2 filters into UnboundID's filter AST. */
public final class ScimFilters {
    private ScimFilters() {
    }

    public static Filter parse(String filter) {
        try {
            return Filter.fromString(filter);
        } catch (BadRequestException e) {
            throw ScimException.badRequest(ScimType.invalidFilter, "Invalid filter '" + filter + "': " + e.getMessage());
        }
    }
}
