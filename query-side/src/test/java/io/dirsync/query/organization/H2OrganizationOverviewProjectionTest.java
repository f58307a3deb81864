package io.dirsync.query.organization;

import io.dirsync.query.MigratedH2;

class H2OrganizationOverviewProjectionTest extends OrganizationOverviewProjectionTests {
    H2OrganizationOverviewProjectionTest() {
        super(new MigratedH2("organization-overview"));
    }
}
