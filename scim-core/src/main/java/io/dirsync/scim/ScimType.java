package io.dirsync.scim;

/** RFC 7644 section 3.12 {@code scimType} values. */
public enum ScimType {
    invalidFilter,
    tooMany,
    uniqueness,
    mutability,
    invalidSyntax,
    invalidPath,
    noTarget,
    invalidValue,
    invalidVers,
    sensitive
}
