package io.dirsync.app.web;

import com.zaxxer.hikari.HikariConfig;
import com.zaxxer.hikari.HikariDataSource;
import io.dirsync.scim.ScimException;
import org.axonframework.commandhandling.CommandExecutionException;
import org.axonframework.common.jdbc.JdbcException;
import org.axonframework.eventsourcing.eventstore.EventStoreException;
import org.junit.jupiter.api.Test;
import org.springframework.dao.DataIntegrityViolationException;
import org.springframework.jdbc.CannotGetJdbcConnectionException;
import org.springframework.transaction.CannotCreateTransactionException;

import java.sql.BatchUpdateException;
import java.sql.Connection;
import java.sql.SQLException;
import java.sql.SQLTransientConnectionException;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.catchThrowableOfType;

/** Every way a failing database reaches the web layer answers 503 with Retry-After; other failures keep their status. */
class DatabaseUnavailableTranslationTest {

    @Test
    void aPoolThatCannotConnectInsideAnAxonCommandFailureIs503() {
        Throwable failure = new CommandExecutionException(
                "failed",
                new CannotCreateTransactionException(
                        "no connection",
                        new SQLTransientConnectionException(
                                "HikariPool-1 - Connection is not available, request timed out after 3000ms.")));

        assertThat(ErrorTranslator.describe(failure).status()).isEqualTo(503);
        assertThat(ErrorTranslator.retryAfter(ErrorTranslator.describe(failure)))
                .isEqualTo("5");
    }

    @Test
    void aReadThatCannotGetAConnectionIs503() {
        assertThat(ErrorTranslator.describe(new CannotGetJdbcConnectionException("down"))
                        .status())
                .isEqualTo(503);
    }

    @Test
    void postgresConnectionShutdownReadOnlyAndResourceStatesAre503EvenInsideAnEventStoreFailure() {
        for (String state :
                new String[] {"08006", "08001", "57P01", "57P02", "57P03", "25006", "53100", "53200", "53300"}) {
            Throwable failure =
                    new EventStoreException("An event could not be persisted", new SQLException("refused", state));
            assertThat(ErrorTranslator.describe(failure).status()).as(state).isEqualTo(503);
        }
    }

    /**
     * Found by PostgresOutageIT: a group PATCH whose snapshot read met the database going down (Axon tolerates that)
     * then read the events on the connection Hikari had meanwhile closed, and answered 500. Hikari's own exception.
     */
    @Test
    void aStatementOnAConnectionThePoolClosedAsBrokenIs503() throws SQLException {
        HikariConfig config = new HikariConfig();
        config.setJdbcUrl("jdbc:h2:mem:closed-by-the-pool");
        config.setMaximumPoolSize(1);
        SQLException closed;
        try (HikariDataSource pool = new HikariDataSource(config)) {
            Connection connection = pool.getConnection();
            connection.close();
            closed = catchThrowableOfType(SQLException.class, () -> connection.prepareStatement("SELECT 1"));
        }
        Throwable failure = new JdbcException("Failed to create a SQL statement", closed);

        assertThat(ErrorTranslator.describe(new CommandExecutionException("failed", failure))
                        .status())
                .isEqualTo(503);
        assertThat(DatabaseUnavailable.isCauseOf(new SQLException("Connection is closed", "42000")))
                .as("a state decides")
                .isFalse();
    }

    @Test
    void aStateChainedBehindABatchFailureIsFound() {
        BatchUpdateException batch = new BatchUpdateException("batch entry 0 failed", "", new int[0]);
        batch.setNextException(new SQLException("read-only", "25006"));

        assertThat(DatabaseUnavailable.isCauseOf(new DataIntegrityViolationException("batch", batch)))
                .isTrue();
    }

    @Test
    void aConstraintViolationOrABugIsNotAnOutage() {
        assertThat(DatabaseUnavailable.isCauseOf(new SQLException("duplicate key", "23505")))
                .isFalse();
        ScimException bug = ErrorTranslator.describe(new IllegalStateException("bug"));
        assertThat(bug.status()).isEqualTo(500);
        assertThat(ErrorTranslator.retryAfter(bug)).isNull();
    }
}
