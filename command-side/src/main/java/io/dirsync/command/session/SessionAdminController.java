package io.dirsync.command.session;

import io.dirsync.api.session.StartSessionCommand;
import org.axonframework.commandhandling.gateway.CommandGateway;
import org.springframework.http.HttpStatus;
import org.springframework.http.ResponseEntity;
import org.springframework.web.bind.annotation.PathVariable;
import org.springframework.web.bind.annotation.PostMapping;
import org.springframework.web.bind.annotation.RestController;

import java.util.Map;
import java.util.UUID;

/** {@code POST /api/users/{id}/sessions}: 201 with the new session, 409 for a deactivated user. */
@RestController
public class SessionAdminController {
    private final CommandGateway commands;

    public SessionAdminController(CommandGateway commands) {
        this.commands = commands;
    }

    @PostMapping("/api/users/{userId}/sessions")
    public ResponseEntity<Map<String, String>> start(@PathVariable String userId) {
        String sessionId = UUID.randomUUID().toString();
        commands.sendAndWait(new StartSessionCommand(userId, sessionId));
        return ResponseEntity.status(HttpStatus.CREATED).body(Map.of("sessionId", sessionId));
    }
}
