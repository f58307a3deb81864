package io.dirsync.app;

import org.springframework.context.annotation.Import;
import org.springframework.test.context.ActiveProfiles;

/** Issue 20's token rotation on PostgreSQL (embedded binaries). */
@ActiveProfiles("postgres")
@Import(EmbeddedPostgresConfiguration.class)
class PostgresTokenRotationIT extends TokenRotationContractTests {}
