package io.dirsync.query.session;

import io.dirsync.query.MigratedDatabase;
import io.dirsync.query.MigratedPostgres;
import org.junit.jupiter.api.extension.RegisterExtension;

class PostgresSessionProjectionTest extends SessionProjectionTests {
    @RegisterExtension
    final MigratedPostgres database = new MigratedPostgres();

    @Override
    MigratedDatabase database() {
        return database;
    }
}
