package io.dirsync.app.security.auditor;

import io.dirsync.app.security.ClientOrigin;
import io.dirsync.app.security.CredentialKind;
import io.dirsync.app.security.SecurityEventLog;
import io.dirsync.scim.ScimException;
import jakarta.servlet.http.HttpServletRequest;
import org.springframework.http.HttpStatus;
import org.springframework.http.ResponseEntity;
import org.springframework.web.bind.annotation.DeleteMapping;
import org.springframework.web.bind.annotation.GetMapping;
import org.springframework.web.bind.annotation.PathVariable;
import org.springframework.web.bind.annotation.PostMapping;
import org.springframework.web.bind.annotation.RequestBody;
import org.springframework.web.bind.annotation.RequestMapping;
import org.springframework.web.bind.annotation.RestController;

import java.util.List;

/**
 * {@code /api/auditor-tokens}: the admin issues, lists and revokes read-only tokens (an auditor token reaches none of
 * these, see {@link AuditorRoutes}). Issuing and revoking land in the security event log.
 */
@RestController
@RequestMapping("/api/auditor-tokens")
public class AuditorTokenController {
    private final AuditorTokens tokens;
    private final SecurityEventLog events;
    private final ClientOrigin origin;

    public AuditorTokenController(AuditorTokens tokens, SecurityEventLog events, ClientOrigin origin) {
        this.tokens = tokens;
        this.events = events;
        this.origin = origin;
    }

    public record IssueRequest(String name, Long expiresInSeconds) {}

    @PostMapping
    public ResponseEntity<AuditorTokens.IssuedToken> issue(@RequestBody IssueRequest request, HttpServletRequest http) {
        AuditorTokens.IssuedToken issued = tokens.issue(request.name(), request.expiresInSeconds());
        events.record(
                SecurityEventLog.AUDITOR_TOKEN_ISSUED,
                CredentialKind.ADMIN_API,
                origin.sourceAddress(http),
                "auditor token " + issued.id() + " for " + request.expiresInSeconds() + " s");
        return ResponseEntity.status(HttpStatus.CREATED).body(issued);
    }

    @GetMapping
    public List<AuditorTokens.AuditorToken> list() {
        return tokens.list();
    }

    @DeleteMapping("/{id}")
    public ResponseEntity<Void> revoke(@PathVariable String id, HttpServletRequest http) {
        if (!tokens.revoke(id)) {
            throw new ScimException(404, null, "No auditor token " + id);
        }
        events.record(
                SecurityEventLog.AUDITOR_TOKEN_REVOKED,
                CredentialKind.ADMIN_API,
                origin.sourceAddress(http),
                "auditor token " + id);
        return ResponseEntity.noContent().build();
    }
}
