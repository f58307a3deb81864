package io.dirsync.app.processing;

import org.axonframework.common.transaction.Transaction;
import org.axonframework.common.transaction.TransactionManager;
import org.springframework.jdbc.core.JdbcTemplate;

/**
 * The transactions of the streaming read-model projections on PostgreSQL: committed without waiting for the
 * write-ahead log to reach the disk ({@code SET LOCAL synchronous_commit TO OFF}, this transaction only).
 * <p>
 * Why: a single SCIM create causes several projection commits besides its own, and their waits for the disk crowded
 * out the creates' own durable commits (docs/benchmarks/design-notes.md).
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
