package io.dirsync.query.attributemapping;

import io.dirsync.query.MigratedDatabase;
import io.dirsync.query.MigratedH2;
import org.junit.jupiter.api.extension.RegisterExtension;

class H2AttributeMappingProjectionTest extends AttributeMappingProjectionTests {
    @RegisterExtension
    final MigratedH2 database = new MigratedH2("attribute-mappings");

    @Override
    MigratedDatabase database() {
        return database;
    }
}
