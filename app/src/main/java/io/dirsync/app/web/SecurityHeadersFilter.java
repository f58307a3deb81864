package io.dirsync.app.web;

import jakarta.servlet.FilterChain;
import jakarta.servlet.ServletException;
import jakarta.servlet.http.HttpServletRequest;
import jakarta.servlet.http.HttpServletResponse;
import org.springframework.core.Ordered;
import org.springframework.core.annotation.Order;
import org.springframework.stereotype.Component;
import org.springframework.web.filter.OncePerRequestFilter;

import java.io.IOException;

/**
 * Security headers on every answer, errors and rejections by later filters included (so they are set before the
 * chain runs). The policy allows only the service's own scripts, styles and images: the admin UI has no inline
 * script or style. API and SCIM answers carry directory data and tokens, so nothing may be cached.
 */
@Component
@Order(Ordered.HIGHEST_PRECEDENCE + 2)
public class SecurityHeadersFilter extends OncePerRequestFilter {
    public static final String CONTENT_SECURITY_POLICY =
            "default-src 'self'; script-src 'self'; style-src 'self'; img-src 'self' data:; frame-ancestors 'none'";
    /**
     * Swagger UI's bundle adds one style element of its own (swagger-ui 5.30.1, as springdoc 2.8.14 brings it): its hash
     * lets that one in, and no other inline style. A new swagger-ui may need the hash its console error names.
     */
    public static final String SWAGGER_UI_POLICY = CONTENT_SECURITY_POLICY.replace(
            "style-src 'self'", "style-src 'self' 'sha256-RL3ie0nH+Lzz2YNqQN83mnU0J1ot4QL7b99vMdIX99w='");

    @Override
    protected void doFilterInternal(HttpServletRequest request, HttpServletResponse response, FilterChain chain)
            throws ServletException, IOException {
        response.setHeader("X-Content-Type-Options", "nosniff");
        response.setHeader("X-Frame-Options", "DENY");
        // not no-referrer: under it browsers send "Origin: null" with form posts, and the admin UI's
        // cross-site check needs the real origin; same-origin still sends nothing to other sites
        response.setHeader("Referrer-Policy", "same-origin");
        String path = request.getRequestURI().substring(request.getContextPath().length());
        response.setHeader(
                "Content-Security-Policy",
                path.startsWith("/admin/swagger-ui/") ? SWAGGER_UI_POLICY : CONTENT_SECURITY_POLICY);
        // versioned library files are the only answers worth caching
        if (!path.startsWith("/webjars/")) {
            response.setHeader("Cache-Control", "no-store");
        }
        chain.doFilter(request, response);
    }
}
