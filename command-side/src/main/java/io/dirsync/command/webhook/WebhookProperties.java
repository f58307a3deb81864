package io.dirsync.command.webhook;

import org.springframework.boot.context.properties.ConfigurationProperties;
import org.springframework.boot.context.properties.bind.DefaultValue;

import java.time.Duration;
import java.util.List;

/**
 * Delivery tuning ({@code dirsync.webhooks.*}). The defaults retry for about 40 minutes (5 s doubling, ten
 * attempts); tests shrink the base to milliseconds.
 *
 * @param timeout        connect timeout and, separately, the whole-request timeout of one attempt
 * @param backoffBase    the wait after the first failed attempt; doubled after each further one
 * @param backoffMax     no wait grows beyond this (before jitter)
 * @param maxAttempts    attempts before a delivery is marked failed (a redeliver starts it over)
 * @param maxInFlight    concurrent attempts per endpoint: a slow endpoint holds at most this many
 * @param allowHttp      allow plain http targets (local use only: the signed body travels in clear)
 * @param allowedTargets hosts, addresses or CIDR ranges that may be called although they are internal (loopback,
 *                       private, link-local, ...); see {@link WebhookTargets}
 */
@ConfigurationProperties("dirsync.webhooks")
public record WebhookProperties(
        @DefaultValue("5s") Duration timeout,
        @DefaultValue("5s") Duration backoffBase,
        @DefaultValue("1h") Duration backoffMax,
        @DefaultValue("10") int maxAttempts,
        @DefaultValue("8") int maxInFlight,
        @DefaultValue("false") boolean allowHttp,
        List<String> allowedTargets) {

    public WebhookProperties {
        allowedTargets = allowedTargets == null ? List.of() : List.copyOf(allowedTargets);
    }

    public Backoff backoff() {
        return new Backoff(backoffBase, backoffMax, maxAttempts);
    }

    /** An attempt is over (answered or timed out) by then; after it, a crashed attempt's delivery is due again. */
    public Duration lease() {
        return timeout.multipliedBy(2).plusSeconds(5);
    }
}
