package io.dirsync.app.axon;

import java.sql.Connection;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Statement;
import java.time.Clock;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;

/**
 * The horizon on PostgreSQL, the same on every node: read the identity sequence's last value L, then the next
 * transaction id X. Every transaction that took an index up to L had its id before L was read ({@link #beforeAppend}),
 * so an id below X; once the oldest transaction still running has an id of X or more, all of them are over and L is
 * the horizon.
 * <p>
 * X is not a snapshot's {@code xmax}: that is one past the last <em>completed</em> id, and a transaction that took its
 * id after the last one to complete is above it while it runs (it lost an event under a rebuild, see
 * docs/late-commits.md). {@code age()} measures from the next id, read once per transaction, so a sample counts only
 * when it is the first of its transaction; a later one in the same transaction only lets earlier samples count.
 */
final class PostgresCommitHorizon implements CommitHorizon {
    /**
     * The oldest running id, the next id (a normal 32-bit id plus its age), which transaction asks, and whether it has no
     * id of its own (with one, age() measures from that id instead).
     */
    private static final String IDS = "SELECT x.oldest, x.reference + age((x.reference % 4294967296)::text::xid),"
            + " pg_backend_pid() || '@' || transaction_timestamp(), pg_current_xact_id_if_assigned() IS NULL FROM (SELECT pg_snapshot_xmin(s)::text::bigint AS"
            + " oldest, pg_snapshot_xmin(s)::text::bigint + CASE WHEN pg_snapshot_xmin(s)::text::bigint % 4294967296 < 3"
            + " THEN 3 ELSE 0 END AS reference FROM pg_current_snapshot() s) x";
    /** Per backend, the transaction of its last sample: a second sample in one transaction reads a stale next id. */
    private final Map<String, String> lastTransaction = new ConcurrentHashMap<>();

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
                String transaction = ids.getString(3);
                String backend = transaction.substring(0, transaction.indexOf('@'));
                boolean firstInTransaction =
                        !transaction.equals(lastTransaction.put(backend, transaction)) && ids.getBoolean(4);
                return firstInTransaction
                        ? samples.advance(highestIndex, next, idsFrom -> oldestRunning >= idsFrom)
                        : samples.confirm(idsFrom -> oldestRunning >= idsFrom);
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
