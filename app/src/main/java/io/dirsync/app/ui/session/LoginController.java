package io.dirsync.app.ui.session;

import io.dirsync.app.security.AdminCredential;
import io.dirsync.app.security.ClientOrigin;
import io.dirsync.app.security.CredentialKind;
import io.dirsync.app.security.FailedAuthentications;
import io.dirsync.app.security.SecurityEventLog;
import io.dirsync.app.security.auditor.AuditorTokens;
import jakarta.servlet.http.HttpServletRequest;
import jakarta.servlet.http.HttpServletResponse;
import org.springframework.http.HttpHeaders;
import org.springframework.http.ResponseCookie;
import org.springframework.stereotype.Controller;
import org.springframework.ui.Model;
import org.springframework.web.bind.annotation.GetMapping;
import org.springframework.web.bind.annotation.PostMapping;
import org.springframework.web.bind.annotation.RequestParam;

import java.time.Duration;
import java.util.Optional;

/**
 * The admin web UI's login (the admin token, or an auditor token for a read-only session) and logout. Every
 * sign-in, good or bad, is recorded with its source address; a source locked out after repeated failures gets the
 * page back with 429 before its token is compared.
 */
@Controller
public class LoginController {
    private final AdminCredential credential;
    private final AdminSessions sessions;
    private final FailedAuthentications failures;
    private final SecurityEventLog events;
    private final ClientOrigin origin;
    private final AuditorTokens auditorTokens;

    public LoginController(
            AdminCredential credential,
            AdminSessions sessions,
            FailedAuthentications failures,
            SecurityEventLog events,
            ClientOrigin origin,
            AuditorTokens auditorTokens) {
        this.auditorTokens = auditorTokens;
        this.credential = credential;
        this.sessions = sessions;
        this.failures = failures;
        this.events = events;
        this.origin = origin;
    }

    @GetMapping("/admin")
    public String home() {
        return "redirect:/admin/connections";
    }

    @GetMapping("/admin/login")
    public String loginPage() {
        return "admin/login";
    }

    @PostMapping("/admin/login")
    public String login(
            @RequestParam(defaultValue = "") String token,
            HttpServletRequest request,
            HttpServletResponse response,
            Model model) {
        String source = origin.sourceAddress(request);
        Optional<Duration> locked = failures.lockedFor(CredentialKind.ADMIN_UI, source);
        if (locked.isPresent()) {
            long seconds = FailedAuthentications.retryAfterSeconds(locked.get());
            response.setStatus(429);
            response.setHeader(HttpHeaders.RETRY_AFTER, Long.toString(seconds));
            model.addAttribute("lockedSeconds", seconds);
            return "admin/login";
        }
        String presented = token.trim();
        String session;
        if (credential.matches(presented)) {
            events.record(SecurityEventLog.LOGIN_SUCCEEDED, CredentialKind.ADMIN_UI, source, "session started");
            session = sessions.issue();
        } else {
            Optional<String> auditor = auditorTokens.idOf(presented);
            if (auditor.isEmpty()) {
                events.record(SecurityEventLog.LOGIN_FAILED, CredentialKind.ADMIN_UI, source, "wrong admin token");
                failures.failed(CredentialKind.ADMIN_UI, source);
                response.setStatus(HttpServletResponse.SC_UNAUTHORIZED);
                model.addAttribute("failed", true);
                return "admin/login";
            }
            events.record(
                    SecurityEventLog.LOGIN_SUCCEEDED,
                    CredentialKind.ADMIN_UI,
                    source,
                    "read-only session started with auditor token " + auditor.get());
            session = sessions.issueAuditor(auditor.get());
        }
        response.addHeader(
                HttpHeaders.SET_COOKIE,
                cookie(request, session, AdminSessions.LIFETIME).toString());
        return "redirect:/admin/connections";
    }

    @PostMapping("/admin/logout")
    public String logout(HttpServletRequest request, HttpServletResponse response) {
        response.addHeader(
                HttpHeaders.SET_COOKIE, cookie(request, "", Duration.ZERO).toString());
        return "redirect:/admin/login";
    }

    /**
     * HttpOnly (no script reads it), SameSite=Strict (no cross-site request carries it), only under /admin, and
     * Secure whenever the browser reached us over HTTPS, directly or (when trusted) through a proxy.
     */
    private ResponseCookie cookie(HttpServletRequest request, String value, Duration maxAge) {
        return ResponseCookie.from(AdminSessions.COOKIE, value)
                .httpOnly(true)
                .secure(origin.isHttps(request))
                .sameSite("Strict")
                .path(request.getContextPath() + "/admin")
                .maxAge(maxAge)
                .build();
    }
}
