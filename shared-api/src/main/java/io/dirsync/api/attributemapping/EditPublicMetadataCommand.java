package io.dirsync.api.attributemapping;

import org.axonframework.modelling.command.TargetAggregateIdentifier;

import java.util.Collections;
import java.util.LinkedHashMap;
import java.util.Map;

/**
 * An admin's change to a user's {@code publicMetadata}, with JSON merge-patch meaning (RFC 7396): a key with a
 * value sets it, a key with null removes it, keys not named stay as they are.
 */
public record EditPublicMetadataCommand(
        @TargetAggregateIdentifier String userId, Map<String, Object> changes) {
    public EditPublicMetadataCommand {
        // not Map.copyOf: null values are removals
        changes = changes == null ? Map.of() : Collections.unmodifiableMap(new LinkedHashMap<>(changes));
    }
}
