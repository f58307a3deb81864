package io.dirsync.command.user;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import io.dirsync.api.user.DeleteUserCommand;
import io.dirsync.api.user.PatchUserCommand;
import io.dirsync.api.user.ProvisionUserCommand;
import io.dirsync.api.user.ReplaceUserCommand;
import io.dirsync.api.user.UserState;
import io.dirsync.command.connection.ConnectionPolicies;
import io.dirsync.scim.ETags;
import io.dirsync.scim.ScimLocations;
import io.dirsync.scim.ScimSchemas;
import io.dirsync.scim.patch.PatchRequests;
import io.dirsync.scim.schema.SchemaCatalog;
import io.dirsync.scim.user.ScimUserInput;
import io.dirsync.scim.user.ScimUserMapper;
import org.axonframework.commandhandling.gateway.CommandGateway;
import org.springframework.http.HttpHeaders;
import org.springframework.http.HttpStatus;
import org.springframework.http.MediaType;
import org.springframework.http.ResponseEntity;
import org.springframework.web.bind.annotation.DeleteMapping;
import org.springframework.web.bind.annotation.PatchMapping;
import org.springframework.web.bind.annotation.PathVariable;
import org.springframework.web.bind.annotation.PostMapping;
import org.springframework.web.bind.annotation.PutMapping;
import org.springframework.web.bind.annotation.RequestBody;
import org.springframework.web.bind.annotation.RequestHeader;
import org.springframework.web.bind.annotation.RequestMapping;
import org.springframework.web.bind.annotation.RestController;
import org.springframework.web.servlet.support.ServletUriComponentsBuilder;

import java.net.URI;

/**
 * SCIM writes on users. Bodies are read against the schema here, before any resource is loaded, so a bad body gets
 * its 400 whether or not the user exists. Each answer is built from the command's result, the state the aggregate
 * reached, so it never depends on how far a projection has got.
 */
@RestController
@RequestMapping("/scim/v2/{connectionId}/Users")
public class UserScimWriteController {
    private static final MediaType SCIM_JSON = MediaType.parseMediaType(ScimSchemas.MEDIA_TYPE);

    private final CommandGateway commands;
    private final ScimUserMapper mapper;
    private final PatchRequests patchRequests;
    private final ConnectionPolicies policies;

    public UserScimWriteController(CommandGateway commands, ObjectMapper objectMapper, ConnectionPolicies policies) {
        this.commands = commands;
        this.policies = policies;
        this.mapper = new ScimUserMapper(objectMapper);
        this.patchRequests = new PatchRequests(objectMapper, SchemaCatalog.get().users());
    }

    @PostMapping({"", "/"})
    public ResponseEntity<JsonNode> create(
            @PathVariable String connectionId, @RequestBody(required = false) JsonNode body) {
        ScimUserInput input = mapper.read(body, policies.unknownAttributes(connectionId));
        UserState user = commands.sendAndWait(
                new ProvisionUserCommand(connectionId, input.profile(), input.active() == null || input.active()));
        URI location = location(connectionId, user.userId());
        return ResponseEntity.status(HttpStatus.CREATED)
                .location(location)
                .eTag(ETags.of(user.version()))
                .contentType(SCIM_JSON)
                .body(mapper.write(user, location.toString()));
    }

    @PutMapping("/{userId}")
    public ResponseEntity<JsonNode> replace(
            @PathVariable String connectionId,
            @PathVariable String userId,
            @RequestHeader(value = HttpHeaders.IF_MATCH, required = false) String ifMatch,
            @RequestBody(required = false) JsonNode body) {
        ScimUserInput input = mapper.read(body, policies.unknownAttributes(connectionId));
        UserState user = commands.sendAndWait(new ReplaceUserCommand(
                userId, connectionId, input.profile(), input.active(), ETags.expectedVersion(ifMatch)));
        return ok(user);
    }

    @PatchMapping("/{userId}")
    public ResponseEntity<JsonNode> patch(
            @PathVariable String connectionId,
            @PathVariable String userId,
            @RequestHeader(value = HttpHeaders.IF_MATCH, required = false) String ifMatch,
            @RequestBody(required = false) JsonNode body) {
        UserState user = commands.sendAndWait(new PatchUserCommand(
                userId,
                connectionId,
                patchRequests.read(body, policies.unknownAttributes(connectionId)),
                ETags.expectedVersion(ifMatch)));
        return ok(user);
    }

    @DeleteMapping("/{userId}")
    public ResponseEntity<Void> delete(
            @PathVariable String connectionId,
            @PathVariable String userId,
            @RequestHeader(value = HttpHeaders.IF_MATCH, required = false) String ifMatch) {
        commands.sendAndWait(new DeleteUserCommand(userId, connectionId, ETags.expectedVersion(ifMatch)));
        return ResponseEntity.noContent().build();
    }

    private ResponseEntity<JsonNode> ok(UserState user) {
        URI location = location(user.connectionId(), user.userId());
        return ResponseEntity.ok()
                .location(location)
                .eTag(ETags.of(user.version()))
                .contentType(SCIM_JSON)
                .body(mapper.write(user, location.toString()));
    }

    private static URI location(String connectionId, String userId) {
        return URI.create(ScimLocations.user(
                ServletUriComponentsBuilder.fromCurrentContextPath().toUriString(), connectionId, userId));
    }
}
