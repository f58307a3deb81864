package io.dirsync.command.rolemapping;

import org.h2.jdbcx.JdbcDataSource;
import org.junit.jupiter.api.Test;
import org.springframework.core.io.ClassPathResource;
import org.springframework.jdbc.core.JdbcTemplate;
import org.springframework.jdbc.datasource.DataSourceTransactionManager;
import org.springframework.jdbc.datasource.init.ResourceDatabasePopulator;

import java.sql.Connection;
import java.time.Duration;
import java.util.UUID;

import static org.assertj.core.api.Assertions.assertThat;
import static org.junit.jupiter.api.Assertions.assertTimeoutPreemptively;

/**
 * The resolver unmarks without waiting for a mark the process holds locked: waiting on the process while the process
 * waits on the resolver's own deletes was a deadlock PostgreSQL broke by failing one of them.
 */
class RoleResolutionStateLockTest {

    @Test
    void aMarkLockedByTheProcessIsSkippedNotWaitedForAndStaysMarked() throws Exception {
        JdbcDataSource dataSource = new JdbcDataSource();
        // a lock wait of ten seconds, so that waiting could not pass for skipping
        dataSource.setURL("jdbc:h2:mem:mark-locks-" + UUID.randomUUID() + ";DB_CLOSE_DELAY=-1;LOCK_TIMEOUT=10000");
        new ResourceDatabasePopulator(new ClassPathResource("db/migration/V11__directory_catalog.sql"),
                new ClassPathResource("db/migration/V12__role_resolution.sql")).execute(dataSource);
        RoleResolutionState state = new RoleResolutionState(new JdbcTemplate(dataSource), new DataSourceTransactionManager(dataSource));
        state.mark("u1");
        state.mark("u2");
        var looked = state.marked(10);

        try (Connection process = dataSource.getConnection()) {
            process.setAutoCommit(false);
            process.createStatement().executeUpdate("UPDATE rm_dirty SET version = version + 1 WHERE user_id = 'u1'");

            assertTimeoutPreemptively(Duration.ofSeconds(5), () -> state.resolved(looked));

            process.commit();
        }
        assertThat(state.marked(10)).containsExactly(new RoleResolutionState.Mark("u1", 2));
    }
}
