package io.dirsync.query;

import org.axonframework.eventhandling.GenericEventMessage;
import org.axonframework.messaging.unitofwork.CurrentUnitOfWork;
import org.axonframework.messaging.unitofwork.DefaultUnitOfWork;
import org.axonframework.messaging.unitofwork.UnitOfWork;
import org.junit.jupiter.api.extension.AfterEachCallback;
import org.junit.jupiter.api.extension.BeforeEachCallback;
import org.junit.jupiter.api.extension.ExtensionContext;
import org.springframework.jdbc.core.JdbcTemplate;

import javax.sql.DataSource;

/**
 * For projection tests: a fresh database with every migration for each test ({@link MigratedH2}, {@link MigratedPostgres}),
 * and processor batches as units of work. A batch a failed test left open is rolled back, so that it does not become the
 * next test's batch on the thread.
 */
public abstract class MigratedDatabase implements BeforeEachCallback, AfterEachCallback {
    private JdbcTemplate jdbc;

    /** A fresh database with every migration applied. */
    protected abstract DataSource open();

    /** Removes the test's database where it would outlive the test. */
    protected void close() {}

    @Override
    public final void beforeEach(ExtensionContext context) {
        jdbc = new JdbcTemplate(open());
    }

    @Override
    public final void afterEach(ExtensionContext context) {
        while (CurrentUnitOfWork.isStarted()) {
            CurrentUnitOfWork.get().rollback();
        }
        close();
    }

    public JdbcTemplate jdbc() {
        return jdbc;
    }

    /** A processor's batch: what the projection defers is written when it commits. */
    public UnitOfWork<?> startBatch() {
        return DefaultUnitOfWork.startAndGet(GenericEventMessage.asEventMessage("batch"));
    }
}
