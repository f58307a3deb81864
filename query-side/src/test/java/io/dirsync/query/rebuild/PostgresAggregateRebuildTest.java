package io.dirsync.query.rebuild;

import io.dirsync.query.EmbeddedPostgresDatabase;
import org.junit.jupiter.api.AfterAll;

import javax.sql.DataSource;
import java.io.IOException;

class PostgresAggregateRebuildTest extends AggregateRebuildTests {
    private final EmbeddedPostgresDatabase postgres = new EmbeddedPostgresDatabase();
    /** One instance: a transaction binds its connection to the data source it was opened on. */
    private final DataSource dataSource = postgres.dataSource();

    @Override
    DataSource dataSource() {
        return dataSource;
    }

    @AfterAll
    void stop() throws IOException {
        postgres.close();
    }
}
