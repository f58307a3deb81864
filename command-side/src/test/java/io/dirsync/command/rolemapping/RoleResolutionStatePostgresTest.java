package io.dirsync.command.rolemapping;

import io.dirsync.api.rolemapping.RoleSource;
import io.zonky.test.db.postgres.embedded.EmbeddedPostgres;
import org.axonframework.eventhandling.GenericEventMessage;
import org.axonframework.messaging.unitofwork.CurrentUnitOfWork;
import org.axonframework.messaging.unitofwork.DefaultUnitOfWork;
import org.axonframework.messaging.unitofwork.UnitOfWork;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.springframework.core.io.ClassPathResource;
import org.springframework.jdbc.core.JdbcTemplate;
import org.springframework.jdbc.datasource.DataSourceTransactionManager;
import org.springframework.jdbc.datasource.SingleConnectionDataSource;
import org.springframework.jdbc.datasource.init.ResourceDatabasePopulator;

import java.io.IOException;
import java.sql.SQLException;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;
import java.util.stream.IntStream;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * The marks on PostgreSQL, where they are one upsert a batch: a marked member gets a newer version, an unmarked one a
 * mark, a mark made after the resolver read one survives its unmarking, and marking never scans the table, however
 * stale its statistics (a scan per member once held a batch open while the resolver waited on it).
 */
class RoleResolutionStatePostgresTest {
    private static EmbeddedPostgres postgres;
    private SingleConnectionDataSource dataSource;
    private JdbcTemplate jdbc;
    private RoleResolutionState state;

    @BeforeAll
    static void start() throws IOException {
        postgres = EmbeddedPostgres.builder().setRegisterShutdownHook(false).start();
    }

    @AfterAll
    static void stop() throws IOException {
        postgres.close();
    }

    @BeforeEach
    void setUp() throws SQLException {
        dataSource =
                new SingleConnectionDataSource(postgres.getPostgresDatabase().getConnection(), true);
        jdbc = new JdbcTemplate(dataSource);
        jdbc.execute("DROP SCHEMA public CASCADE; CREATE SCHEMA public");
        new ResourceDatabasePopulator(
                        new ClassPathResource("db/migration/V11__directory_catalog.sql"),
                        new ClassPathResource("db/migration/V12__role_resolution.sql"))
                .execute(dataSource);
        // statistics taken while the table was empty, as on a busy table autovacuum has not caught up with
        jdbc.execute("ALTER TABLE rm_dirty SET (autovacuum_enabled = false)");
        jdbc.execute("ANALYZE rm_dirty");
        state = new RoleResolutionState(jdbc, new DataSourceTransactionManager(dataSource));
        state.organizationCreated("org", "member", List.of("member", "admin"));
        state.connectionCreated("c1", "org");
        for (int i = 0; i < 3000; i++) {
            state.user(user(i), "c1", true);
        }
        state.resolved(state.marked(10_000));
    }

    @AfterEach
    void tearDown() {
        while (CurrentUnitOfWork.isStarted()) {
            CurrentUnitOfWork.get().rollback();
        }
        dataSource.destroy();
    }

    @Test
    void aBatchRaisesTheMarksThereAreAndAddsTheOthers() {
        state.markConnection("c1");
        Map<String, Long> before = versions();
        assertThat(before)
                .hasSize(3000)
                .allSatisfy((user, version) -> assertThat(version).isEqualTo(1L));

        inOneBatch(() -> IntStream.range(2000, 3000).forEach(i -> state.mark(user(i))));
        state.resolved(state.marked(2000));
        inOneBatch(() -> IntStream.range(1500, 2500).forEach(i -> state.mark(user(i))));

        Map<String, Long> after = versions();
        assertThat(after).hasSize(1000 + 500);
        IntStream.range(2000, 2500).forEach(i -> assertThat(after.get(user(i))).isEqualTo(3L));
        IntStream.range(2500, 3000).forEach(i -> assertThat(after.get(user(i))).isEqualTo(2L));
        IntStream.range(1500, 2000).forEach(i -> assertThat(after.get(user(i))).isEqualTo(1L));
    }

    @Test
    void aUsersRowIsMadeThenUpdatedInPlaceAndTheUserMarked() {
        state.user("new-user", "c1", true);
        state.user(user(5), "c1", false);
        state.user(user(5), "c1", false); // the same event again, as a retried batch delivers it

        assertThat(jdbc.queryForList(
                        "SELECT user_id || ' ' || connection_id || ' ' || active FROM rm_user"
                                + " WHERE user_id IN ('new-user', ?) ORDER BY user_id",
                        String.class,
                        user(5)))
                .containsExactly("new-user c1 true", user(5) + " c1 false");
        assertThat(jdbc.queryForObject("SELECT count(*) FROM rm_user", Integer.class))
                .isEqualTo(3001);
        assertThat(versions()).containsOnlyKeys("new-user", user(5));
    }

    @Test
    void aMarkMadeAfterTheResolverReadOneSurvivesItsUnmarking() {
        state.mark(user(8));
        state.mark(user(7));
        List<RoleResolutionState.Mark> read = state.marked(10);
        state.mark(user(7));
        state.resolved(read);

        assertThat(versions())
                .as("the mark read and not raised since goes, the raised one stays")
                .containsOnlyKeys(user(7))
                .containsEntry(user(7), 2L);
    }

    @Test
    void markingFindsEachMarkByItsKeyNotByAScan() {
        state.markConnection("c1");
        state.resolved(state.marked(1000));
        state.markConnection("c1");
        jdbc.execute("BEGIN");
        try {
            long before = sequentialScans();
            inOneBatch(() -> IntStream.range(0, 3000).filter(i -> i % 3 == 0).forEach(i -> state.mark(user(i))));
            state.markConnection("c1");
            assertThat(sequentialScans()).isEqualTo(before);
        } finally {
            jdbc.execute("COMMIT");
        }
        assertThat(versions()).hasSize(3000);
    }

    /**
     * A batch's assignments, written by PostgreSQL's upsert of arrays: a member's row is replaced, a new member's made,
     * nulls kept. Its role changes then mark only the members whose facts give another role.
     */
    @Test
    void aBatchsAssignmentsReplaceAndAddRowsAndMarkOnlyMembersWhoseFactsDiffer() {
        state.assigned(user(1), "admin", RoleSource.MANUAL, null);
        state.resolved(state.marked(10));

        inOneBatch(() -> {
            state.assigned(user(1), "member", RoleSource.DEFAULT, null);
            state.assigned(user(2), "admin", RoleSource.MAPPING, "g-admins");
        });

        assertThat(state.facts(user(1)).orElseThrow().current())
                .isEqualTo(new RoleResolution.Assignment("member", RoleSource.DEFAULT, null));
        assertThat(state.facts(user(2)).orElseThrow().current())
                .isEqualTo(new RoleResolution.Assignment("admin", RoleSource.MAPPING, "g-admins"));
        assertThat(versions()).containsOnlyKeys(user(2));
    }

    private long sequentialScans() {
        Long scans = jdbc.queryForObject(
                "SELECT seq_scan FROM pg_stat_xact_user_tables WHERE relname = 'rm_dirty'", Long.class);
        return scans == null ? 0 : scans;
    }

    private static void inOneBatch(Runnable marks) {
        UnitOfWork<?> batch = DefaultUnitOfWork.startAndGet(GenericEventMessage.asEventMessage("batch"));
        marks.run();
        batch.commit();
    }

    private static String user(int i) {
        return "user-%05d".formatted(i);
    }

    private Map<String, Long> versions() {
        Map<String, Long> versions = new TreeMap<>();
        state.marked(10_000).forEach(mark -> versions.put(mark.userId(), mark.version()));
        return versions;
    }
}
