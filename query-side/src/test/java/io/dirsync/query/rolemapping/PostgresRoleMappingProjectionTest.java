package io.dirsync.query.rolemapping;

import io.dirsync.query.MigratedDatabase;
import io.dirsync.query.MigratedPostgres;
import org.junit.jupiter.api.extension.RegisterExtension;

class PostgresRoleMappingProjectionTest extends RoleMappingProjectionTests {
    @RegisterExtension
    final MigratedPostgres database = new MigratedPostgres();

    @Override
    MigratedDatabase database() {
        return database;
    }
}
