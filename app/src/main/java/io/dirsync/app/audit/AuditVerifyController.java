package io.dirsync.app.audit;

import org.springframework.web.bind.annotation.GetMapping;
import org.springframework.web.bind.annotation.RequestParam;
import org.springframework.web.bind.annotation.RestController;

/** {@code GET /api/audit/verify}: is the stored history as it was written? */
@RestController
public class AuditVerifyController {
    private final ChainVerifier verifier;

    public AuditVerifyController(ChainVerifier verifier) {
        this.verifier = verifier;
    }

    @GetMapping("/api/audit/verify")
    public ChainVerifier.Report verify(@RequestParam(required = false) String connectionId) {
        return verifier.verify(connectionId);
    }
}
