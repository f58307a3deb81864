package io.dirsync.app.web;

import jakarta.servlet.FilterChain;
import jakarta.servlet.ServletException;
import jakarta.servlet.http.HttpServletRequest;
import jakarta.servlet.http.HttpServletResponse;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.springframework.core.Ordered;
import org.springframework.core.annotation.Order;
import org.springframework.stereotype.Component;
import org.springframework.web.filter.OncePerRequestFilter;

import java.io.IOException;

/**
 * Answers 503 with {@code Retry-After} when a filter (the SCIM token check, the admin session) finds the database
 * away: those run before the controllers, so {@link ErrorTranslator} never sees their failures. Without this the
 * container answered 500 and logged a stack trace per request during an outage. Other failures pass through.
 */
@Component
@Order(Ordered.HIGHEST_PRECEDENCE + 3)
public class DatabaseOutageFilter extends OncePerRequestFilter {
    private static final Logger log = LoggerFactory.getLogger(DatabaseOutageFilter.class);

    private final FilterErrors errors;

    public DatabaseOutageFilter(FilterErrors errors) {
        this.errors = errors;
    }

    @Override
    protected void doFilterInternal(HttpServletRequest request, HttpServletResponse response, FilterChain chain)
            throws ServletException, IOException {
        try {
            chain.doFilter(request, response);
        } catch (ServletException | RuntimeException failure) {
            if (!DatabaseUnavailable.isCauseOf(failure) || response.isCommitted()) {
                throw failure;
            }
            log.warn(
                    "{} {} answered 503: {}",
                    request.getMethod(),
                    request.getRequestURI(),
                    ErrorTranslator.rootMessage(failure));
            errors.write(request, response, ErrorTranslator.describe(failure));
        }
    }
}
