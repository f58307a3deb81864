package io.dirsync.query.attributemapping;

import io.dirsync.query.MigratedPostgres;

class PostgresAttributeMappingProjectionTest extends AttributeMappingProjectionTests {
    PostgresAttributeMappingProjectionTest() {
        super(new MigratedPostgres());
    }
}
