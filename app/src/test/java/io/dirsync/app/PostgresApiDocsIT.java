package io.dirsync.app;

import org.springframework.context.annotation.Import;
import org.springframework.test.context.ActiveProfiles;

/** Issue 20's OpenAPI document on PostgreSQL: the same routes, whichever database the service runs on. */
@ActiveProfiles("postgres")
@Import(EmbeddedPostgresConfiguration.class)
class PostgresApiDocsIT extends ApiDocsContractTests {}
