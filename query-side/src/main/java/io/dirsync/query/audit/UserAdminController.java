package io.dirsync.query.audit;

import org.springframework.web.bind.annotation.GetMapping;
import org.springframework.web.bind.annotation.PathVariable;
import org.springframework.web.bind.annotation.RequestParam;
import org.springframework.web.bind.annotation.RestController;

/** {@code GET /api/users/{id}}, now or {@code ?asOf=} an instant: rebuilt from the events up to then. */
@RestController
public class UserAdminController {
    private final UserLookup users;

    public UserAdminController(UserLookup users) {
        this.users = users;
    }

    @GetMapping("/api/users/{userId}")
    public UserSnapshot get(@PathVariable String userId, @RequestParam(required = false) String asOf) {
        return users.find(userId, AuditAdminController.instant("asOf", asOf));
    }
}
