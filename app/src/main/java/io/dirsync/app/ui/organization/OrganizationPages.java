package io.dirsync.app.ui.organization;

import io.dirsync.api.organization.AddRoleCommand;
import io.dirsync.api.organization.CreateOrganizationCommand;
import io.dirsync.app.ui.AdminReads;
import io.dirsync.app.ui.FormErrors;
import jakarta.servlet.http.HttpServletResponse;
import org.axonframework.commandhandling.gateway.CommandGateway;
import org.springframework.stereotype.Controller;
import org.springframework.ui.Model;
import org.springframework.web.bind.annotation.GetMapping;
import org.springframework.web.bind.annotation.PathVariable;
import org.springframework.web.bind.annotation.PostMapping;
import org.springframework.web.bind.annotation.RequestParam;
import org.springframework.web.util.UriUtils;

import java.nio.charset.StandardCharsets;
import java.util.UUID;

/**
 * Organizations with their roles: the list, creation (roles and the default role) and adding a role. The same
 * commands as {@code /api/organizations}; the aggregate decides what is valid, and a refusal shows on the form.
 */
@Controller
public class OrganizationPages {
    private final AdminReads reads;
    private final CommandGateway commands;

    public OrganizationPages(AdminReads reads, CommandGateway commands) {
        this.reads = reads;
        this.commands = commands;
    }

    @GetMapping("/admin/organizations")
    public String list(Model model) {
        model.addAttribute("organizations", reads.organizations());
        model.addAttribute("section", "organizations");
        return "admin/organizations";
    }

    @PostMapping("/admin/organizations")
    public String create(
            @RequestParam(defaultValue = "") String name,
            @RequestParam(defaultValue = "") String roles,
            @RequestParam(defaultValue = "") String defaultRole,
            Model model,
            HttpServletResponse response) {
        model.addAttribute("name", name);
        model.addAttribute("roles", roles);
        model.addAttribute("defaultRole", defaultRole);
        return FormErrors.submit(
                model,
                response,
                () -> {
                    String organizationId = UUID.randomUUID().toString();
                    commands.sendAndWait(new CreateOrganizationCommand(
                            organizationId,
                            name,
                            FormErrors.commaList(roles),
                            defaultRole.isBlank() ? null : defaultRole.trim()));
                    return "redirect:/admin/organizations?created=" + organizationId;
                },
                () -> list(model));
    }

    @PostMapping("/admin/organizations/{organizationId}/roles")
    public String addRole(
            @PathVariable String organizationId,
            @RequestParam(defaultValue = "") String key,
            Model model,
            HttpServletResponse response) {
        model.addAttribute("roleFormOf", organizationId);
        return FormErrors.submit(
                model,
                response,
                () -> {
                    commands.sendAndWait(new AddRoleCommand(organizationId, key.trim()));
                    return "redirect:/admin/organizations?roleAdded="
                            + UriUtils.encodeQueryParam(key.trim(), StandardCharsets.UTF_8);
                },
                () -> list(model));
    }
}
