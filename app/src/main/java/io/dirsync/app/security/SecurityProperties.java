package io.dirsync.app.security;

import org.springframework.boot.context.properties.ConfigurationProperties;
import org.springframework.boot.context.properties.bind.DefaultValue;

import java.time.Duration;

/**
 * {@code dirsync.security.*}. The defaults are the safe ones: forwarded headers are ignored (anyone can send them),
 * and ten failed authentications from one address in five minutes lock that address out for the rest of the window.
 *
 * @param trustForwardedHeaders true only behind a proxy that sets {@code X-Forwarded-For} and {@code X-Forwarded-Proto}
 *                              itself; dirsync then takes the client address from the last {@code X-Forwarded-For} entry
 * @param failedAuthentication  the lock-out after repeated failures
 */
@ConfigurationProperties("dirsync.security")
public record SecurityProperties(
        @DefaultValue("false") boolean trustForwardedHeaders,
        @DefaultValue FailedAuthentication failedAuthentication) {

    /**
     * @param maxFailures failures per source address and credential kind a window allows; the next attempt gets 429
     * @param window      the window opens at the first failure; the lock-out ends with it
     */
    public record FailedAuthentication(
            @DefaultValue("10") int maxFailures,
            @DefaultValue("5m") Duration window) {}
}
