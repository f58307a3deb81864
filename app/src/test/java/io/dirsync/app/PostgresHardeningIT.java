package io.dirsync.app;

import org.springframework.context.annotation.Import;
import org.springframework.test.context.ActiveProfiles;

/** Issue 6's hardening promises on PostgreSQL (embedded binaries). */
@ActiveProfiles("postgres")
@Import(EmbeddedPostgresConfiguration.class)
class PostgresHardeningIT extends HardeningContractTests {}
