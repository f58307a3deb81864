package io.dirsync.app.axon;

import org.axonframework.common.jdbc.PersistenceExceptionResolver;

import java.sql.SQLException;

/**
 * Tells Axon that an append failed on the unique (aggregate, sequence) key, so it raises a
 * ConcurrencyException instead of a raw EventStoreException. Looks through the whole cause chain and
 * {@link SQLException#getNextException()}: H2 wraps the violation in a batch exception, and PostgreSQL's
 * is no {@code SQLIntegrityConstraintViolationException}; both carry SQLState 23505.
 */
class DuplicateKeyExceptionResolver implements PersistenceExceptionResolver {
    private static final String UNIQUE_VIOLATION = "23505";

    @Override
    public boolean isDuplicateKeyViolation(Exception exception) {
        for (Throwable cause = exception; cause != null; cause = cause.getCause()) {
            if (cause instanceof SQLException sql && hasUniqueViolation(sql)) {
                return true;
            }
            if (cause.getCause() == cause) {
                break;
            }
        }
        return false;
    }

    private static boolean hasUniqueViolation(SQLException exception) {
        for (SQLException e = exception; e != null; e = e.getNextException()) {
            if (UNIQUE_VIOLATION.equals(e.getSQLState())) {
                return true;
            }
        }
        return false;
    }
}
