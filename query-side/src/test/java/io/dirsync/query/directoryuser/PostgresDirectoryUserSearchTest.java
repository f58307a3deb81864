package io.dirsync.query.directoryuser;

import io.dirsync.query.EmbeddedPostgresDatabase;
import org.junit.jupiter.api.AfterAll;

import javax.sql.DataSource;
import java.io.IOException;

class PostgresDirectoryUserSearchTest extends DirectoryUserSearchTests {
    private final EmbeddedPostgresDatabase postgres = new EmbeddedPostgresDatabase();

    @Override
    DataSource dataSource() {
        return postgres.dataSource();
    }

    @AfterAll
    void stop() throws IOException {
        postgres.close();
    }
}
