package io.dirsync.query.directoryuser;

import io.dirsync.query.Queries;
import io.dirsync.scim.ScimException;
import io.dirsync.scim.ScimType;
import org.axonframework.queryhandling.QueryGateway;
import org.springframework.web.bind.annotation.GetMapping;
import org.springframework.web.bind.annotation.PathVariable;
import org.springframework.web.bind.annotation.RequestParam;
import org.springframework.web.bind.annotation.RestController;

/** {@code GET /api/connections/{id}/directory-users}: what the admin's Directory users tab shows. */
@RestController
public class DirectoryUserAdminController {
    private final QueryGateway queries;

    public DirectoryUserAdminController(QueryGateway queries) {
        this.queries = queries;
    }

    @GetMapping("/api/connections/{connectionId}/directory-users")
    public DirectoryUserPage list(@PathVariable String connectionId,
                                  @RequestParam(required = false) String status,
                                  @RequestParam(required = false) String q,
                                  @RequestParam(defaultValue = "1") int startIndex,
                                  @RequestParam(defaultValue = "50") int count) {
        String normalizedStatus = status == null || status.isBlank() ? null : switch (status.trim().toLowerCase()) {
            case "active" -> "Active";
            case "deactivated" -> "Deactivated";
            default -> throw ScimException.badRequest(ScimType.invalidValue, "status must be Active or Deactivated");
        };
        return Queries.await(queries.query(new ListDirectoryUsersQuery(connectionId, normalizedStatus, q,
                Math.max(1, startIndex), Math.max(0, Math.min(1000, count))), DirectoryUserPage.class));
    }
}
