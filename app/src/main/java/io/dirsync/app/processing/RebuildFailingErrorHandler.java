package io.dirsync.app.processing;

import io.dirsync.query.support.BatchRows;
import org.axonframework.eventhandling.EventMessage;
import org.axonframework.eventhandling.EventMessageHandler;
import org.axonframework.eventhandling.ListenerInvocationErrorHandler;
import org.axonframework.eventhandling.LoggingErrorHandler;

/**
 * A streaming projection's handler that fails: live, Axon's default (logged, the event skipped); in a rebuild into
 * fresh tables, the failure propagates, so the batch's transaction rolls back whole and the rebuild stops.
 * <p>
 * Skipping would be worse in a rebuild than live. On PostgreSQL the failed statement aborts the transaction, and the
 * driver commits an aborted transaction without a word (the server rolls it back): the live processor's token rolls
 * back with it, so it reads the batch again, but the rebuild would go on past a batch none of whose rows were kept,
 * and switch to tables that miss them.
 */
final class RebuildFailingErrorHandler implements ListenerInvocationErrorHandler {
    private final LoggingErrorHandler live = new LoggingErrorHandler();

    @Override
    public void onError(Exception exception, EventMessage<?> event, EventMessageHandler eventHandler) throws Exception {
        if (BatchRows.intoFreshTables()) {
            throw exception;
        }
        live.onError(exception, event, eventHandler);
    }
}
