package io.dirsync.app.ui.session;

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
import java.util.Set;

/**
 * Guards the admin web UI under {@code /admin}: pages need a valid session cookie (else the login page), and
 * every state-changing request must come from a page of this same origin. The cookie is SameSite=Strict, so
 * browsers do not send it on cross-site requests at all; the Origin (or Referer) check is the second wall, for
 * browsers and proxies that get SameSite wrong, and also guards the login form itself.
 */
@Component
@Order(Ordered.HIGHEST_PRECEDENCE + 10)
public class AdminUiFilter extends OncePerRequestFilter {
    private static final Set<String> SAFE_METHODS = Set.of("GET", "HEAD", "OPTIONS");
    private final AdminSessions sessions;

    public AdminUiFilter(AdminSessions sessions) {
        this.sessions = sessions;
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
        if (path(request).equals("/admin/login") || sessions.isValid(sessionCookie(request))) {
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
        return cookies == null ? null : Arrays.stream(cookies).filter(c -> AdminSessions.COOKIE.equals(c.getName()))
                .map(Cookie::getValue).findFirst().orElse(null);
    }

    private static String path(HttpServletRequest request) {
        return request.getRequestURI().substring(request.getContextPath().length());
    }
}
