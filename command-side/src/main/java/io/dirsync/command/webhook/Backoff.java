package io.dirsync.command.webhook;

import java.time.Duration;

/**
 * When to try a failed delivery again: {@code base * 2^(attempts - 1)}, capped, then spread by ±20% so that
 * deliveries which failed together (an endpoint that was down) do not all come back in the same instant.
 */
public record Backoff(Duration base, Duration max, int maxAttempts) {
    static final double JITTER = 0.2;

    public Backoff {
        if (base.isNegative() || base.isZero() || max.compareTo(base) < 0 || maxAttempts < 1) {
            throw new IllegalArgumentException("Backoff needs 0 < base <= max and at least one attempt");
        }
    }

    /** Whether a delivery that has failed {@code attempts} times is given up. */
    public boolean exhausted(int attempts) {
        return attempts >= maxAttempts;
    }

    /**
     * @param attempts how many attempts have failed so far (at least 1)
     * @param unitRandom uniform in [0, 1): 0 gives -20%, 0.5 the nominal delay, just under 1 gives +20%
     */
    public Duration delayAfter(int attempts, double unitRandom) {
        int doublings = Math.min(Math.max(attempts, 1) - 1, 62);
        long nominalMillis = base.toMillis() << Math.min(doublings, Long.numberOfLeadingZeros(base.toMillis()) - 1);
        long capped = Math.min(nominalMillis, max.toMillis());
        double factor = 1 - JITTER + 2 * JITTER * unitRandom;
        return Duration.ofMillis(Math.round(capped * factor));
    }
}
