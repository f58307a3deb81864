package io.dirsync.app.security;

import io.dirsync.app.web.FilterErrors;
import io.dirsync.scim.ScimException;
import jakarta.servlet.FilterChain;
import jakarta.servlet.ServletException;
import jakarta.servlet.http.HttpServletRequest;
import jakarta.servlet.http.HttpServletResponse;
import org.springframework.core.Ordered;
import org.springframework.core.annotation.Order;
import org.springframework.http.HttpHeaders;
import org.springframework.stereotype.Component;
import org.springframework.web.filter.OncePerRequestFilter;

import java.io.IOException;
import java.time.Duration;
import java.util.Optional;

/**
 * Wraps the bearer-token checks of {@code /api} (and the guarded actuator endpoints) and {@code /scim/v2}: a locked-out source gets 429 with
 * {@code Retry-After} before its token is compared, and every 401 those checks answer counts as a failure.
 * The admin web UI's login form counts its own failures (see {@code LoginController}), as it answers with a page.
 */
@Component
@Order(Ordered.HIGHEST_PRECEDENCE + 5)
public class FailedAuthenticationThrottle extends OncePerRequestFilter {
    private final FailedAuthentications failures;
    private final ClientOrigin origin;
    private final FilterErrors errors;

    public FailedAuthenticationThrottle(FailedAuthentications failures, ClientOrigin origin, FilterErrors errors) {
        this.failures = failures;
        this.origin = origin;
        this.errors = errors;
    }

    @Override
    protected boolean shouldNotFilter(HttpServletRequest request) {
        return kind(request) == null;
    }

    @Override
    protected void doFilterInternal(HttpServletRequest request, HttpServletResponse response, FilterChain chain)
            throws ServletException, IOException {
        CredentialKind kind = kind(request);
        String source = origin.sourceAddress(request);
        Optional<Duration> locked = failures.lockedFor(kind, source);
        if (locked.isPresent()) {
            long seconds = FailedAuthentications.retryAfterSeconds(locked.get());
            response.setHeader(HttpHeaders.RETRY_AFTER, Long.toString(seconds));
            errors.write(
                    request,
                    response,
                    new ScimException(
                            429,
                            null,
                            "Too many failed authentications from this address; retry after " + seconds + " s"));
            return;
        }
        chain.doFilter(request, response);
        if (response.getStatus() == HttpServletResponse.SC_UNAUTHORIZED) {
            failures.failed(kind, source);
        }
    }

    private static CredentialKind kind(HttpServletRequest request) {
        String path = request.getRequestURI().substring(request.getContextPath().length());
        if (AdminAuthenticationFilter.guards(path)) {
            return CredentialKind.ADMIN_API;
        }
        return path.startsWith("/scim/") ? CredentialKind.SCIM : null;
    }
}
