package io.dirsync.app.ui.attributemapping;

import io.dirsync.api.attributemapping.AttributeMapping;
import io.dirsync.api.attributemapping.ListAttributeMappingsQuery;
import io.dirsync.api.attributemapping.ReplaceAttributeMappingsCommand;
import io.dirsync.app.ui.AdminReads;
import io.dirsync.app.ui.FormErrors;
import io.dirsync.query.support.Queries;
import jakarta.servlet.http.HttpServletRequest;
import jakarta.servlet.http.HttpServletResponse;
import org.axonframework.commandhandling.gateway.CommandGateway;
import org.axonframework.messaging.responsetypes.ResponseTypes;
import org.axonframework.queryhandling.QueryGateway;
import org.springframework.stereotype.Controller;
import org.springframework.ui.Model;
import org.springframework.web.bind.annotation.GetMapping;
import org.springframework.web.bind.annotation.PathVariable;
import org.springframework.web.bind.annotation.PostMapping;

import java.util.ArrayList;
import java.util.List;

/**
 * A connection's attribute mappings (SCIM path to publicMetadata key), edited as one list and saved whole, by the
 * same command as {@code PUT /api/connections/{id}/attribute-mappings}; a row left blank is dropped.
 */
@Controller
public class AttributeMappingPages {
    private final AdminReads reads;
    private final QueryGateway queries;
    private final CommandGateway commands;

    public AttributeMappingPages(AdminReads reads, QueryGateway queries, CommandGateway commands) {
        this.reads = reads;
        this.queries = queries;
        this.commands = commands;
    }

    @GetMapping("/admin/connections/{connectionId}/attribute-mappings")
    public String show(@PathVariable String connectionId, Model model) {
        if (!model.containsAttribute("mappings")) {
            model.addAttribute(
                    "mappings",
                    Queries.await(queries.query(
                            new ListAttributeMappingsQuery(connectionId),
                            ResponseTypes.multipleInstancesOf(AttributeMapping.class))));
        }
        model.addAttribute("connection", reads.connection(connectionId));
        model.addAttribute("paths", SchemaPaths.users());
        model.addAttribute("tab", "attribute-mappings");
        return "admin/attribute-mappings";
    }

    @PostMapping("/admin/connections/{connectionId}/attribute-mappings")
    public String save(
            @PathVariable String connectionId, HttpServletRequest request, Model model, HttpServletResponse response) {
        List<AttributeMapping> mappings =
                rows(request.getParameterValues("scimPath"), request.getParameterValues("attribute"));
        model.addAttribute("mappings", mappings);
        return FormErrors.submit(
                model,
                response,
                () -> {
                    commands.sendAndWait(new ReplaceAttributeMappingsCommand(connectionId, mappings));
                    return "redirect:/admin/connections/" + connectionId + "/attribute-mappings?saved";
                },
                () -> show(connectionId, model));
    }

    private static List<AttributeMapping> rows(String[] paths, String[] attributes) {
        List<AttributeMapping> rows = new ArrayList<>();
        int count = Math.max(paths == null ? 0 : paths.length, attributes == null ? 0 : attributes.length);
        for (int i = 0; i < count; i++) {
            String path = paths != null && i < paths.length ? paths[i].trim() : "";
            String attribute = attributes != null && i < attributes.length ? attributes[i].trim() : "";
            if (!path.isEmpty() || !attribute.isEmpty()) {
                rows.add(new AttributeMapping(path, attribute));
            }
        }
        return rows;
    }
}
