package io.dirsync.app.axon;

import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayDeque;
import java.util.Deque;
import java.util.function.Predicate;

/**
 * The highest global index taken so far, sampled with a mark of the transactions that could still hold an index at
 * or below it; a sample becomes the horizon once all of those are over. Samples wait in the order they were taken.
 *
 * @param <M> what marks the transactions in flight at the sample (an id bound on PostgreSQL, a set of transactions on H2)
 */
final class HorizonSamples<M> {
    private static final Logger log = LoggerFactory.getLogger(HorizonSamples.class);
    /** Enough samples for minutes of reads while one transaction stays open; more would only refine the steps. */
    private static final int MAX_PENDING = 4096;

    private static final Duration STALLED_AFTER = Duration.ofSeconds(30);

    private record Sample<M>(long highestIndex, M inFlight, Instant takenAt) {}

    private final Deque<Sample<M>> pending = new ArrayDeque<>();
    private final Clock clock;
    private long horizon = 0;
    private Instant warnedAt = Instant.MIN;

    HorizonSamples(Clock clock) {
        this.clock = clock;
    }

    /** Adds the sample just taken, then moves the horizon over every sample whose transactions are all over. */
    synchronized long advance(long highestIndex, M inFlight, Predicate<M> over) {
        Sample<M> last = pending.peekLast();
        if (highestIndex > horizon
                && (last == null || highestIndex > last.highestIndex())
                && pending.size() < MAX_PENDING) {
            pending.addLast(new Sample<>(highestIndex, inFlight, clock.instant()));
        }
        return confirm(over);
    }

    /** Moves the horizon over every sample whose transactions are all over, adding none. */
    synchronized long confirm(Predicate<M> over) {
        while (!pending.isEmpty() && over.test(pending.peekFirst().inFlight())) {
            horizon = Math.max(horizon, pending.pollFirst().highestIndex());
        }
        warnIfStalled();
        return horizon;
    }

    /** Whether samples wait for their transactions to end. */
    synchronized boolean waiting() {
        return !pending.isEmpty();
    }

    private void warnIfStalled() {
        Sample<M> oldest = pending.peekFirst();
        Instant now = clock.instant();
        if (oldest != null
                && oldest.takenAt().plus(STALLED_AFTER).isBefore(now)
                && warnedAt.plus(STALLED_AFTER).isBefore(now)) {
            warnedAt = now;
            log.warn(
                    "Events after global index {} wait for a transaction open since before {}: projections read no"
                            + " further until it ends",
                    horizon,
                    oldest.takenAt());
        }
    }
}
