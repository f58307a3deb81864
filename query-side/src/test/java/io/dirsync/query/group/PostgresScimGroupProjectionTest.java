package io.dirsync.query.group;

import io.dirsync.query.MigratedDatabase;
import io.dirsync.query.MigratedPostgres;
import org.junit.jupiter.api.extension.RegisterExtension;

class PostgresScimGroupProjectionTest extends ScimGroupProjectionTests {
    @RegisterExtension
    final MigratedPostgres database = new MigratedPostgres();

    @Override
    MigratedDatabase database() {
        return database;
    }
}
