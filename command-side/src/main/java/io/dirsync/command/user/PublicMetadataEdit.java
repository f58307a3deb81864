package io.dirsync.command.user;

import io.dirsync.api.attributemapping.EditPublicMetadataCommand;
import io.dirsync.api.attributemapping.PublicMetadataEditedEvent;
import io.dirsync.api.scim.InvalidAttributeException;

import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/** An admin's merge patch of {@code publicMetadata}, checked and split into keys set and keys removed. */
final class PublicMetadataEdit {
    static final int MAX_KEY_LENGTH = 128;

    private PublicMetadataEdit() {}

    static PublicMetadataEditedEvent toEvent(String userId, String connectionId, EditPublicMetadataCommand command) {
        if (command.changes().isEmpty()) {
            throw new InvalidAttributeException(
                    "publicMetadata", "Name at least one key to set (a value) or remove (null)");
        }
        Map<String, Object> set = new LinkedHashMap<>();
        List<String> removed = new ArrayList<>();
        command.changes().forEach((key, value) -> {
            if (key == null || key.isBlank() || key.length() > MAX_KEY_LENGTH) {
                throw new InvalidAttributeException(
                        "publicMetadata", "publicMetadata keys are 1 to " + MAX_KEY_LENGTH + " characters, not blank");
            }
            if (value == null) {
                removed.add(key);
            } else {
                set.put(key, value);
            }
        });
        return new PublicMetadataEditedEvent(userId, connectionId, set, removed);
    }
}
