package io.dirsync.query.group;

import io.dirsync.query.MigratedH2;

class H2ScimGroupProjectionTest extends ScimGroupProjectionTests {
    H2ScimGroupProjectionTest() {
        super(new MigratedH2("scim-groups"));
    }
}
