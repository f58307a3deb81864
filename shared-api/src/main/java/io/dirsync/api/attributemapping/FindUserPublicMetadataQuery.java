package io.dirsync.api.attributemapping;

/**
 * Answers the user's {@code publicMetadata} as a {@code Map<String, Object>} of JSON-compatible values; an empty
 * map for a user with no mapped values (or not seen yet: the view follows the events shortly after they are stored).
 * Ask with {@code ResponseTypes.instanceOf(Map.class)}.
 */
public record FindUserPublicMetadataQuery(String userId) {}
