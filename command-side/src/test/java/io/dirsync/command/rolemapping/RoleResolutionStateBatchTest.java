package io.dirsync.command.rolemapping;

import io.dirsync.api.rolemapping.RoleSource;
import org.axonframework.eventhandling.GenericEventMessage;
import org.axonframework.messaging.unitofwork.CurrentUnitOfWork;
import org.axonframework.messaging.unitofwork.DefaultUnitOfWork;
import org.axonframework.messaging.unitofwork.UnitOfWork;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.springframework.core.io.ClassPathResource;
import org.springframework.jdbc.core.JdbcTemplate;
import org.springframework.jdbc.datasource.DataSourceTransactionManager;
import org.springframework.jdbc.datasource.SingleConnectionDataSource;
import org.springframework.jdbc.datasource.init.ResourceDatabasePopulator;

import java.util.List;
import java.util.Map;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * In one of the process's batches, marks and assignments are written when the batch commits, as a few statements for
 * the whole batch; the process's own reads of assignments still see the batch's earlier ones.
 */
class RoleResolutionStateBatchTest {
    private final SingleConnectionDataSource dataSource =
            new SingleConnectionDataSource("jdbc:h2:mem:state-batches;DB_CLOSE_DELAY=-1", "sa", "", true);
    private final JdbcTemplate jdbc = new JdbcTemplate(dataSource);
    private final RoleResolutionState state =
            new RoleResolutionState(jdbc, new DataSourceTransactionManager(dataSource));

    @BeforeEach
    void setUp() {
        jdbc.execute("DROP ALL OBJECTS");
        new ResourceDatabasePopulator(
                        new ClassPathResource("db/migration/V11__directory_catalog.sql"),
                        new ClassPathResource("db/migration/V12__role_resolution.sql"))
                .execute(dataSource);
        state.organizationCreated("org", "member", List.of("member", "admin", "viewer"));
        state.connectionCreated("c1", "org");
        state.user("u1", "c1", true);
        state.user("u2", "c1", true);
        state.resolved(state.marked(10));
    }

    @AfterEach
    void tearDown() {
        while (CurrentUnitOfWork.isStarted()) {
            CurrentUnitOfWork.get().rollback();
        }
        dataSource.destroy();
    }

    @Test
    void marksLandWhenTheBatchCommitsEachMemberOnceWithANewerVersion() {
        state.mark("u1");
        long before = versions().get("u1");
        UnitOfWork<?> batch = DefaultUnitOfWork.startAndGet(GenericEventMessage.asEventMessage("batch"));
        state.mark("u1");
        state.mark("u2");
        state.mark("u2");
        assertThat(versions())
                .as("nothing before the commit")
                .containsOnlyKeys("u1")
                .containsEntry("u1", before);

        batch.commit();

        assertThat(versions()).containsOnlyKeys("u1", "u2");
        assertThat(versions().get("u1")).isGreaterThan(before);
    }

    @Test
    void assignmentsLandWhenTheBatchCommitsTheLastOfEachMember() {
        state.assigned("u1", "member", RoleSource.DEFAULT, null);
        UnitOfWork<?> batch = DefaultUnitOfWork.startAndGet(GenericEventMessage.asEventMessage("batch"));
        state.assigned("u1", "viewer", RoleSource.MAPPING, "g-viewers");
        state.assigned("u2", "viewer", RoleSource.MAPPING, "g-viewers");
        state.assigned("u2", "admin", RoleSource.MAPPING, "g-admins");
        assertThat(current("u1").role()).isEqualTo("member");
        assertThat(state.facts("u2").orElseThrow().current()).isNull();

        batch.commit();

        assertThat(current("u1")).isEqualTo(new RoleResolution.Assignment("viewer", RoleSource.MAPPING, "g-viewers"));
        assertThat(current("u2")).isEqualTo(new RoleResolution.Assignment("admin", RoleSource.MAPPING, "g-admins"));
    }

    @Test
    void markingTheHoldersOfARoleSeesTheBatchsEarlierAssignments() {
        UnitOfWork<?> batch = DefaultUnitOfWork.startAndGet(GenericEventMessage.asEventMessage("batch"));
        state.assigned("u2", "viewer", RoleSource.MAPPING, "g-viewers");
        state.markHoldersOf("org", "viewer");
        batch.commit();

        assertThat(versions()).containsOnlyKeys("u2");
    }

    /**
     * A member whose new role is the one its facts give is not marked again, so the resolver does not read it a
     * second time; one whose facts now give another role is, and with sync off nobody is.
     */
    @Test
    void aRoleChangeMarksTheMemberOnlyWhenItsFactsResolveToAnotherRole() {
        UnitOfWork<?> batch = DefaultUnitOfWork.startAndGet(GenericEventMessage.asEventMessage("batch"));
        state.assigned("u1", "member", RoleSource.DEFAULT, null);
        state.assigned("u2", "viewer", RoleSource.MAPPING, "g-viewers");
        assertThat(versions()).as("nothing before the commit").isEmpty();
        batch.commit();

        assertThat(versions()).containsOnlyKeys("u2");

        state.resolved(state.marked(10));
        state.syncEnabled("c1", false);
        state.assigned("u2", "admin", RoleSource.MANUAL, null);
        assertThat(versions()).as("outside a batch, at once; sync off").isEmpty();
        state.syncEnabled("c1", true);
        state.assigned("u2", "viewer", RoleSource.MAPPING, "g-viewers");
        assertThat(versions()).containsOnlyKeys("u2");
    }

    @Test
    void aRolledBackBatchLeavesNothing() {
        UnitOfWork<?> batch = DefaultUnitOfWork.startAndGet(GenericEventMessage.asEventMessage("batch"));
        state.assigned("u1", "viewer", RoleSource.MAPPING, "g-viewers");
        state.mark("u1");
        batch.rollback();

        assertThat(versions()).isEmpty();
        assertThat(current("u1")).isNull();
    }

    private RoleResolution.Assignment current(String userId) {
        return state.facts(userId).orElseThrow().current();
    }

    private Map<String, Long> versions() {
        Map<String, Long> versions = new java.util.TreeMap<>();
        state.marked(100).forEach(mark -> versions.put(mark.userId(), mark.version()));
        return versions;
    }
}
