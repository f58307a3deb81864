package io.dirsync.app.ui.user;

import io.dirsync.api.attributemapping.EditPublicMetadataCommand;
import io.dirsync.app.ui.FormErrors;
import jakarta.servlet.http.HttpServletResponse;
import org.axonframework.commandhandling.gateway.CommandGateway;
import org.springframework.stereotype.Controller;
import org.springframework.ui.Model;
import org.springframework.web.bind.annotation.PathVariable;
import org.springframework.web.bind.annotation.PostMapping;
import org.springframework.web.bind.annotation.RequestParam;

import java.util.HashMap;
import java.util.Map;

/**
 * Sets or removes one publicMetadata key on the user page, by the same command as
 * {@code PATCH /api/users/{id}/public-metadata}: the user refuses a key mapped from SCIM while sync is on, and
 * the refusal shows on the form. An empty value removes the key (a merge patch's null).
 */
@Controller
public class PublicMetadataForm {
    private final CommandGateway commands;
    private final UserPage page;

    public PublicMetadataForm(CommandGateway commands, UserPage page) {
        this.commands = commands;
        this.page = page;
    }

    @PostMapping("/admin/users/{userId}/public-metadata")
    public String edit(
            @PathVariable String userId,
            @RequestParam(defaultValue = "") String key,
            @RequestParam(defaultValue = "") String value,
            Model model,
            HttpServletResponse response) {
        model.addAttribute("metadataKey", key);
        model.addAttribute("metadataValue", value);
        return FormErrors.submit(
                model,
                response,
                () -> {
                    Map<String, Object> changes = new HashMap<>();
                    if (!key.isBlank()) {
                        changes.put(key.trim(), value.isEmpty() ? null : value);
                    }
                    commands.sendAndWait(new EditPublicMetadataCommand(userId, changes));
                    return "redirect:/admin/users/" + userId + "?metadataSaved";
                },
                () -> page.show(userId, null, null, model));
    }
}
