package io.dirsync.command.rolemapping;

import org.h2.jdbcx.JdbcDataSource;
import org.junit.jupiter.api.Test;
import org.springframework.core.io.ClassPathResource;
import org.springframework.jdbc.core.JdbcTemplate;
import org.springframework.jdbc.datasource.DataSourceTransactionManager;
import org.springframework.jdbc.datasource.init.ResourceDatabasePopulator;

import java.sql.Connection;
import java.util.UUID;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.TimeUnit;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * The resolver's unmarking waits for a mark the process holds locked, and then leaves it, since the process made it
 * newer. Skipping it instead let the resolver look at the same members again at once, on facts the process had not
 * committed yet, and send their commands again: a benchmark reorder took twice as long.
 */
class RoleResolutionStateLockTest {

    @Test
    void unmarkingWaitsForTheProcessAndKeepsTheMarkItMadeNewer() throws Exception {
        JdbcDataSource dataSource = new JdbcDataSource();
        dataSource.setURL("jdbc:h2:mem:mark-locks-" + UUID.randomUUID() + ";DB_CLOSE_DELAY=-1;LOCK_TIMEOUT=10000");
        new ResourceDatabasePopulator(new ClassPathResource("db/migration/V11__directory_catalog.sql"),
                new ClassPathResource("db/migration/V12__role_resolution.sql")).execute(dataSource);
        RoleResolutionState state = new RoleResolutionState(new JdbcTemplate(dataSource), new DataSourceTransactionManager(dataSource));
        state.mark("u1");
        state.mark("u2");
        var looked = state.marked(10);

        CompletableFuture<Void> unmarking;
        try (Connection process = dataSource.getConnection()) {
            process.setAutoCommit(false);
            process.createStatement().executeUpdate("UPDATE rm_dirty SET version = version + 1 WHERE user_id = 'u1'");

            unmarking = CompletableFuture.runAsync(() -> state.resolved(looked));
            Thread.sleep(300);
            assertThat(unmarking).as("waiting for the process's lock").isNotDone();

            process.commit();
        }
        unmarking.get(5, TimeUnit.SECONDS);
        assertThat(state.marked(10)).containsExactly(new RoleResolutionState.Mark("u1", 2));
    }
}
