package io.dirsync.app;

import org.springframework.context.annotation.Import;
import org.springframework.test.context.ActiveProfiles;

@ActiveProfiles("postgres")
@Import(EmbeddedPostgresConfiguration.class)
class PostgresRebuildInSetsIT extends RebuildInSetsContractTests {}
