package io.dirsync.query.group;

import io.dirsync.query.MigratedDatabase;
import io.dirsync.query.MigratedH2;
import org.junit.jupiter.api.extension.RegisterExtension;

class H2ScimGroupProjectionTest extends ScimGroupProjectionTests {
    @RegisterExtension
    final MigratedH2 database = new MigratedH2("scim-groups");

    @Override
    MigratedDatabase database() {
        return database;
    }
}
