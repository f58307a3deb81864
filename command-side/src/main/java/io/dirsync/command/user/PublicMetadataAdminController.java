package io.dirsync.command.user;

import io.dirsync.api.attributemapping.EditPublicMetadataCommand;
import io.dirsync.api.attributemapping.PublicMetadataEditedEvent;
import org.axonframework.commandhandling.gateway.CommandGateway;
import org.springframework.web.bind.annotation.PatchMapping;
import org.springframework.web.bind.annotation.PathVariable;
import org.springframework.web.bind.annotation.RequestBody;
import org.springframework.web.bind.annotation.RestController;

import java.util.Map;

/**
 * {@code PATCH /api/users/{id}/public-metadata} with a JSON merge patch (RFC 7396): admins keep their own keys
 * beside the mapped ones. Answers what was recorded; {@code GET /api/users/{id}} shows it merged with the mapped
 * values once the public-metadata projection has caught up (it streams, as every replayable view does).
 */
@RestController
public class PublicMetadataAdminController {
    private final CommandGateway commands;

    public PublicMetadataAdminController(CommandGateway commands) {
        this.commands = commands;
    }

    @PatchMapping(
            path = "/api/users/{userId}/public-metadata",
            consumes = {"application/json", "application/merge-patch+json"})
    public Map<String, Object> edit(@PathVariable String userId, @RequestBody Map<String, Object> changes) {
        PublicMetadataEditedEvent edited = commands.sendAndWait(new EditPublicMetadataCommand(userId, changes));
        return Map.of("userId", userId, "set", edited.set(), "removed", edited.removed());
    }
}
