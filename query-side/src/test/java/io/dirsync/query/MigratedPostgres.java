package io.dirsync.query;

import org.flywaydb.core.Flyway;
import org.springframework.jdbc.core.JdbcTemplate;

import javax.sql.DataSource;
import java.util.UUID;

/**
 * A fresh PostgreSQL database with every migration, for each test: one embedded server for the test run, migrated once
 * into a template database that each test's database is copied from (a copy takes milliseconds, migrating a second).
 */
public final class MigratedPostgres extends MigratedDatabase {
    private static final String TEMPLATE = "migrated";
    private static EmbeddedPostgresDatabase server;
    private String database;

    @Override
    protected DataSource open() {
        database = "test_" + UUID.randomUUID().toString().replace("-", "");
        new JdbcTemplate(server().dataSource()).execute("CREATE DATABASE " + database + " TEMPLATE " + TEMPLATE);
        return server().dataSource(database);
    }

    @Override
    protected void close() {
        new JdbcTemplate(server().dataSource()).execute("DROP DATABASE " + database + " WITH (FORCE)");
    }

    /** Started on first use and stopped when the test JVM exits. */
    private static synchronized EmbeddedPostgresDatabase server() {
        if (server == null) {
            server = new EmbeddedPostgresDatabase();
            new JdbcTemplate(server.dataSource()).execute("CREATE DATABASE " + TEMPLATE);
            Flyway.configure()
                    .dataSource(server.dataSource(TEMPLATE))
                    .locations("classpath:db/migration")
                    .load()
                    .migrate();
        }
        return server;
    }
}
