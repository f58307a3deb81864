package io.dirsync.query.rolemapping;

import io.dirsync.query.MigratedPostgres;

class PostgresRoleMappingProjectionTest extends RoleMappingProjectionTests {
    PostgresRoleMappingProjectionTest() {
        super(new MigratedPostgres());
    }
}
