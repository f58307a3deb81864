package io.dirsync.query.audit;

import io.dirsync.scim.ScimException;
import org.springframework.web.bind.annotation.GetMapping;
import org.springframework.web.bind.annotation.PathVariable;
import org.springframework.web.bind.annotation.RequestParam;
import org.springframework.web.bind.annotation.RestController;

/** {@code GET /api/users/{id}}, now or {@code ?asOf=} an instant: rebuilt from the events up to then. */
@RestController
public class UserAdminController {
    private final UserTimeMachine timeMachine;

    public UserAdminController(UserTimeMachine timeMachine) {
        this.timeMachine = timeMachine;
    }

    @GetMapping("/api/users/{userId}")
    public UserSnapshot get(@PathVariable String userId, @RequestParam(required = false) String asOf) {
        return timeMachine.at(userId, AuditAdminController.instant("asOf", asOf))
                .orElseThrow(() -> new ScimException(404, null, "User " + userId + " not found" + (asOf == null ? "" : " as of " + asOf)));
    }
}
