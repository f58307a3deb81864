package io.dirsync.app.ui.connection;

import io.dirsync.api.connection.DeletionPolicy;
import io.dirsync.app.audit.ProvisioningFailures;
import io.dirsync.app.ui.AdminReads;
import io.dirsync.app.ui.FormErrors;
import io.dirsync.command.connection.ConnectionAdministration;
import io.dirsync.command.connection.ConnectionCredentials;
import io.dirsync.scim.ScimLocations;
import jakarta.servlet.http.HttpServletResponse;
import org.springframework.stereotype.Controller;
import org.springframework.ui.Model;
import org.springframework.web.bind.annotation.GetMapping;
import org.springframework.web.bind.annotation.PathVariable;
import org.springframework.web.bind.annotation.PostMapping;
import org.springframework.web.bind.annotation.RequestParam;
import org.springframework.web.servlet.support.ServletUriComponentsBuilder;

import java.time.Duration;
import java.util.List;

/**
 * Connections: the list, creation, token rotation (the token shown once, the previous one kept for the grace chosen),
 * the tokens that work and their revocation, sync on and off, groups, failures.
 */
@Controller
public class ConnectionPages {
    private final AdminReads reads;
    private final ConnectionAdministration connections;
    private final ProvisioningFailures failures;

    public ConnectionPages(AdminReads reads, ConnectionAdministration connections, ProvisioningFailures failures) {
        this.reads = reads;
        this.connections = connections;
        this.failures = failures;
    }

    @GetMapping("/admin/connections")
    public String list(Model model) {
        model.addAttribute("connections", reads.connections());
        model.addAttribute("organizations", reads.organizations());
        return "admin/connections";
    }

    /**
     * Answers with the page itself, not a redirect: the token is shown this once and must not sit in a URL. A
     * refused name, organization or policy shows on the form.
     */
    @PostMapping("/admin/connections")
    public String create(
            @RequestParam(defaultValue = "") String name,
            @RequestParam(required = false) String organizationId,
            @RequestParam(defaultValue = "deactivate") String deletionPolicy,
            Model model,
            HttpServletResponse response) {
        model.addAttribute("name", name);
        model.addAttribute("organizationId", organizationId);
        model.addAttribute("deletionPolicy", deletionPolicy);
        return FormErrors.submit(
                model,
                response,
                () -> {
                    ConnectionAdministration.CreatedConnection created = connections.create(
                            origin(),
                            name,
                            organizationId == null || organizationId.isBlank() ? null : organizationId,
                            DeletionPolicy.parse(deletionPolicy));
                    model.addAttribute("connectionId", created.id());
                    model.addAttribute("connectionName", created.name());
                    model.addAttribute("scimBaseUrl", created.scimBaseUrl());
                    model.addAttribute("bearerToken", created.bearerToken());
                    model.addAttribute("rotated", false);
                    return "admin/connection-token";
                },
                () -> list(model));
    }

    @GetMapping("/admin/connections/{connectionId}")
    public String overview(@PathVariable String connectionId, Model model) {
        model.addAttribute("connection", reads.connection(connectionId));
        model.addAttribute("scimBaseUrl", ScimLocations.base(origin(), connectionId));
        model.addAttribute("tokens", connections.tokens(connectionId));
        model.addAttribute("tab", "overview");
        return "admin/connection";
    }

    /** @param expiresInSeconds how long the token in use until now keeps working (0: it stops at once) */
    @PostMapping("/admin/connections/{connectionId}/token")
    public String rotateToken(@PathVariable String connectionId, @RequestParam long expiresInSeconds, Model model) {
        AdminReads.ConnectionView connection = reads.connection(connectionId);
        model.addAttribute("connectionId", connectionId);
        model.addAttribute("connectionName", connection.overview().name());
        model.addAttribute("scimBaseUrl", ScimLocations.base(origin(), connectionId));
        model.addAttribute(
                "bearerToken",
                connections
                        .rotateToken(connectionId, Duration.ofSeconds(expiresInSeconds))
                        .bearerToken());
        model.addAttribute("rotated", true);
        List<ConnectionCredentials.Token> tokens = connections.tokens(connectionId);
        model.addAttribute(
                "previousExpiresAt", tokens.size() > 1 ? tokens.get(0).expiresAt() : null);
        return "admin/connection-token";
    }

    @PostMapping("/admin/connections/{connectionId}/tokens/{tokenId}/revoke")
    public String revokeToken(@PathVariable String connectionId, @PathVariable String tokenId) {
        connections.revokeToken(connectionId, tokenId);
        return "redirect:/admin/connections/" + connectionId;
    }

    @PostMapping("/admin/connections/{connectionId}/sync")
    public String setSync(@PathVariable String connectionId, @RequestParam boolean enabled) {
        connections.setSync(connectionId, enabled);
        return "redirect:/admin/connections/" + connectionId;
    }

    @GetMapping("/admin/connections/{connectionId}/groups")
    public String groups(@PathVariable String connectionId, Model model) {
        model.addAttribute("connection", reads.connection(connectionId));
        model.addAttribute("groups", reads.groups(connectionId));
        model.addAttribute("tab", "groups");
        return "admin/groups";
    }

    @GetMapping("/admin/connections/{connectionId}/failures")
    public String failures(@PathVariable String connectionId, Model model) {
        model.addAttribute("connection", reads.connection(connectionId));
        model.addAttribute("failures", failures.newest(connectionId, 200));
        model.addAttribute("tab", "failures");
        return "admin/failures";
    }

    private static String origin() {
        return ServletUriComponentsBuilder.fromCurrentContextPath().toUriString();
    }
}
