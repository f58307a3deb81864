package io.dirsync.app;

import org.springframework.context.annotation.Import;
import org.springframework.test.context.ActiveProfiles;

/** Issue 25's auditor tokens on PostgreSQL (embedded binaries). */
@ActiveProfiles("postgres")
@Import(EmbeddedPostgresConfiguration.class)
class PostgresAuditorTokenIT extends AuditorTokenContractTests {}
