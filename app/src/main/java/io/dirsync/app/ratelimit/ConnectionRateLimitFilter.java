package io.dirsync.app.ratelimit;

import io.dirsync.app.metrics.DirsyncMetrics;
import io.dirsync.app.web.FilterErrors;
import io.dirsync.command.connection.ScimAuthenticationFilter;
import io.dirsync.scim.ScimException;
import io.github.bucket4j.Bandwidth;
import io.github.bucket4j.Bucket;
import io.github.bucket4j.ConsumptionProbe;
import jakarta.servlet.FilterChain;
import jakarta.servlet.ServletException;
import jakarta.servlet.http.HttpServletRequest;
import jakarta.servlet.http.HttpServletResponse;
import org.springframework.boot.context.properties.EnableConfigurationProperties;
import org.springframework.core.Ordered;
import org.springframework.core.annotation.Order;
import org.springframework.http.HttpHeaders;
import org.springframework.stereotype.Component;
import org.springframework.web.filter.OncePerRequestFilter;

import java.io.IOException;
import java.time.Duration;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.TimeUnit;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * Limits each connection's SCIM requests with a token bucket; over the limit the answer is 429 with
 * {@code Retry-After} (whole seconds until a token is back), which Entra ID and Okta both honour. Runs after
 * authentication, so only a connection's own requests drain its bucket and an attacker cannot starve it.
 * Buckets are per node: with N nodes a connection gets up to N times the rate.
 */
@Component
@EnableConfigurationProperties(RateLimitProperties.class)
@Order(Ordered.HIGHEST_PRECEDENCE + 15)
public class ConnectionRateLimitFilter extends OncePerRequestFilter {
    private static final Pattern SCIM_PATH = Pattern.compile("^/scim/v2/([^/]+)(/.*)?$");

    private final RateLimitProperties properties;
    private final FilterErrors errors;
    private final DirsyncMetrics metrics;
    private final Map<String, Bucket> buckets = new ConcurrentHashMap<>();

    public ConnectionRateLimitFilter(RateLimitProperties properties, FilterErrors errors, DirsyncMetrics metrics) {
        this.properties = properties;
        this.errors = errors;
        this.metrics = metrics;
    }

    @Override
    protected boolean shouldNotFilter(HttpServletRequest request) {
        return !properties.enabled() || request.getAttribute(ScimAuthenticationFilter.TOKEN_ID_ATTRIBUTE) == null;
    }

    @Override
    protected void doFilterInternal(HttpServletRequest request, HttpServletResponse response, FilterChain chain)
            throws ServletException, IOException {
        Matcher matcher = SCIM_PATH.matcher(
                request.getRequestURI().substring(request.getContextPath().length()));
        if (!matcher.matches()) {
            chain.doFilter(request, response);
            return;
        }
        ConsumptionProbe probe = buckets.computeIfAbsent(matcher.group(1), connection -> newBucket())
                .tryConsumeAndReturnRemaining(1);
        if (probe.isConsumed()) {
            chain.doFilter(request, response);
            return;
        }
        metrics.rateLimited(matcher.group(1));
        long retryAfter = Math.max(
                1, TimeUnit.NANOSECONDS.toSeconds(probe.getNanosToWaitForRefill() + TimeUnit.SECONDS.toNanos(1) - 1));
        response.setHeader(HttpHeaders.RETRY_AFTER, Long.toString(retryAfter));
        errors.write(
                request,
                response,
                new ScimException(
                        429, null, "Too many requests for this connection; retry after " + retryAfter + " s"));
    }

    private Bucket newBucket() {
        return Bucket.builder()
                .addLimit(Bandwidth.builder()
                        .capacity(properties.capacity())
                        .refillGreedy(properties.perSecond(), Duration.ofSeconds(1))
                        .build())
                .build();
    }
}
