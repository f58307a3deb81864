package io.dirsync.app.ratelimit;

import org.springframework.boot.context.properties.ConfigurationProperties;
import org.springframework.boot.context.properties.bind.DefaultValue;

/**
 * {@code dirsync.scim.rate-limit.*}: a token bucket per connection. The defaults are far above what an IdP sends
 * (Entra ID's provisioning runs stay below a few hundred requests a second), so they only stop a runaway client.
 *
 * @param enabled   false turns the limit off
 * @param capacity  the burst: requests a connection may send at once
 * @param perSecond the sustained rate the bucket refills at
 */
@ConfigurationProperties("dirsync.scim.rate-limit")
public record RateLimitProperties(
        @DefaultValue("true") boolean enabled,
        @DefaultValue("2000") long capacity,
        @DefaultValue("1000") long perSecond) {}
