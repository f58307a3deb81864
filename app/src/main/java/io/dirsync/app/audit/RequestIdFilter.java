package io.dirsync.app.audit;

import jakarta.servlet.FilterChain;
import jakarta.servlet.ServletException;
import jakarta.servlet.http.HttpServletRequest;
import jakarta.servlet.http.HttpServletResponse;
import org.slf4j.MDC;
import org.springframework.core.Ordered;
import org.springframework.core.annotation.Order;
import org.springframework.stereotype.Component;
import org.springframework.web.filter.OncePerRequestFilter;

import java.io.IOException;
import java.util.UUID;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * Gives every request an id: the caller's {@code X-Request-Id} when it is a sane token, else a new one.
 * It is echoed in the response, put in every log line (MDC) and in the metadata of the events the
 * request causes, so an admin can go from an IdP's failure report to our log and our event history.
 * A SCIM request's log lines also carry the connection id of its path (MDC {@code connectionId}), when sane.
 * The one place that sets the request's MDC keys, so plain and structured logs (README, Structured logs) show both.
 */
@Component
@Order(Ordered.HIGHEST_PRECEDENCE)
public class RequestIdFilter extends OncePerRequestFilter {
    public static final String HEADER = "X-Request-Id";
    public static final String ATTRIBUTE = "dirsync.requestId";
    public static final String MDC_REQUEST_ID = "requestId";
    public static final String MDC_CONNECTION_ID = "connectionId";
    private static final Pattern SANE = Pattern.compile("[A-Za-z0-9._:-]{1,64}");
    private static final Pattern SCIM_CONNECTION = Pattern.compile("^/scim/v2/([A-Za-z0-9._:-]{1,64})(/.*)?$");

    @Override
    protected void doFilterInternal(HttpServletRequest request, HttpServletResponse response, FilterChain chain)
            throws ServletException, IOException {
        String offered = request.getHeader(HEADER);
        String requestId = offered != null && SANE.matcher(offered).matches()
                ? offered
                : UUID.randomUUID().toString();
        request.setAttribute(ATTRIBUTE, requestId);
        response.setHeader(HEADER, requestId);
        MDC.put(MDC_REQUEST_ID, requestId);
        Matcher scim = SCIM_CONNECTION.matcher(
                request.getRequestURI().substring(request.getContextPath().length()));
        if (scim.matches()) {
            MDC.put(MDC_CONNECTION_ID, scim.group(1));
        }
        try {
            chain.doFilter(request, response);
        } finally {
            MDC.remove(MDC_REQUEST_ID);
            MDC.remove(MDC_CONNECTION_ID);
        }
    }
}
