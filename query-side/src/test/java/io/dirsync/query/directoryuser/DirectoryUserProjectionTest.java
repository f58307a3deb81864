package io.dirsync.query.directoryuser;

import io.dirsync.api.rolemapping.MemberRoleChangedEvent;
import io.dirsync.api.rolemapping.RoleSource;
import io.dirsync.api.user.EmailAddress;
import io.dirsync.api.user.UserDeactivatedEvent;
import io.dirsync.api.user.UserErasedEvent;
import io.dirsync.api.user.UserProfile;
import io.dirsync.api.user.UserProvisionedEvent;
import io.dirsync.query.MigratedH2;
import org.axonframework.messaging.unitofwork.UnitOfWork;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;
import org.springframework.jdbc.core.JdbcTemplate;
import org.springframework.jdbc.core.RowCallbackHandler;

import java.time.Instant;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;

import static org.assertj.core.api.Assertions.assertThat;

/** New users' rows and role changes wait for the processor's batch to commit; the batch's other writes must still run after them. */
class DirectoryUserProjectionTest {
    private static final String CONNECTION = "acme";
    private static final Instant AT = Instant.parse("2026-11-01T10:00:00Z");

    @RegisterExtension
    final MigratedH2 database = new MigratedH2("directory-user-projection");

    private DirectoryUserProjection projection;
    private JdbcTemplate jdbc;

    @BeforeEach
    void projection() {
        jdbc = database.jdbc();
        projection = new DirectoryUserProjection(jdbc);
    }

    @Test
    void theWritesOfABatchKeepEachUsersEventOrder() {
        UnitOfWork<?> batch = database.startBatch();
        projection.on(provisioned("u1", "ada"), AT);
        projection.on(provisioned("u2", "grace"), AT);
        projection.on(new UserDeactivatedEvent("u1", CONNECTION, "PATCH"), AT.plusSeconds(1));
        projection.on(new UserErasedEvent("u2", CONNECTION));
        projection.on(provisioned("u3", "linus"), AT.plusSeconds(2));
        assertThat(statuses()).as("u3 waits for the commit").doesNotContainKey("u3");

        batch.commit();

        assertThat(statuses()).containsExactlyEntriesOf(new TreeMap<>(Map.of("u1", "Deactivated", "u3", "Active")));
    }

    @Test
    void provisioningAgainReplacesTheRowInABatchAndOutsideOne() {
        projection.on(provisioned("u1", "ada"), AT);
        UnitOfWork<?> batch = database.startBatch();
        projection.on(provisioned("u1", "ada.lovelace"), AT);
        projection.on(provisioned("u1", "countess"), AT);
        batch.commit();

        assertThat(jdbc.queryForList("SELECT user_name FROM directory_user", String.class))
                .containsExactly("countess@example.com");
    }

    @Test
    void roleChangesWaitForTheCommitAndLandOnRowsInsertedInTheSameBatch() {
        projection.on(provisioned("u1", "ada"), AT);
        UnitOfWork<?> batch = database.startBatch();
        projection.on(role("u1", "viewer"));
        assertThat(roles()).as("waits for the commit").containsExactlyEntriesOf(Map.of("u1", "none"));
        projection.on(provisioned("u2", "grace"), AT);
        assertThat(roles())
                .as("a new row comes after the role changes before it")
                .containsExactlyEntriesOf(Map.of("u1", "viewer"));
        projection.on(role("u2", "admin"));
        projection.on(role("u1", "admin"));
        assertThat(roles()).as("u2's row and both changes wait").containsExactlyEntriesOf(Map.of("u1", "viewer"));

        batch.commit();

        assertThat(roles()).containsExactlyEntriesOf(new TreeMap<>(Map.of("u1", "admin", "u2", "admin")));
    }

    @Test
    void aRoleChangeOutsideABatchLandsAtOnce() {
        projection.on(provisioned("u1", "ada"), AT);
        projection.on(role("u1", "viewer"));

        assertThat(roles()).containsExactlyEntriesOf(Map.of("u1", "viewer"));
    }

    @Test
    void aWriteAfterARoleChangeInTheBatchRunsAfterIt() {
        projection.on(provisioned("u1", "ada"), AT);
        UnitOfWork<?> batch = database.startBatch();
        projection.on(role("u1", "viewer"));
        projection.on(new UserDeactivatedEvent("u1", CONNECTION, "PATCH"), AT.plusSeconds(1));
        assertThat(roles())
                .as("the deactivation wrote the pending role first")
                .containsExactlyEntriesOf(Map.of("u1", "viewer"));
        projection.on(role("u1", "admin"));
        projection.on(new UserErasedEvent("u1", CONNECTION));
        batch.commit();

        assertThat(roles())
                .as("the erasure came after the last role change, so the row is gone")
                .isEmpty();
    }

    @Test
    void provisioningAgainAfterARoleChangeInTheBatchClearsTheRoleAsItWouldOneByOne() {
        projection.on(provisioned("u1", "ada"), AT);
        UnitOfWork<?> batch = database.startBatch();
        projection.on(role("u1", "viewer"));
        projection.on(provisioned("u1", "ada"), AT);
        batch.commit();
        projection.on(role("u1", "admin"));

        assertThat(roles()).containsExactlyEntriesOf(Map.of("u1", "admin"));
        UnitOfWork<?> again = database.startBatch();
        projection.on(role("u1", "viewer"));
        projection.on(provisioned("u1", "ada"), AT);
        again.commit();
        assertThat(roles()).containsExactlyEntriesOf(Map.of("u1", "none"));
    }

    @Test
    void aRolledBackBatchForgetsWhatWasPending() {
        projection.on(provisioned("u1", "ada"), AT);
        UnitOfWork<?> batch = database.startBatch();
        projection.on(role("u1", "viewer"));
        projection.on(role("u1", "admin"));
        batch.rollback();

        assertThat(roles()).containsExactlyEntriesOf(Map.of("u1", "none"));
    }

    private static MemberRoleChangedEvent role(String userId, String role) {
        return new MemberRoleChangedEvent(
                "m-" + userId, userId, CONNECTION, "org", role, RoleSource.MAPPING, "g-" + role);
    }

    private Map<String, String> roles() {
        Map<String, String> roles = new TreeMap<>();
        jdbc.query("SELECT user_id, role_key FROM directory_user", (RowCallbackHandler)
                rs -> roles.put(rs.getString(1), rs.getString(2) == null ? "none" : rs.getString(2)));
        return roles;
    }

    private static UserProvisionedEvent provisioned(String userId, String name) {
        String email = name + "@example.com";
        return new UserProvisionedEvent(
                userId,
                CONNECTION,
                new UserProfile(
                        email, null, null, null, List.of(new EmailAddress(email, "work", true)), null, Map.of()),
                true);
    }

    private Map<String, String> statuses() {
        Map<String, String> statuses = new TreeMap<>();
        jdbc.query("SELECT user_id, status FROM directory_user", (RowCallbackHandler)
                rs -> statuses.put(rs.getString(1), rs.getString(2)));
        return statuses;
    }
}
