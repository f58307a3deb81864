package io.dirsync.query.organization;

import io.dirsync.query.MigratedDatabase;
import io.dirsync.query.MigratedH2;
import org.junit.jupiter.api.extension.RegisterExtension;

class H2OrganizationOverviewProjectionTest extends OrganizationOverviewProjectionTests {
    @RegisterExtension
    final MigratedH2 database = new MigratedH2("organization-overview");

    @Override
    MigratedDatabase database() {
        return database;
    }
}
