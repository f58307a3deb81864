package io.dirsync.app.ui.session;

import io.dirsync.app.security.auditor.AuditorTokens;
import jakarta.servlet.FilterChain;
import jakarta.servlet.ServletException;
import jakarta.servlet.http.Cookie;
import jakarta.servlet.http.HttpServletRequest;
import jakarta.servlet.http.HttpServletResponse;
import org.springframework.core.Ordered;
import org.springframework.core.annotation.Order;
import org.springframework.http.HttpHeaders;
import org.springframework.stereotype.Component;
import org.springframework.web.filter.OncePerRequestFilter;

import java.io.IOException;
import java.net.URI;
import java.util.Arrays;
import java.util.Optional;
import java.util.Set;

/**
 * Guards the admin web UI under {@code /admin}: pages need a valid session cookie (else the login page), and
 * every state-changing request must come from a page of this same origin. The cookie is SameSite=Strict, so
 * browsers do not send it on cross-site requests at all; the Origin (or Referer) check is the second wall, for
 * browsers and proxies that get SameSite wrong, and also guards the login form itself. An auditor's session lasts
 * only while its auditor token is neither revoked nor expired, and reads: any other method is 403 here.
 */
@Component
@Order(Ordered.HIGHEST_PRECEDENCE + 10)
public class AdminUiFilter extends OncePerRequestFilter {
    private static final Set<String> SAFE_METHODS = Set.of("GET", "HEAD", "OPTIONS");
    /** Request attribute set to {@code true} for an auditor's read-only session. */
    public static final String READ_ONLY = AdminUiFilter.class.getName() + ".readOnly";

    private final AdminSessions sessions;
    private final AuditorTokens auditorTokens;

    public AdminUiFilter(AdminSessions sessions, AuditorTokens auditorTokens) {
        this.sessions = sessions;
        this.auditorTokens = auditorTokens;
    }

    public static boolean readOnly(HttpServletRequest request) {
        return Boolean.TRUE.equals(request.getAttribute(READ_ONLY));
    }

    @Override
    protected boolean shouldNotFilter(HttpServletRequest request) {
        String path = path(request);
        return !(path.equals("/admin") || path.startsWith("/admin/")) || path.startsWith("/admin/static/");
    }

    @Override
    protected void doFilterInternal(HttpServletRequest request, HttpServletResponse response, FilterChain chain)
            throws ServletException, IOException {
        if (!SAFE_METHODS.contains(request.getMethod()) && !sameOrigin(request)) {
            response.sendError(HttpServletResponse.SC_FORBIDDEN, "Cross-origin request refused");
            return;
        }
        response.setHeader(HttpHeaders.CACHE_CONTROL, "no-store");
        if (path(request).equals("/admin/login")) {
            chain.doFilter(request, response);
            return;
        }
        Optional<AdminSessions.Session> session = sessions.verify(sessionCookie(request))
                .filter(s -> !s.auditor() || auditorTokens.isActive(s.auditorTokenId()));
        if (session.isPresent()) {
            if (session.get().auditor()) {
                request.setAttribute(READ_ONLY, true);
                if (!auditorMayReach(request.getMethod(), path(request))) {
                    response.sendError(HttpServletResponse.SC_FORBIDDEN, "An auditor session reads and never writes");
                    return;
                }
            }
            chain.doFilter(request, response);
            return;
        }
        String login = request.getContextPath() + "/admin/login";
        if (request.getHeader("HX-Request") != null) {
            // htmx would swap the login page into a fragment; ask it to navigate instead
            response.setHeader("HX-Redirect", login);
            response.setStatus(HttpServletResponse.SC_UNAUTHORIZED);
            return;
        }
        response.sendRedirect(login);
    }

    /**
     * An auditor's session reads pages (GET, HEAD) and may log out; everything else is 403, and so are the webhook
     * pages, whose URLs are often the receiver's secret (as {@code AuditorRoutes} keeps them from the API).
     */
    static boolean auditorMayReach(String method, String path) {
        if (method.equals("POST") && path.equals("/admin/logout")) {
            return true;
        }
        boolean webhooks = path.equals("/admin/webhooks") || path.startsWith("/admin/webhooks/");
        return (method.equals("GET") || method.equals("HEAD")) && !webhooks;
    }

    /** Origin (or, when a browser sends none, Referer) names the host this request was addressed to. */
    static boolean sameOrigin(HttpServletRequest request) {
        String host = request.getHeader(HttpHeaders.HOST);
        String source = request.getHeader(HttpHeaders.ORIGIN);
        if (source == null || source.equals("null")) {
            source = request.getHeader(HttpHeaders.REFERER);
        }
        if (host == null || source == null) {
            return false;
        }
        try {
            URI uri = URI.create(source);
            String authority = uri.getPort() < 0 ? uri.getHost() : uri.getHost() + ":" + uri.getPort();
            return uri.getHost() != null && authority.equalsIgnoreCase(host);
        } catch (IllegalArgumentException e) {
            return false;
        }
    }

    private static String sessionCookie(HttpServletRequest request) {
        Cookie[] cookies = request.getCookies();
        return cookies == null
                ? null
                : Arrays.stream(cookies)
                        .filter(c -> AdminSessions.COOKIE.equals(c.getName()))
                        .map(Cookie::getValue)
                        .findFirst()
                        .orElse(null);
    }

    private static String path(HttpServletRequest request) {
        return request.getRequestURI().substring(request.getContextPath().length());
    }
}
