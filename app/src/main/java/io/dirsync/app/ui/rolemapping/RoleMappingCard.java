package io.dirsync.app.ui.rolemapping;

import io.dirsync.api.group.GroupSummary;
import io.dirsync.api.rolemapping.ReplaceRoleMappingsCommand;
import io.dirsync.api.rolemapping.RoleMapping;
import io.dirsync.app.ui.AdminReads;
import io.dirsync.command.rolemapping.RoleMappingPreview;
import io.dirsync.scim.ScimException;
import io.dirsync.scim.ScimType;
import org.axonframework.commandhandling.gateway.CommandGateway;
import org.springframework.stereotype.Controller;
import org.springframework.ui.Model;
import org.springframework.web.bind.annotation.GetMapping;
import org.springframework.web.bind.annotation.PathVariable;
import org.springframework.web.bind.annotation.PostMapping;
import org.springframework.web.bind.annotation.RequestParam;

import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.stream.Collectors;

/**
 * The Role mapping card: the ordered list (first match wins), edited in the page (drag, move up/down, add,
 * remove), previewed by the same {@link RoleMappingPreview} as the admin API, saved as one
 * {@link ReplaceRoleMappingsCommand}.
 */
@Controller
public class RoleMappingCard {
    private final AdminReads reads;
    private final RoleMappingPreview preview;
    private final CommandGateway commands;

    public RoleMappingCard(AdminReads reads, RoleMappingPreview preview, CommandGateway commands) {
        this.reads = reads;
        this.preview = preview;
        this.commands = commands;
    }

    /** A mapping as a row shows it: the group by name. */
    public record MappingRow(String groupId, String groupName, int memberCount, String role) {}

    @GetMapping("/admin/connections/{connectionId}/role-mapping")
    public String card(@PathVariable String connectionId, Model model) {
        AdminReads.ConnectionView connection = reads.connection(connectionId);
        List<GroupSummary> groups = reads.groups(connectionId);
        Map<String, GroupSummary> byId =
                groups.stream().collect(Collectors.toMap(GroupSummary::id, g -> g, (a, b) -> a));
        model.addAttribute("connection", connection);
        model.addAttribute(
                "mappings",
                reads.roleMappings(connectionId).stream()
                        .map(m -> {
                            GroupSummary group = byId.get(m.groupId());
                            return new MappingRow(
                                    m.groupId(),
                                    group == null ? m.groupId() : group.displayName(),
                                    group == null ? 0 : group.memberCount(),
                                    m.role());
                        })
                        .toList());
        model.addAttribute("groups", groups);
        model.addAttribute(
                "roles", connection.organization().map(org -> org.roles()).orElse(List.of()));
        model.addAttribute("tab", "role-mapping");
        return "admin/role-mapping";
    }

    /** An htmx fragment: whose role the list in the page would change, changing nothing. */
    @PostMapping("/admin/connections/{connectionId}/role-mapping/preview")
    public String preview(
            @PathVariable String connectionId,
            @RequestParam(name = "groupId", required = false) List<String> groupIds,
            @RequestParam(name = "role", required = false) List<String> roles,
            Model model) {
        RoleMappingPreview.Result result = preview.preview(connectionId, mappings(groupIds, roles));
        model.addAttribute("result", result);
        model.addAttribute("groupNames", AdminReads.namesById(reads.groups(connectionId)));
        return "admin/role-mapping-preview :: preview";
    }

    @PostMapping("/admin/connections/{connectionId}/role-mapping")
    public String save(
            @PathVariable String connectionId,
            @RequestParam(name = "groupId", required = false) List<String> groupIds,
            @RequestParam(name = "role", required = false) List<String> roles) {
        commands.sendAndWait(new ReplaceRoleMappingsCommand(connectionId, mappings(groupIds, roles)));
        return "redirect:/admin/connections/" + connectionId + "/role-mapping?saved";
    }

    /** The rows of the form, in their order on the page. */
    private static List<RoleMapping> mappings(List<String> groupIds, List<String> roles) {
        List<String> groups = groupIds == null ? List.of() : groupIds;
        List<String> keys = roles == null ? List.of() : roles;
        if (groups.size() != keys.size()) {
            throw ScimException.badRequest(ScimType.invalidValue, "Every mapping needs a group and a role");
        }
        List<RoleMapping> mappings = new ArrayList<>();
        for (int i = 0; i < groups.size(); i++) {
            mappings.add(new RoleMapping(groups.get(i), keys.get(i)));
        }
        return mappings;
    }
}
