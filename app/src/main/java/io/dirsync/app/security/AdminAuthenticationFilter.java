package io.dirsync.app.security;

import com.fasterxml.jackson.databind.ObjectMapper;
import io.dirsync.app.security.auditor.AuditorRoutes;
import io.dirsync.app.security.auditor.AuditorTokens;
import io.dirsync.app.web.FilterErrors;
import io.dirsync.scim.ScimError;
import io.dirsync.scim.ScimException;
import jakarta.servlet.FilterChain;
import jakarta.servlet.ServletException;
import jakarta.servlet.http.HttpServletRequest;
import jakarta.servlet.http.HttpServletResponse;
import org.springframework.core.Ordered;
import org.springframework.core.annotation.Order;
import org.springframework.http.HttpHeaders;
import org.springframework.http.MediaType;
import org.springframework.stereotype.Component;
import org.springframework.web.filter.OncePerRequestFilter;

import java.io.IOException;
import java.util.Set;

/**
 * Every call under {@code /api}, and every actuator endpoint but the public health probes, needs the admin bearer token,
 * or an auditor token for the read routes of {@link AuditorRoutes} (any other route answers an auditor 403). An
 * expired, revoked or unknown token is a 401, which {@link FailedAuthenticationThrottle} counts.
 */
@Component
@Order(Ordered.HIGHEST_PRECEDENCE + 10)
public class AdminAuthenticationFilter extends OncePerRequestFilter {
    private final AdminCredential credential;
    private final AuditorTokens auditorTokens;
    private final ObjectMapper objectMapper;
    private final FilterErrors errors;

    public AdminAuthenticationFilter(
            AdminCredential credential, AuditorTokens auditorTokens, ObjectMapper objectMapper, FilterErrors errors) {
        this.credential = credential;
        this.auditorTokens = auditorTokens;
        this.objectMapper = objectMapper;
        this.errors = errors;
    }

    /** What a load balancer or orchestrator asks without a credential; they show a status, never details. */
    private static final Set<String> PUBLIC_ACTUATOR =
            Set.of("/actuator/health", "/actuator/health/liveness", "/actuator/health/readiness");

    /** The paths this filter guards: the admin API and the actuator (metrics, the processors' health) but its public probes. */
    public static boolean guards(String path) {
        return path.equals("/api")
                || path.startsWith("/api/")
                || (path.equals("/actuator") || path.startsWith("/actuator/")) && !PUBLIC_ACTUATOR.contains(path);
    }

    @Override
    protected boolean shouldNotFilter(HttpServletRequest request) {
        return !guards(path(request));
    }

    @Override
    protected void doFilterInternal(HttpServletRequest request, HttpServletResponse response, FilterChain chain)
            throws ServletException, IOException {
        String authorization = request.getHeader(HttpHeaders.AUTHORIZATION);
        String token = authorization != null && authorization.regionMatches(true, 0, "Bearer ", 0, 7)
                ? authorization.substring(7).trim()
                : null;
        if (token != null && credential.matches(token)) {
            chain.doFilter(request, response);
            return;
        }
        if (token != null && auditorTokens.isValid(token)) {
            if (AuditorRoutes.readable(request.getMethod(), path(request))) {
                chain.doFilter(request, response);
            } else {
                errors.write(
                        request, response, new ScimException(403, null, "An auditor token reads and never writes"));
            }
            return;
        }
        response.setStatus(HttpServletResponse.SC_UNAUTHORIZED);
        response.setHeader(HttpHeaders.WWW_AUTHENTICATE, "Bearer realm=\"dirsync-admin\"");
        response.setContentType(MediaType.APPLICATION_JSON_VALUE);
        objectMapper.writeValue(response.getOutputStream(), ScimError.of(401, null, "Missing or invalid admin token"));
    }

    private static String path(HttpServletRequest request) {
        return request.getRequestURI().substring(request.getContextPath().length());
    }
}
