package io.dirsync.query.rolemapping;

import io.dirsync.query.MigratedDatabase;
import io.dirsync.query.MigratedH2;
import org.junit.jupiter.api.extension.RegisterExtension;

class H2RoleMappingProjectionTest extends RoleMappingProjectionTests {
    @RegisterExtension
    final MigratedH2 database = new MigratedH2("role-mappings");

    @Override
    MigratedDatabase database() {
        return database;
    }
}
