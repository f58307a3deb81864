package io.dirsync.query;

import org.axonframework.eventhandling.GenericEventMessage;
import org.axonframework.messaging.unitofwork.CurrentUnitOfWork;
import org.axonframework.messaging.unitofwork.DefaultUnitOfWork;
import org.axonframework.messaging.unitofwork.UnitOfWork;
import org.flywaydb.core.Flyway;
import org.h2.jdbcx.JdbcDataSource;
import org.junit.jupiter.api.extension.AfterEachCallback;
import org.junit.jupiter.api.extension.BeforeEachCallback;
import org.junit.jupiter.api.extension.ExtensionContext;
import org.springframework.jdbc.core.JdbcTemplate;

import java.util.UUID;

/**
 * For projection tests: a fresh H2 database with every migration for each test, and processor batches as units of
 * work. A batch a failed test left open is rolled back, so that it does not become the next test's batch on the thread.
 */
public final class MigratedH2 implements BeforeEachCallback, AfterEachCallback {
    private final String name;
    private JdbcTemplate jdbc;

    public MigratedH2(String name) {
        this.name = name;
    }

    @Override
    public void beforeEach(ExtensionContext context) {
        JdbcDataSource dataSource = new JdbcDataSource();
        dataSource.setURL("jdbc:h2:mem:" + name + "-" + UUID.randomUUID() + ";DB_CLOSE_DELAY=-1");
        Flyway.configure().dataSource(dataSource).locations("classpath:db/migration").load().migrate();
        jdbc = new JdbcTemplate(dataSource);
    }

    @Override
    public void afterEach(ExtensionContext context) {
        while (CurrentUnitOfWork.isStarted()) {
            CurrentUnitOfWork.get().rollback();
        }
    }

    public JdbcTemplate jdbc() {
        return jdbc;
    }

    /** A processor's batch: what the projection defers is written when it commits. */
    public UnitOfWork<?> startBatch() {
        return DefaultUnitOfWork.startAndGet(GenericEventMessage.asEventMessage("batch"));
    }
}
