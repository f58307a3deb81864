package io.dirsync.query;

import org.flywaydb.core.Flyway;
import org.h2.jdbcx.JdbcDataSource;

import javax.sql.DataSource;
import java.util.UUID;

/** A fresh in-memory H2 database with every migration, for each test. */
public final class MigratedH2 extends MigratedDatabase {
    private final String name;

    public MigratedH2(String name) {
        this.name = name;
    }

    @Override
    protected DataSource open() {
        JdbcDataSource dataSource = new JdbcDataSource();
        dataSource.setURL("jdbc:h2:mem:" + name + "-" + UUID.randomUUID() + ";DB_CLOSE_DELAY=-1");
        Flyway.configure()
                .dataSource(dataSource)
                .locations("classpath:db/migration")
                .load()
                .migrate();
        return dataSource;
    }
}
