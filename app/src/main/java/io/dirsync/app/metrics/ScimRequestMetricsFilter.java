package io.dirsync.app.metrics;

import io.dirsync.command.connection.ScimAuthenticationFilter;
import jakarta.servlet.FilterChain;
import jakarta.servlet.ServletException;
import jakarta.servlet.http.HttpServletRequest;
import jakarta.servlet.http.HttpServletResponse;
import org.springframework.core.Ordered;
import org.springframework.core.annotation.Order;
import org.springframework.stereotype.Component;
import org.springframework.web.filter.OncePerRequestFilter;

import java.io.IOException;
import java.util.Set;

/**
 * Times every SCIM request, outside every filter that may answer it (authentication, throttle, rate limit, body limit),
 * so 401s and 429s are counted too. Labels: the connection once known to exist, the resource type named by the first
 * path segment after the base URL, the method and the status.
 */
@Component
@Order(Ordered.HIGHEST_PRECEDENCE + 1)
public class ScimRequestMetricsFilter extends OncePerRequestFilter {
    private static final String PREFIX = "/scim/v2/";
    private static final Set<String> RESOURCES =
            Set.of("Users", "Groups", "Schemas", "ResourceTypes", "ServiceProviderConfig", "Bulk");
    private static final Set<String> METHODS = Set.of("GET", "HEAD", "POST", "PUT", "PATCH", "DELETE", "OPTIONS");

    private final DirsyncMetrics metrics;

    public ScimRequestMetricsFilter(DirsyncMetrics metrics) {
        this.metrics = metrics;
    }

    @Override
    protected boolean shouldNotFilter(HttpServletRequest request) {
        return !isScim(request);
    }

    /** A request to some connection's SCIM base URL. */
    static boolean isScim(HttpServletRequest request) {
        return path(request).startsWith(PREFIX);
    }

    @Override
    protected void doFilterInternal(HttpServletRequest request, HttpServletResponse response, FilterChain chain)
            throws ServletException, IOException {
        long start = System.nanoTime();
        int status = 500;
        try {
            chain.doFilter(request, response);
            status = response.getStatus();
        } finally {
            metrics.scimRequest(
                    connection(request), resource(path(request)), method(request), status, System.nanoTime() - start);
        }
    }

    /** The connection id the SCIM authentication found to exist; {@value DirsyncMetrics#UNKNOWN_CONNECTION} otherwise. */
    static String connection(HttpServletRequest request) {
        return request.getAttribute(ScimAuthenticationFilter.CONNECTION_ATTRIBUTE) instanceof String id
                ? id
                : DirsyncMetrics.UNKNOWN_CONNECTION;
    }

    /** {@code Users}, {@code Groups}, the discovery endpoints, {@code root} (the base URL and its {@code .search}) or {@code other}. */
    static String resource(String path) {
        int afterConnection = path.indexOf('/', PREFIX.length());
        if (afterConnection < 0) {
            return "root";
        }
        String rest = path.substring(afterConnection + 1);
        int end = rest.indexOf('/');
        String first = end < 0 ? rest : rest.substring(0, end);
        if (first.isEmpty() || first.equals(".search")) {
            return "root";
        }
        return RESOURCES.contains(first) ? first : "other";
    }

    private static String method(HttpServletRequest request) {
        return METHODS.contains(request.getMethod()) ? request.getMethod() : "other";
    }

    private static String path(HttpServletRequest request) {
        return request.getRequestURI().substring(request.getContextPath().length());
    }
}
