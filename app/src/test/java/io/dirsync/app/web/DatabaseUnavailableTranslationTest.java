package io.dirsync.app.web;

import io.dirsync.scim.ScimException;
import org.axonframework.commandhandling.CommandExecutionException;
import org.axonframework.eventsourcing.eventstore.EventStoreException;
import org.junit.jupiter.api.Test;
import org.springframework.dao.DataIntegrityViolationException;
import org.springframework.jdbc.CannotGetJdbcConnectionException;
import org.springframework.transaction.CannotCreateTransactionException;

import java.sql.BatchUpdateException;
import java.sql.SQLException;
import java.sql.SQLTransientConnectionException;

import static org.assertj.core.api.Assertions.assertThat;

/** Every way a failing database reaches the web layer answers 503 with Retry-After; other failures keep their status. */
class DatabaseUnavailableTranslationTest {

    @Test
    void aPoolThatCannotConnectInsideAnAxonCommandFailureIs503() {
        Throwable failure = new CommandExecutionException("failed", new CannotCreateTransactionException("no connection",
                new SQLTransientConnectionException("HikariPool-1 - Connection is not available, request timed out after 3000ms.")));

        assertThat(ErrorTranslator.describe(failure).status()).isEqualTo(503);
        assertThat(ErrorTranslator.retryAfter(ErrorTranslator.describe(failure))).isEqualTo("5");
    }

    @Test
    void aReadThatCannotGetAConnectionIs503() {
        assertThat(ErrorTranslator.describe(new CannotGetJdbcConnectionException("down")).status()).isEqualTo(503);
    }

    @Test
    void postgresConnectionShutdownReadOnlyAndResourceStatesAre503EvenInsideAnEventStoreFailure() {
        for (String state : new String[] {"08006", "08001", "57P01", "57P02", "57P03", "25006", "53100", "53200", "53300"}) {
            Throwable failure = new EventStoreException("An event could not be persisted", new SQLException("refused", state));
            assertThat(ErrorTranslator.describe(failure).status()).as(state).isEqualTo(503);
        }
    }

    @Test
    void aStateChainedBehindABatchFailureIsFound() {
        BatchUpdateException batch = new BatchUpdateException("batch entry 0 failed", "", new int[0]);
        batch.setNextException(new SQLException("read-only", "25006"));

        assertThat(DatabaseUnavailable.isCauseOf(new DataIntegrityViolationException("batch", batch))).isTrue();
    }

    @Test
    void aConstraintViolationOrABugIsNotAnOutage() {
        assertThat(DatabaseUnavailable.isCauseOf(new SQLException("duplicate key", "23505"))).isFalse();
        ScimException bug = ErrorTranslator.describe(new IllegalStateException("bug"));
        assertThat(bug.status()).isEqualTo(500);
        assertThat(ErrorTranslator.retryAfter(bug)).isNull();
    }
}
