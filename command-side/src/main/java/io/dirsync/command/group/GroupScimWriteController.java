package io.dirsync.command.group;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import io.dirsync.api.group.CreateGroupCommand;
import io.dirsync.api.group.DeleteGroupCommand;
import io.dirsync.api.group.GroupState;
import io.dirsync.api.group.PatchGroupCommand;
import io.dirsync.api.group.ReplaceGroupCommand;
import io.dirsync.scim.ETags;
import io.dirsync.scim.ScimLocations;
import io.dirsync.scim.ScimSchemas;
import io.dirsync.scim.group.ScimGroupInput;
import io.dirsync.scim.group.ScimGroupMapper;
import io.dirsync.scim.patch.PatchRequests;
import io.dirsync.scim.query.AttributeSelection;
import io.dirsync.scim.schema.SchemaCatalog;
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
import org.springframework.web.bind.annotation.RequestParam;
import org.springframework.web.bind.annotation.RestController;
import org.springframework.web.servlet.support.ServletUriComponentsBuilder;

import java.util.UUID;

/**
 * SCIM writes on groups, answered from the command's result. A group PATCH answers 204 (Entra expects it,
 * and echoing 50,000 members is waste) unless the client asks for a view with attributes/excludedAttributes.
 */
@RestController
@RequestMapping("/scim/v2/{connectionId}/Groups")
public class GroupScimWriteController {
    private static final MediaType SCIM_JSON = MediaType.parseMediaType(ScimSchemas.MEDIA_TYPE);

    private final CommandGateway commands;
    private final ScimGroupMapper mapper = new ScimGroupMapper();
    private final PatchRequests patchRequests;

    public GroupScimWriteController(CommandGateway commands, ObjectMapper objectMapper) {
        this.commands = commands;
        this.patchRequests = new PatchRequests(objectMapper, SchemaCatalog.get().groups());
    }

    @PostMapping({"", "/"})
    public ResponseEntity<JsonNode> create(
            @PathVariable String connectionId, @RequestBody(required = false) JsonNode body) {
        ScimGroupInput input = mapper.read(body);
        String groupId = UUID.randomUUID().toString();
        GroupState created = commands.sendAndWait(new CreateGroupCommand(
                groupId, connectionId, input.displayName(), input.externalId(), input.memberIds()));
        String location = location(connectionId, groupId);
        return ResponseEntity.status(HttpStatus.CREATED)
                .header(HttpHeaders.LOCATION, location)
                .eTag(ETags.of(created.version()))
                .contentType(SCIM_JSON)
                .body(mapper.write(created, location, usersBase(connectionId), true));
    }

    @PutMapping("/{groupId}")
    public ResponseEntity<JsonNode> replace(
            @PathVariable String connectionId,
            @PathVariable String groupId,
            @RequestHeader(value = HttpHeaders.IF_MATCH, required = false) String ifMatch,
            @RequestBody(required = false) JsonNode body) {
        ScimGroupInput input = mapper.read(body);
        GroupState group = commands.sendAndWait(new ReplaceGroupCommand(
                groupId,
                connectionId,
                input.displayName(),
                input.externalId(),
                input.memberIds(),
                ETags.expectedVersion(ifMatch)));
        return view(group, AttributeSelection.all());
    }

    @PatchMapping("/{groupId}")
    public ResponseEntity<JsonNode> patch(
            @PathVariable String connectionId,
            @PathVariable String groupId,
            @RequestHeader(value = HttpHeaders.IF_MATCH, required = false) String ifMatch,
            @RequestParam(required = false) String attributes,
            @RequestParam(required = false) String excludedAttributes,
            @RequestBody(required = false) JsonNode body) {
        GroupState group = commands.sendAndWait(
                new PatchGroupCommand(groupId, connectionId, patchRequests.read(body), ETags.expectedVersion(ifMatch)));
        if (attributes == null && excludedAttributes == null) {
            return ResponseEntity.noContent().eTag(ETags.of(group.version())).build();
        }
        return view(group, AttributeSelection.of(attributes, excludedAttributes));
    }

    @DeleteMapping("/{groupId}")
    public ResponseEntity<Void> delete(
            @PathVariable String connectionId,
            @PathVariable String groupId,
            @RequestHeader(value = HttpHeaders.IF_MATCH, required = false) String ifMatch) {
        commands.sendAndWait(new DeleteGroupCommand(groupId, connectionId, ETags.expectedVersion(ifMatch)));
        return ResponseEntity.noContent().build();
    }

    private ResponseEntity<JsonNode> view(GroupState group, AttributeSelection selection) {
        String location = location(group.connectionId(), group.groupId());
        return ResponseEntity.ok()
                .header(HttpHeaders.LOCATION, location)
                .eTag(ETags.of(group.version()))
                .contentType(SCIM_JSON)
                .body(selection.apply(mapper.write(
                        group, location, usersBase(group.connectionId()), selection.mayReturn("members"))));
    }

    private static String location(String connectionId, String groupId) {
        return ScimLocations.group(
                ServletUriComponentsBuilder.fromCurrentContextPath().toUriString(), connectionId, groupId);
    }

    private static String usersBase(String connectionId) {
        return ScimLocations.users(
                ServletUriComponentsBuilder.fromCurrentContextPath().toUriString(), connectionId);
    }
}
