package io.dirsync.app.audit;

import org.springframework.web.bind.annotation.GetMapping;
import org.springframework.web.bind.annotation.PathVariable;
import org.springframework.web.bind.annotation.RequestParam;
import org.springframework.web.bind.annotation.RestController;

import java.util.List;

/** {@code GET /api/connections/{id}/provisioning-failures}: the newest failed SCIM requests first. */
@RestController
public class ProvisioningFailureController {
    private final ProvisioningFailures failures;

    public ProvisioningFailureController(ProvisioningFailures failures) {
        this.failures = failures;
    }

    @GetMapping("/api/connections/{connectionId}/provisioning-failures")
    public List<ProvisioningFailures.ProvisioningFailure> list(
            @PathVariable String connectionId, @RequestParam(defaultValue = "100") int limit) {
        return failures.newest(connectionId, limit);
    }
}
