package io.dirsync.query.directoryuser;

import io.dirsync.api.directoryuser.DirectoryUserPage;
import io.dirsync.api.directoryuser.ListDirectoryUsersQuery;
import io.dirsync.query.support.Queries;
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
    public DirectoryUserPage list(
            @PathVariable String connectionId,
            @RequestParam(required = false) String status,
            @RequestParam(required = false) String q,
            @RequestParam(defaultValue = "1") int startIndex,
            @RequestParam(defaultValue = "50") int count) {
        return Queries.await(queries.query(
                ListDirectoryUsersQuery.of(connectionId, status, q, startIndex, count), DirectoryUserPage.class));
    }
}
