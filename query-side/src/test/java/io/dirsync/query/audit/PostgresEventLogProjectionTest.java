package io.dirsync.query.audit;

import io.dirsync.query.MigratedDatabase;
import io.dirsync.query.MigratedPostgres;
import org.junit.jupiter.api.extension.RegisterExtension;

class PostgresEventLogProjectionTest extends EventLogProjectionTests {
    @RegisterExtension
    final MigratedPostgres database = new MigratedPostgres();

    @Override
    MigratedDatabase database() {
        return database;
    }
}
