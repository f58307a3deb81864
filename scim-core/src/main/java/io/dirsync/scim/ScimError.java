package io.dirsync.scim;

import com.fasterxml.jackson.annotation.JsonInclude;

import java.util.List;

/**
 * The one RFC 7644 error body. {@code status} is a string: Okta's review and Entra's validator reject a number.
 */
@JsonInclude(JsonInclude.Include.NON_NULL)
public record ScimError(List<String> schemas, String status, String scimType, String detail) {

    public static ScimError of(int status, ScimType scimType, String detail) {
        return new ScimError(
                List.of(ScimSchemas.ERROR),
                Integer.toString(status),
                scimType == null ? null : scimType.name(),
                detail);
    }
}
