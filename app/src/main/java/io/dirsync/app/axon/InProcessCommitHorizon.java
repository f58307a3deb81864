package io.dirsync.app.axon;

import org.springframework.transaction.support.TransactionSynchronization;
import org.springframework.transaction.support.TransactionSynchronizationManager;

import java.sql.Connection;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Statement;
import java.time.Clock;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;

/**
 * The horizon when this process is the only writer (embedded H2): every appending transaction registers before its
 * insert and leaves once it has committed or rolled back. Read the next identity value first, then who is in flight:
 * every transaction that took an index below it registered before, so it is in the set or already over.
 */
final class InProcessCommitHorizon implements CommitHorizon {
    private final HorizonSamples<Set<Object>> samples;
    private final Set<Object> inFlight = ConcurrentHashMap.newKeySet();
    private final String nextIndex;

    InProcessCommitHorizon(String eventTable, String indexColumn, Clock clock) {
        this.samples = new HorizonSamples<>(clock);
        this.nextIndex = "SELECT IDENTITY_BASE FROM INFORMATION_SCHEMA.COLUMNS WHERE TABLE_SCHEMA = CURRENT_SCHEMA"
                + " AND UPPER(TABLE_NAME) = '" + eventTable.toUpperCase() + "' AND UPPER(COLUMN_NAME) = '"
                + indexColumn.toUpperCase() + "'";
    }

    @Override
    public void beforeAppend(Connection connection) {
        if (!TransactionSynchronizationManager.isSynchronizationActive()) {
            throw new IllegalStateException("Events are appended outside a Spring-managed transaction");
        }
        Object transaction = new Object();
        inFlight.add(transaction);
        TransactionSynchronizationManager.registerSynchronization(new TransactionSynchronization() {
            @Override
            public void afterCompletion(int status) {
                inFlight.remove(transaction);
            }
        });
    }

    @Override
    public boolean waiting() {
        return samples.waiting();
    }

    @Override
    public long horizon(Connection connection) throws SQLException {
        long highestIndex;
        try (Statement statement = connection.createStatement();
                ResultSet result = statement.executeQuery(nextIndex)) {
            if (!result.next()) {
                throw new IllegalStateException("No identity column found: " + nextIndex);
            }
            highestIndex = result.getLong(1) - 1;
        }
        return samples.advance(
                highestIndex,
                Set.copyOf(inFlight),
                waitingFor -> waitingFor.stream().noneMatch(inFlight::contains));
    }
}
