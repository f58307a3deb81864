package io.dirsync.query.rolemapping;

import io.dirsync.query.MigratedH2;

class H2RoleMappingProjectionTest extends RoleMappingProjectionTests {
    H2RoleMappingProjectionTest() {
        super(new MigratedH2("role-mappings"));
    }
}
