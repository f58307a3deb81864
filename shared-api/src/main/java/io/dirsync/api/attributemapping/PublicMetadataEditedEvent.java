package io.dirsync.api.attributemapping;

import org.axonframework.serialization.Revision;

import java.util.List;
import java.util.Map;

/**
 * An admin set or removed keys of a user's {@code publicMetadata} by hand. Keys that an attribute mapping fills
 * can only be edited while directory sync is disabled, and the IdP's value shows again when it is re-enabled.
 *
 * @param set     keys set, with their new JSON-compatible values
 * @param removed keys removed
 */
@Revision("1")
public record PublicMetadataEditedEvent(
        String userId, String connectionId, Map<String, Object> set, List<String> removed) {
    public PublicMetadataEditedEvent {
        set = Map.copyOf(set);
        removed = List.copyOf(removed);
    }
}
