package io.dirsync.command.organization;

import io.dirsync.api.organization.AddRoleCommand;
import io.dirsync.api.organization.CreateOrganizationCommand;
import io.dirsync.api.organization.DeleteRoleCommand;
import io.dirsync.api.rolemapping.AssignMemberRoleCommand;
import io.dirsync.api.rolemapping.MembershipIds;
import org.axonframework.commandhandling.gateway.CommandGateway;
import org.springframework.http.HttpStatus;
import org.springframework.http.ResponseEntity;
import org.springframework.web.bind.annotation.DeleteMapping;
import org.springframework.web.bind.annotation.PathVariable;
import org.springframework.web.bind.annotation.PostMapping;
import org.springframework.web.bind.annotation.PutMapping;
import org.springframework.web.bind.annotation.RequestBody;
import org.springframework.web.bind.annotation.RequestMapping;
import org.springframework.web.bind.annotation.RestController;
import org.springframework.web.servlet.support.ServletUriComponentsBuilder;

import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.UUID;

/** Admin API for organizations, their roles, and members' roles set by hand. */
@RestController
@RequestMapping("/api/organizations")
public class OrganizationAdminController {
    private final CommandGateway commands;

    public OrganizationAdminController(CommandGateway commands) {
        this.commands = commands;
    }

    public record CreateOrganizationRequest(String name, List<String> roles, String defaultRole) {}

    public record RoleRequest(String key) {}

    public record MemberRoleRequest(String role) {}

    @PostMapping
    public ResponseEntity<Map<String, Object>> create(@RequestBody CreateOrganizationRequest request) {
        String organizationId = UUID.randomUUID().toString();
        commands.sendAndWait(
                new CreateOrganizationCommand(organizationId, request.name(), request.roles(), request.defaultRole()));
        Map<String, Object> body = new LinkedHashMap<>();
        body.put("id", organizationId);
        body.put("name", request.name().trim());
        body.put("roles", request.roles());
        body.put("defaultRole", request.defaultRole());
        return ResponseEntity.created(ServletUriComponentsBuilder.fromCurrentRequest()
                        .path("/{id}")
                        .buildAndExpand(organizationId)
                        .toUri())
                .body(body);
    }

    @PostMapping("/{organizationId}/roles")
    public ResponseEntity<Map<String, Object>> addRole(
            @PathVariable String organizationId, @RequestBody RoleRequest request) {
        commands.sendAndWait(new AddRoleCommand(organizationId, request.key()));
        return ResponseEntity.status(HttpStatus.CREATED).body(Map.of("key", request.key()));
    }

    @DeleteMapping("/{organizationId}/roles/{key}")
    public ResponseEntity<Void> deleteRole(@PathVariable String organizationId, @PathVariable String key) {
        commands.sendAndWait(new DeleteRoleCommand(organizationId, key));
        return ResponseEntity.noContent().build();
    }

    /** 409 when the role comes from a group mapping while directory sync is enabled. */
    @PutMapping("/{organizationId}/members/{userId}/role")
    public Map<String, Object> assignRole(
            @PathVariable String organizationId, @PathVariable String userId, @RequestBody MemberRoleRequest request) {
        commands.sendAndWait(
                new AssignMemberRoleCommand(MembershipIds.of(userId), userId, organizationId, request.role()));
        return Map.of("userId", userId, "role", request.role(), "roleSource", "manual");
    }
}
