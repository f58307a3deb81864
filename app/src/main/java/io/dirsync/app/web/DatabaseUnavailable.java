package io.dirsync.app.web;

import org.springframework.dao.DataAccessResourceFailureException;
import org.springframework.dao.QueryTimeoutException;
import org.springframework.dao.TransientDataAccessResourceException;

import java.sql.SQLException;
import java.sql.SQLNonTransientConnectionException;
import java.sql.SQLRecoverableException;
import java.sql.SQLTransientConnectionException;
import java.util.Collections;
import java.util.IdentityHashMap;
import java.util.Set;

/**
 * Recognises a failure that means "the database cannot serve us right now" (down, restarting, unreachable,
 * refusing writes, out of space) anywhere in a cause chain, however Spring, Hikari or Axon wrapped it. Such a
 * failure is the client's cue to retry later (503 with {@code Retry-After}), not a bug (500).
 */
public final class DatabaseUnavailable {
    /** What a client is told to wait: about the time PostgreSQL takes to restart. */
    public static final int RETRY_AFTER_SECONDS = 5;
    /**
     * Hikari's message, without SQLState, for any call on a connection it has swapped for a closed stand-in: it does
     * so when a statement fails with a broken-connection state, so a transaction that went on after such a failure
     * (Axon tolerates a failed snapshot read and reads the events next) meets this instead of the 08xxx state.
     */
    private static final String POOL_CLOSED_BROKEN_CONNECTION = "Connection is closed";

    private DatabaseUnavailable() {}

    /** True when {@code failure} or any of its causes (and chained SQL exceptions) says the database is unavailable. */
    public static boolean isCauseOf(Throwable failure) {
        Set<Throwable> seen = Collections.newSetFromMap(new IdentityHashMap<>());
        for (Throwable current = failure; current != null && seen.add(current); current = current.getCause()) {
            if (means(current)) {
                return true;
            }
            if (current instanceof SQLException sql) {
                for (SQLException next = sql.getNextException();
                        next != null && seen.add(next);
                        next = next.getNextException()) {
                    if (means(next)) {
                        return true;
                    }
                }
            }
        }
        return false;
    }

    private static boolean means(Throwable failure) {
        return failure instanceof DataAccessResourceFailureException // CannotGetJdbcConnectionException among them
                || failure instanceof TransientDataAccessResourceException
                || failure instanceof QueryTimeoutException
                || failure instanceof SQLTransientConnectionException // Hikari's "connection is not available"
                || failure instanceof SQLNonTransientConnectionException
                || failure instanceof SQLRecoverableException
                || failure instanceof SQLException sql
                        && (unavailableState(sql.getSQLState())
                                || sql.getSQLState() == null && POOL_CLOSED_BROKEN_CONNECTION.equals(sql.getMessage()));
    }

    /**
     * SQLState classes: 08 connection exception, 53 insufficient resources (53100 disk full), 57P01-57P03 the
     * server shutting down or not accepting connections yet, 25006 a read-only transaction (writes refused).
     */
    static boolean unavailableState(String state) {
        return state != null
                && (state.startsWith("08")
                        || state.startsWith("53")
                        || state.equals("57P01")
                        || state.equals("57P02")
                        || state.equals("57P03")
                        || state.equals("25006"));
    }
}
