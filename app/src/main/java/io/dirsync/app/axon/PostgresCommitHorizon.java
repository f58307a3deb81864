package io.dirsync.app.axon;

import java.sql.Connection;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Statement;
import java.time.Clock;

/**
 * The horizon on PostgreSQL, the same on every node: read the identity sequence's last value L, then the next
 * transaction id X. Every transaction that took an index up to L had its id before L was read ({@link #beforeAppend}),
 * so an id below X; once the oldest transaction still running has an id of X or more, all of them are over and L is
 * the horizon.
 */
final class PostgresCommitHorizon implements CommitHorizon {
    private static final String IDS = "SELECT pg_snapshot_xmin(s)::text::bigint, pg_snapshot_xmax(s)::text::bigint"
            + " FROM pg_current_snapshot() s";
    private final HorizonSamples<Long> samples;
    private final String eventTable;
    private final String indexColumn;
    private volatile String sample;

    PostgresCommitHorizon(String eventTable, String indexColumn, Clock clock) {
        this.samples = new HorizonSamples<>(clock);
        this.eventTable = eventTable;
        this.indexColumn = indexColumn;
    }

    /**
     * Gives the transaction its id before the insert takes an index: PostgreSQL would otherwise assign the id when the
     * row is written, after the sequence moved, and a sample taken in between would not wait for the transaction.
     */
    @Override
    public void beforeAppend(Connection connection) throws SQLException {
        try (Statement statement = connection.createStatement()) {
            statement.execute("SELECT pg_current_xact_id()");
        }
    }

    @Override
    public boolean waiting() {
        return samples.waiting();
    }

    @Override
    public long horizon(Connection connection) throws SQLException {
        try (Statement statement = connection.createStatement()) {
            // two statements in one round trip, run in this order: the sequence, then the transaction ids
            statement.execute(sampleSql(connection) + "; " + IDS);
            long highestIndex = single(statement.getResultSet());
            statement.getMoreResults();
            try (ResultSet ids = statement.getResultSet()) {
                ids.next();
                long oldestRunning = ids.getLong(1);
                long next = ids.getLong(2);
                return samples.advance(highestIndex, next, idsFrom -> oldestRunning >= idsFrom);
            }
        }
    }

    private String sampleSql(Connection connection) throws SQLException {
        String sql = sample;
        if (sql == null) {
            String sequence;
            try (var statement = connection.prepareStatement("SELECT pg_get_serial_sequence(?, ?)")) {
                statement.setString(1, eventTable);
                statement.setString(2, indexColumn);
                try (ResultSet result = statement.executeQuery()) {
                    result.next();
                    sequence = result.getString(1);
                }
            }
            if (sequence == null) {
                throw new IllegalStateException(eventTable + "." + indexColumn + " has no sequence");
            }
            sql = "SELECT CASE WHEN is_called THEN last_value ELSE last_value - 1 END FROM " + sequence;
            sample = sql;
        }
        return sql;
    }

    private static long single(ResultSet result) throws SQLException {
        try (result) {
            result.next();
            return result.getLong(1);
        }
    }
}
