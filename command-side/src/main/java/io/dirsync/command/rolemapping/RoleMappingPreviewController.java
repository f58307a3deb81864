package io.dirsync.command.rolemapping;

import io.dirsync.api.rolemapping.RoleMapping;
import org.springframework.web.bind.annotation.PathVariable;
import org.springframework.web.bind.annotation.PostMapping;
import org.springframework.web.bind.annotation.RequestBody;
import org.springframework.web.bind.annotation.RestController;

import java.util.List;

/**
 * {@code POST /api/connections/{id}/role-mappings/preview}: what a PUT of the same list would change, changing
 * nothing. It lives on the command side because it reads the resolver's own tables.
 */
@RestController
public class RoleMappingPreviewController {
    private final RoleMappingPreview preview;

    public RoleMappingPreviewController(RoleMappingPreview preview) {
        this.preview = preview;
    }

    @PostMapping("/api/connections/{connectionId}/role-mappings/preview")
    public RoleMappingPreview.Result preview(
            @PathVariable String connectionId, @RequestBody List<RoleMapping> proposal) {
        return preview.preview(connectionId, proposal);
    }
}
