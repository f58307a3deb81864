package io.dirsync.app.security;

import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.stereotype.Component;

import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.ConcurrentHashMap;

/**
 * Counts failed authentications per source address and credential kind in a window that opens at the first failure.
 * At {@code maxFailures} the source is locked out for that kind until the window ends, whatever it presents next.
 * Successes are neither counted nor slowed. Counts are per node and in memory: a restart forgets them, and with N
 * nodes behind a balancer a source gets up to N times the attempts.
 */
@Component
public class FailedAuthentications {
    /** Beyond this many tracked sources, windows that have ended are dropped before a new one is added. */
    private static final int SWEEP_ABOVE = 10_000;

    private record Key(CredentialKind kind, String source) {}

    private record Window(Instant end, int failures) {}

    private final int maxFailures;
    private final Duration window;
    private final SecurityEventLog events;
    private final Clock clock;
    private final Map<Key, Window> windows = new ConcurrentHashMap<>();

    @Autowired
    public FailedAuthentications(SecurityProperties properties, SecurityEventLog events) {
        this(properties.failedAuthentication(), events, Clock.systemUTC());
    }

    FailedAuthentications(SecurityProperties.FailedAuthentication settings, SecurityEventLog events, Clock clock) {
        this.maxFailures = Math.max(1, settings.maxFailures());
        this.window = settings.window();
        this.events = events;
        this.clock = clock;
    }

    /** How long this source must wait before this kind of credential is even looked at again; empty when it may try. */
    public Optional<Duration> lockedFor(CredentialKind kind, String source) {
        Instant now = clock.instant();
        Window current = windows.get(new Key(kind, source));
        if (current == null || !now.isBefore(current.end()) || current.failures() < maxFailures) {
            return Optional.empty();
        }
        return Optional.of(Duration.between(now, current.end()));
    }

    /** For {@code Retry-After}: whole seconds, rounded up, never 0, so a client that waits that long finds the lock-out over. */
    public static long retryAfterSeconds(Duration wait) {
        return Math.max(1, (wait.toMillis() + 999) / 1000);
    }

    /** Counts one failure; the one that reaches the limit starts the lock-out and is recorded. */
    public void failed(CredentialKind kind, String source) {
        Instant now = clock.instant();
        if (windows.size() > SWEEP_ABOVE) {
            windows.values().removeIf(w -> !now.isBefore(w.end()));
        }
        Window counted = windows.compute(
                new Key(kind, source),
                (key, w) -> w == null || !now.isBefore(w.end())
                        ? new Window(now.plus(window), 1)
                        : new Window(w.end(), w.failures() + 1));
        if (counted.failures() == maxFailures) {
            events.record(
                    SecurityEventLog.LOCKED_OUT,
                    kind,
                    source,
                    maxFailures + " failed authentications; locked out until " + counted.end());
        }
    }
}
