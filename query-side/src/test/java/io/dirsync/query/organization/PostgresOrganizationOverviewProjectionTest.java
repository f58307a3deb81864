package io.dirsync.query.organization;

import io.dirsync.query.MigratedPostgres;

class PostgresOrganizationOverviewProjectionTest extends OrganizationOverviewProjectionTests {
    PostgresOrganizationOverviewProjectionTest() {
        super(new MigratedPostgres());
    }
}
