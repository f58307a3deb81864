package io.dirsync.query.attributemapping;

import io.dirsync.query.MigratedDatabase;
import io.dirsync.query.MigratedPostgres;
import org.junit.jupiter.api.extension.RegisterExtension;

class PostgresAttributeMappingProjectionTest extends AttributeMappingProjectionTests {
    @RegisterExtension
    final MigratedPostgres database = new MigratedPostgres();

    @Override
    MigratedDatabase database() {
        return database;
    }
}
