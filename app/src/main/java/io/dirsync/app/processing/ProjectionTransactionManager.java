package io.dirsync.app.processing;

import org.axonframework.common.transaction.Transaction;
import org.axonframework.common.transaction.TransactionManager;
import org.springframework.jdbc.core.JdbcTemplate;

/**
 * The transactions of the streaming read-model projections on PostgreSQL: committed without waiting for the
 * write-ahead log to reach the disk ({@code SET LOCAL synchronous_commit TO OFF}, this transaction only).
 * <p>
 * Why: every batch of a streaming projection commits its rows and its token, and each work package commits
 * its token, so a single SCIM create caused several commits besides its own; with each commit waiting for
 * an fsync (3 ms on the benchmark machine), those waits crowded out the creates' own durable commits and
 * put a poll-and-flush delay on every projection (see docs/benchmarks/RESULTS.md).
 * Why it is safe: these tables are rebuilt from the event store (they are replayable), and the rows and
 * the token commit in one transaction. A crash of the database can lose only the last fraction of a second
 * of such commits, rows and token together and in order (the log is sequential), so the projection resumes
 * from its last durable token and applies those events again, exactly as after any restart. Events, the
 * command side's tables and everything the SCIM answers depend on keep fully durable commits.
 */
class ProjectionTransactionManager implements TransactionManager {
    private final TransactionManager delegate;
    private final JdbcTemplate jdbc;

    ProjectionTransactionManager(TransactionManager delegate, JdbcTemplate jdbc) {
        this.delegate = delegate;
        this.jdbc = jdbc;
    }

    @Override
    public Transaction startTransaction() {
        Transaction transaction = delegate.startTransaction();
        try {
            jdbc.execute("SET LOCAL synchronous_commit TO OFF");
        } catch (RuntimeException e) {
            transaction.rollback();
            throw e;
        }
        return transaction;
    }
}
