package io.dirsync.app;

import org.springframework.context.annotation.Import;
import org.springframework.test.context.ActiveProfiles;

/** Issue 20's metrics, health and log ids on PostgreSQL (embedded binaries). */
@ActiveProfiles("postgres")
@Import(EmbeddedPostgresConfiguration.class)
class PostgresMonitoringIT extends MonitoringContractTests {}
