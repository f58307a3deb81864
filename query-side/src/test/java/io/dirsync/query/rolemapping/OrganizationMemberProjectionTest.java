package io.dirsync.query.rolemapping;

import io.dirsync.api.rolemapping.MemberRoleChangedEvent;
import io.dirsync.api.rolemapping.RoleSource;
import io.dirsync.api.user.EmailAddress;
import io.dirsync.api.user.UserErasedEvent;
import io.dirsync.api.user.UserProfile;
import io.dirsync.api.user.UserProfileUpdatedEvent;
import io.dirsync.api.user.UserProvisionedEvent;
import io.dirsync.query.MigratedH2;
import org.assertj.core.groups.Tuple;
import org.axonframework.messaging.unitofwork.UnitOfWork;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;
import org.springframework.jdbc.core.JdbcTemplate;

import java.util.List;
import java.util.Map;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.tuple;

/**
 * A batch's role changes are written when it commits: each member's last one, as an update or a first insert; its new
 * members' names likewise, in one insert, before any later change of a name.
 */
class OrganizationMemberProjectionTest {
    @RegisterExtension
    final MigratedH2 database = new MigratedH2("organization-member-projection");

    private OrganizationMemberProjection projection;
    private JdbcTemplate jdbc;

    @BeforeEach
    void projection() {
        jdbc = database.jdbc();
        projection = new OrganizationMemberProjection(jdbc);
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
        UnitOfWork<?> batch = database.startBatch();
        projection.on(change("u1", "viewer", RoleSource.MAPPING, "g-viewers"));
        projection.on(change("u2", "viewer", RoleSource.MAPPING, "g-viewers"));
        projection.on(change("u2", "admin", RoleSource.MAPPING, "g-admins"));
        projection.on(change("u3", "member", RoleSource.DEFAULT, null));
        assertThat(members()).as("nothing before the commit").containsExactly(tuple("u1", "member", "DEFAULT", null));

        batch.commit();

        assertThat(members())
                .containsExactly(
                        tuple("u1", "viewer", "MAPPING", "g-viewers"),
                        tuple("u2", "admin", "MAPPING", "g-admins"),
                        tuple("u3", "member", "DEFAULT", null));
    }

    @Test
    void aRolledBackBatchWritesNothing() {
        UnitOfWork<?> batch = database.startBatch();
        projection.on(change("u1", "viewer", RoleSource.MAPPING, "g-viewers"));
        batch.rollback();

        assertThat(members()).isEmpty();
    }

    @Test
    void aBatchInsertsItsNewMembersNamesWhenItCommitsAndLaterChangesApplyAfterThem() {
        projection.on(provisioned("u0", "Zed"));
        UnitOfWork<?> batch = database.startBatch();
        projection.on(provisioned("u1", "Ada"));
        projection.on(provisioned("u2", "Bob"));
        projection.on(provisioned("u3", "Cy"));
        assertThat(names()).as("nothing before the commit").containsExactly(tuple("u0", "Zed", "zed"));
        projection.on(new UserProfileUpdatedEvent("u1", "c1", profile("Ada.Lovelace")));
        projection.on(new UserErasedEvent("u3", "c1"));
        projection.on(provisioned("u4", "Dee"));

        batch.commit();

        assertThat(names())
                .containsExactly(
                        tuple("u0", "Zed", "zed"),
                        tuple("u1", "Ada.Lovelace", "ada.lovelace"),
                        tuple("u2", "Bob", "bob"),
                        tuple("u4", "Dee", "dee"));
    }

    @Test
    void reApplyingAProvisioningReplacesTheNameAndARolledBackBatchWritesNone() {
        projection.on(provisioned("u1", "Ada"));
        projection.on(provisioned("u1", "Ada"));
        UnitOfWork<?> batch = database.startBatch();
        projection.on(provisioned("u2", "Bob"));
        batch.rollback();

        assertThat(names()).containsExactly(tuple("u1", "Ada", "ada"));
    }

    private static UserProvisionedEvent provisioned(String userId, String userName) {
        return new UserProvisionedEvent(userId, "c1", profile(userName), true);
    }

    private static UserProfile profile(String userName) {
        String email = userName.toLowerCase() + "@example.com";
        return new UserProfile(
                userName, null, null, userName, List.of(new EmailAddress(email, "work", true)), null, Map.of());
    }

    private List<Tuple> names() {
        return jdbc.query(
                "SELECT user_id, user_name, user_name_key FROM org_member_name ORDER BY user_id",
                (rs, i) -> tuple(rs.getString(1), rs.getString(2), rs.getString(3)));
    }

    private static MemberRoleChangedEvent change(String userId, String role, RoleSource source, String group) {
        return new MemberRoleChangedEvent("m-" + userId, userId, "c1", "org-a", role, source, group);
    }

    private java.util.List<org.assertj.core.groups.Tuple> members() {
        return jdbc.query(
                "SELECT user_id, role_key, role_source, mapped_group_id FROM org_member WHERE organization_id = 'org-a'"
                        + " AND connection_id = 'c1' ORDER BY user_id",
                (rs, i) -> tuple(rs.getString(1), rs.getString(2), rs.getString(3), rs.getString(4)));
    }
}
