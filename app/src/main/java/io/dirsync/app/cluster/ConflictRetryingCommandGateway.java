package io.dirsync.app.cluster;

import org.axonframework.commandhandling.gateway.DefaultCommandGateway;
import org.axonframework.modelling.command.AggregateStreamCreationException;
import org.axonframework.modelling.command.ConcurrencyException;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

import java.util.concurrent.ThreadLocalRandom;
import java.util.concurrent.TimeUnit;
import java.util.function.Supplier;

/**
 * The command gateway every controller and process uses. Commands on one aggregate are serialised within a
 * node, not across nodes: when another node appended to the same aggregate first, the unique (aggregate,
 * sequence) key rejects this append ({@link ConcurrencyException}) and the whole transaction rolls back. The
 * command is then simply run again, on the new state, so the client gets the answer it would have had if the
 * two requests had come one after the other. Retried on the caller's thread, so the request's audit
 * metadata is stamped as on the first attempt; with a jittered backoff so two nodes do not collide in step.
 * Only what {@code sendAndWait} does is retried; nothing here uses the asynchronous {@code send}. Each command is
 * counted and timed by type and outcome (retries included), each retry counted too.
 */
public class ConflictRetryingCommandGateway extends DefaultCommandGateway {
    private static final Logger log = LoggerFactory.getLogger(ConflictRetryingCommandGateway.class);
    private static final long FIRST_BACKOFF_MS = 5;
    private static final long MAX_BACKOFF_MS = 200;

    private final int retries;
    private final CommandOutcomes metrics;

    public ConflictRetryingCommandGateway(Builder builder, int retries, CommandOutcomes metrics) {
        super(builder);
        this.retries = retries;
        this.metrics = metrics;
    }

    @Override
    public <R> R sendAndWait(Object command) {
        return withRetries(command, () -> super.sendAndWait(command));
    }

    @Override
    public <R> R sendAndWait(Object command, long timeout, TimeUnit unit) {
        return withRetries(command, () -> super.sendAndWait(command, timeout, unit));
    }

    private <R> R withRetries(Object command, Supplier<R> attempt) {
        String type = command.getClass().getSimpleName();
        long start = System.nanoTime();
        for (int retry = 0; ; retry++) {
            try {
                R result = attempt.get();
                metrics.command(type, "success", System.nanoTime() - start);
                return result;
            } catch (RuntimeException failure) {
                boolean race = lostARace(failure);
                if (retry >= retries || !race) {
                    metrics.command(type, race ? "conflict" : outcomeOf(failure), System.nanoTime() - start);
                    throw failure;
                }
                metrics.conflictRetry(type);
                log.debug("{} lost a race on its aggregate; retry {} of {}", type, retry + 1, retries);
                pause(retry);
            }
        }
    }

    /** A refusal the domain decided on (our own exception types, or bad arguments) is {@code rejected}; anything else an {@code error}. */
    static String outcomeOf(RuntimeException failure) {
        return failure.getClass().getName().startsWith("io.dirsync.") || failure instanceof IllegalArgumentException
                ? "rejected"
                : "error";
    }

    /** A creation race (two creates of one id, as for a member's role) is a race too: the retry finds the aggregate. */
    static boolean lostARace(Throwable failure) {
        for (Throwable cause = failure; cause != null; cause = cause.getCause() == cause ? null : cause.getCause()) {
            if (cause instanceof ConcurrencyException || cause instanceof AggregateStreamCreationException) {
                return true;
            }
        }
        return false;
    }

    private static void pause(int retry) {
        long ceiling = Math.min(MAX_BACKOFF_MS, FIRST_BACKOFF_MS << Math.min(retry, 10));
        try {
            Thread.sleep(ThreadLocalRandom.current().nextLong(1, ceiling + 1));
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new IllegalStateException("Interrupted while waiting to retry a command", e);
        }
    }
}
