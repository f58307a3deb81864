package io.dirsync.command.connection;

import io.dirsync.api.connection.ChangeDeletionPolicyCommand;
import io.dirsync.api.connection.ChangeUnknownAttributesCommand;
import io.dirsync.api.connection.DeletionPolicy;
import io.dirsync.api.connection.UnknownAttributes;
import io.dirsync.api.rolemapping.ReplaceRoleMappingsCommand;
import io.dirsync.api.rolemapping.RoleMapping;
import org.axonframework.commandhandling.gateway.CommandGateway;
import org.springframework.http.HttpStatus;
import org.springframework.http.ResponseEntity;
import org.springframework.web.bind.annotation.DeleteMapping;
import org.springframework.web.bind.annotation.GetMapping;
import org.springframework.web.bind.annotation.PathVariable;
import org.springframework.web.bind.annotation.PostMapping;
import org.springframework.web.bind.annotation.PutMapping;
import org.springframework.web.bind.annotation.RequestBody;
import org.springframework.web.bind.annotation.RequestMapping;
import org.springframework.web.bind.annotation.RestController;
import org.springframework.web.servlet.support.ServletUriComponentsBuilder;

import java.net.URI;
import java.time.Duration;
import java.time.Instant;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/** Admin API for connections. The bearer token appears in these answers and nowhere else, ever. */
@RestController
@RequestMapping("/api/connections")
public class ConnectionAdminController {
    private final ConnectionAdministration connections;
    private final CommandGateway commands;

    public ConnectionAdminController(ConnectionAdministration connections, CommandGateway commands) {
        this.connections = connections;
        this.commands = commands;
    }

    /** @param deletionPolicy optional: "deactivate" (the default) or "erase" */
    public record CreateConnectionRequest(String name, String organizationId, String deletionPolicy) {}

    public record DeletionPolicyRequest(String policy) {}

    @PostMapping
    public ResponseEntity<Map<String, Object>> create(@RequestBody CreateConnectionRequest request) {
        DeletionPolicy policy = request.deletionPolicy() == null
                ? DeletionPolicy.DEACTIVATE
                : DeletionPolicy.parse(request.deletionPolicy());
        ConnectionAdministration.CreatedConnection created = connections.create(
                ServletUriComponentsBuilder.fromCurrentContextPath().toUriString(),
                request.name(),
                request.organizationId(),
                policy);
        Map<String, Object> body = new LinkedHashMap<>();
        body.put("id", created.id());
        body.put("name", created.name());
        body.put("organizationId", created.organizationId());
        body.put("scimBaseUrl", created.scimBaseUrl());
        body.put("bearerToken", created.bearerToken());
        body.put("syncEnabled", true);
        body.put("deletionPolicy", policy.external());
        URI location = ServletUriComponentsBuilder.fromCurrentRequest()
                .path("/{id}")
                .buildAndExpand(created.id())
                .toUri();
        return ResponseEntity.status(HttpStatus.CREATED).location(location).body(body);
    }

    @PostMapping("/{connectionId}/sync/disable")
    public Map<String, Object> disableSync(@PathVariable String connectionId) {
        connections.setSync(connectionId, false);
        return Map.of("id", connectionId, "syncEnabled", false);
    }

    @PostMapping("/{connectionId}/sync/enable")
    public Map<String, Object> enableSync(@PathVariable String connectionId) {
        connections.setSync(connectionId, true);
        return Map.of("id", connectionId, "syncEnabled", true);
    }

    /** The whole ordered list; index 0 has the highest precedence. */
    @PutMapping("/{connectionId}/role-mappings")
    public List<RoleMapping> replaceRoleMappings(
            @PathVariable String connectionId, @RequestBody List<RoleMapping> mappings) {
        commands.sendAndWait(new ReplaceRoleMappingsCommand(connectionId, mappings));
        return mappings;
    }

    public record UnknownAttributesRequest(String unknownAttributes) {}

    /**
     * {@code "reject"} (the default) or {@code "keep"}: whether SCIM writes refuse attributes the core and enterprise
     * schemas do not define, or store them as sent. Takes effect for the next SCIM write.
     */
    @PutMapping("/{connectionId}/unknown-attributes")
    public Map<String, Object> changeUnknownAttributes(
            @PathVariable String connectionId, @RequestBody UnknownAttributesRequest request) {
        UnknownAttributes policy = UnknownAttributes.parse(request == null ? null : request.unknownAttributes());
        commands.sendAndWait(new ChangeUnknownAttributesCommand(connectionId, policy));
        return Map.of("id", connectionId, "unknownAttributes", policy.external());
    }

    /** Takes effect for the next SCIM DELETE; users deleted before keep what their policy then did. */
    @PutMapping("/{connectionId}/deletion-policy")
    public Map<String, Object> changeDeletionPolicy(
            @PathVariable String connectionId, @RequestBody DeletionPolicyRequest request) {
        DeletionPolicy policy = DeletionPolicy.parse(request == null ? null : request.policy());
        commands.sendAndWait(new ChangeDeletionPolicyCommand(connectionId, policy));
        return Map.of("id", connectionId, "deletionPolicy", policy.external());
    }

    /** @param expiresInSeconds how long the token in use until now keeps working; 0 stops it at once; default 24 h */
    public record RotateTokenRequest(Long expiresInSeconds) {}

    /**
     * A new token, shown this once, and the tokens that work now. The previous token keeps working for the grace
     * asked; a third token while two work revokes the oldest at once.
     */
    @PostMapping("/{connectionId}/token")
    public RotatedTokenView rotateToken(
            @PathVariable String connectionId, @RequestBody(required = false) RotateTokenRequest request) {
        Duration grace = request == null || request.expiresInSeconds() == null
                ? ConnectionAdministration.DEFAULT_GRACE
                : Duration.ofSeconds(request.expiresInSeconds());
        ConnectionAdministration.RotatedToken rotated = connections.rotateToken(connectionId, grace);
        return new RotatedTokenView(rotated.tokenId(), rotated.bearerToken(), tokens(connectionId));
    }

    /** @param bearerToken the new token, shown this once; {@code tokens} the ones that work now, the new one last */
    public record RotatedTokenView(String id, String bearerToken, List<TokenView> tokens) {}

    /** The tokens that work now, oldest first: id, createdAt, expiresAt and lastUsedAt (null: none yet), never a value. */
    @GetMapping("/{connectionId}/tokens")
    public List<TokenView> tokens(@PathVariable String connectionId) {
        return connections.tokens(connectionId).stream()
                .map(token -> new TokenView(token.tokenId(), token.createdAt(), token.expiresAt(), token.lastUsedAt()))
                .toList();
    }

    /** The token stops working at once; 404 if the connection holds no such token. */
    @DeleteMapping("/{connectionId}/tokens/{tokenId}")
    public ResponseEntity<Void> revokeToken(@PathVariable String connectionId, @PathVariable String tokenId) {
        connections.revokeToken(connectionId, tokenId);
        return ResponseEntity.noContent().build();
    }

    /** One of a connection's tokens as the admin API lists it. {@code lastUsedAt} is recorded at most once a minute. */
    public record TokenView(String id, Instant createdAt, Instant expiresAt, Instant lastUsedAt) {}
}
