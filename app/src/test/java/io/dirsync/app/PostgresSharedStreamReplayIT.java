package io.dirsync.app;

import org.springframework.context.annotation.Import;
import org.springframework.test.context.ActiveProfiles;
import org.springframework.test.context.TestPropertySource;

/** The replay contract with the shared stream on: one processor reset while the others follow the shared reader. */
@ActiveProfiles("postgres")
@Import(EmbeddedPostgresConfiguration.class)
@TestPropertySource(properties = "dirsync.projections.shared-stream=true")
class PostgresSharedStreamReplayIT extends ReplayContractTests {}
