package io.dirsync.query.rolemapping;

import io.dirsync.api.rolemapping.MemberRoleChangedEvent;
import io.dirsync.api.rolemapping.RoleSource;
import org.axonframework.eventhandling.GenericEventMessage;
import org.axonframework.messaging.unitofwork.CurrentUnitOfWork;
import org.axonframework.messaging.unitofwork.DefaultUnitOfWork;
import org.axonframework.messaging.unitofwork.UnitOfWork;
import org.flywaydb.core.Flyway;
import org.h2.jdbcx.JdbcDataSource;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.springframework.jdbc.core.JdbcTemplate;

import java.util.UUID;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.tuple;

/** A batch's role changes are written when it commits: each member's last one, as an update or a first insert. */
class OrganizationMemberProjectionTest {
    private JdbcTemplate jdbc;
    private OrganizationMemberProjection projection;

    @BeforeEach
    void migrate() {
        JdbcDataSource dataSource = new JdbcDataSource();
        dataSource.setURL("jdbc:h2:mem:organization-member-projection-" + UUID.randomUUID() + ";DB_CLOSE_DELAY=-1");
        Flyway.configure().dataSource(dataSource).locations("classpath:db/migration").load().migrate();
        jdbc = new JdbcTemplate(dataSource);
        projection = new OrganizationMemberProjection(jdbc);
    }

    /** A test that failed inside its batch must not leave the batch to the next test on this thread. */
    @AfterEach
    void endTheBatchLeftOpen() {
        while (CurrentUnitOfWork.isStarted()) {
            CurrentUnitOfWork.get().rollback();
        }
    }

    @Test
    void outsideABatchEachChangeIsWrittenAtOnce() {
        projection.on(change("u1", "member", RoleSource.DEFAULT, null));
        projection.on(change("u1", "admin", RoleSource.MAPPING, "g-admins"));

        assertThat(members()).containsExactly(tuple("u1", "admin", "MAPPING", "g-admins"));
    }

    @Test
    void aBatchWritesEachMembersLastChangeWhenItCommits() {
        projection.on(change("u1", "member", RoleSource.DEFAULT, null));
        UnitOfWork<?> batch = DefaultUnitOfWork.startAndGet(GenericEventMessage.asEventMessage("batch"));
        projection.on(change("u1", "viewer", RoleSource.MAPPING, "g-viewers"));
        projection.on(change("u2", "viewer", RoleSource.MAPPING, "g-viewers"));
        projection.on(change("u2", "admin", RoleSource.MAPPING, "g-admins"));
        projection.on(change("u3", "member", RoleSource.DEFAULT, null));
        assertThat(members()).as("nothing before the commit").containsExactly(tuple("u1", "member", "DEFAULT", null));

        batch.commit();

        assertThat(members()).containsExactly(tuple("u1", "viewer", "MAPPING", "g-viewers"), tuple("u2", "admin", "MAPPING", "g-admins"),
                tuple("u3", "member", "DEFAULT", null));
    }

    @Test
    void aRolledBackBatchWritesNothing() {
        UnitOfWork<?> batch = DefaultUnitOfWork.startAndGet(GenericEventMessage.asEventMessage("batch"));
        projection.on(change("u1", "viewer", RoleSource.MAPPING, "g-viewers"));
        batch.rollback();

        assertThat(members()).isEmpty();
    }

    private static MemberRoleChangedEvent change(String userId, String role, RoleSource source, String group) {
        return new MemberRoleChangedEvent("m-" + userId, userId, "c1", "org-a", role, source, group);
    }

    private java.util.List<org.assertj.core.groups.Tuple> members() {
        return jdbc.query("SELECT user_id, role_key, role_source, mapped_group_id FROM org_member WHERE organization_id = 'org-a'"
                + " AND connection_id = 'c1' ORDER BY user_id", (rs, i) -> tuple(rs.getString(1), rs.getString(2), rs.getString(3), rs.getString(4)));
    }
}
