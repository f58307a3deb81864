package io.dirsync.api.attributemapping;

/**
 * The value at {@code scimPath} of a user's SCIM resource (core, enterprise or custom extension attribute,
 * value filters allowed) is copied into the user's {@code publicMetadata[attribute]}.
 */
public record AttributeMapping(String scimPath, String attribute) {}
