package io.dirsync.app;

import org.springframework.context.annotation.Import;
import org.springframework.test.context.ActiveProfiles;

/** Issue 25's lock-out on PostgreSQL (embedded binaries). */
@ActiveProfiles("postgres")
@Import(EmbeddedPostgresConfiguration.class)
class PostgresFailedAuthenticationIT extends FailedAuthenticationContractTests {}
