package io.dirsync.app.audit;

import io.dirsync.app.metrics.DirsyncMetrics;
import io.dirsync.command.connection.ScimAuthenticationFilter;
import io.dirsync.scim.ScimError;
import jakarta.servlet.FilterChain;
import jakarta.servlet.ServletException;
import jakarta.servlet.http.HttpServletRequest;
import jakarta.servlet.http.HttpServletResponse;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.springframework.core.Ordered;
import org.springframework.core.annotation.Order;
import org.springframework.jdbc.core.JdbcTemplate;
import org.springframework.stereotype.Component;
import org.springframework.web.filter.OncePerRequestFilter;

import java.io.IOException;
import java.sql.Timestamp;
import java.time.Instant;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * Records every SCIM request answered 4xx/5xx per connection: the first place an admin looks when an IdP
 * reports failures (except 503s: the database they would be written to is what failed). Method, path (no query string: filters may hold personal data), status, scimType,
 * detail, request id; never a header or body. Operational data, not domain history: no events.
 *
 * <p>No personal data either: it is not covered by erasure (a failed request belongs to no stored user), so the
 * detail is kept with the values a client sent blanked out: every double-quoted span (filter and PATCH values) and
 * every single-quoted span that is no attribute path (has a space or an {@code @}). Attribute names stay readable.
 */
@Component
@Order(Ordered.HIGHEST_PRECEDENCE + 1)
public class ProvisioningFailureLog extends OncePerRequestFilter {
    /** Request attribute where whoever writes an error leaves it for this log. */
    public static final String ERROR_ATTRIBUTE = ScimAuthenticationFilter.ERROR_ATTRIBUTE;

    private static final Logger log = LoggerFactory.getLogger(ProvisioningFailureLog.class);
    private static final Pattern SCIM_PATH = Pattern.compile("^/scim/v2/([^/]{1,64})(/.*)?$");
    private static final Pattern DOUBLE_QUOTED = Pattern.compile("\"[^\"]*\"");
    private static final Pattern SINGLE_QUOTED = Pattern.compile("'[^']*'");

    private final JdbcTemplate jdbc;
    private final DirsyncMetrics metrics;

    public ProvisioningFailureLog(JdbcTemplate jdbc, DirsyncMetrics metrics) {
        this.jdbc = jdbc;
        this.metrics = metrics;
    }

    @Override
    protected boolean shouldNotFilter(HttpServletRequest request) {
        return !request.getRequestURI()
                .substring(request.getContextPath().length())
                .startsWith("/scim/");
    }

    @Override
    protected void doFilterInternal(HttpServletRequest request, HttpServletResponse response, FilterChain chain)
            throws ServletException, IOException {
        try {
            chain.doFilter(request, response);
        } finally {
            if (response.getStatus() >= 400) {
                count(request, response.getStatus());
            }
            // a 503 means the database is away: the insert would only wait out the pool's timeout a second time
            if (response.getStatus() >= 400 && response.getStatus() != 503) {
                record(request, response.getStatus());
            }
        }
    }

    /** Counted for the metrics even when not recorded (503s): the label is the connection only once it is known to exist. */
    private void count(HttpServletRequest request, int status) {
        ScimError error = request.getAttribute(ERROR_ATTRIBUTE) instanceof ScimError written ? written : null;
        Object connection = request.getAttribute(ScimAuthenticationFilter.CONNECTION_ATTRIBUTE);
        metrics.provisioningFailure(
                connection instanceof String id ? id : DirsyncMetrics.UNKNOWN_CONNECTION,
                status,
                error == null ? null : error.scimType());
    }

    private void record(HttpServletRequest request, int status) {
        String path = request.getRequestURI().substring(request.getContextPath().length());
        Matcher matcher = SCIM_PATH.matcher(path);
        if (!matcher.matches()) {
            return;
        }
        ScimError error = request.getAttribute(ERROR_ATTRIBUTE) instanceof ScimError written ? written : null;
        try {
            jdbc.update(
                    "INSERT INTO provisioning_failure (connection_id, method, path, status, scim_type, detail, request_id, occurred_at)"
                            + " VALUES (?, ?, ?, ?, ?, ?, ?, ?)",
                    matcher.group(1),
                    request.getMethod(),
                    truncate(path, 1024),
                    status,
                    error == null ? null : error.scimType(),
                    error == null ? null : truncate(redacted(error.detail()), 2048),
                    request.getAttribute(RequestIdFilter.ATTRIBUTE),
                    Timestamp.from(Instant.now()));
        } catch (RuntimeException e) {
            // the log must never turn an answered request into a failure
            log.warn("Could not record a provisioning failure", e);
        }
    }

    static String redacted(String detail) {
        if (detail == null) {
            return null;
        }
        String blanked = DOUBLE_QUOTED.matcher(detail).replaceAll("\"…\"");
        // spans paired left to right; a stray apostrophe can only make more text blank, never less
        return SINGLE_QUOTED
                .matcher(blanked)
                .replaceAll(span -> span.group().chars().anyMatch(c -> c == '@' || Character.isWhitespace(c))
                        ? "'…'"
                        : Matcher.quoteReplacement(span.group()));
    }

    private static String truncate(String value, int max) {
        return value == null || value.length() <= max ? value : value.substring(0, max);
    }
}
