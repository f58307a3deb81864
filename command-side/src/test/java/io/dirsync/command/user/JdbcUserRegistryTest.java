package io.dirsync.command.user;

import io.dirsync.api.user.EmailAddress;
import io.dirsync.api.user.ErasedProfile;
import io.dirsync.api.user.UserDeletedEvent;
import io.dirsync.api.user.UserErasedEvent;
import io.dirsync.api.user.UserNameTakenException;
import io.dirsync.api.user.UserProfile;
import io.dirsync.api.user.UserProfileUpdatedEvent;
import io.dirsync.api.user.UserProvisionedEvent;
import io.dirsync.api.user.UserReprovisionedEvent;
import io.dirsync.command.user.UserRegistry.Registration;
import org.axonframework.messaging.unitofwork.DefaultUnitOfWork;
import org.axonframework.messaging.unitofwork.UnitOfWork;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.springframework.core.io.ClassPathResource;
import org.springframework.jdbc.core.JdbcTemplate;
import org.springframework.jdbc.datasource.SingleConnectionDataSource;
import org.springframework.jdbc.datasource.init.ResourceDatabasePopulator;

import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.UUID;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

/**
 * The registry as its events leave it: live (in a unit of work, as the command's subscribing processor runs it) and
 * rebuilt (outside one, as a rebuild applies a user's events), on the table as the migrations ship it.
 */
class JdbcUserRegistryTest {
    private static final String CONNECTION = "c-1";
    private final SingleConnectionDataSource dataSource =
            new SingleConnectionDataSource("jdbc:h2:mem:registry-" + UUID.randomUUID(), "sa", "", true);
    private final JdbcTemplate jdbc = new JdbcTemplate(dataSource);
    private final JdbcUserRegistry registry = new JdbcUserRegistry(jdbc);

    JdbcUserRegistryTest() {
        new ResourceDatabasePopulator(
                        new ClassPathResource("db/migration/V2__command_side_indexes.sql"),
                        new ClassPathResource("db/migration/V73__user_registration_external_id_first.sql"))
                .execute(dataSource);
    }

    @AfterEach
    void close() {
        dataSource.destroy();
    }

    @Test
    void aUserIsRegisteredRenamedDeletedAndBroughtBack() {
        live(new UserProvisionedEvent("u1", CONNECTION, profile("Alice@Contoso.com", "ext-1"), true));
        assertThat(registry.findByUserName(CONNECTION, "alice@contoso.com")).contains(new Registration("u1", false));

        live(new UserProfileUpdatedEvent("u1", CONNECTION, profile("alice.doe@contoso.com", "ext-1")));
        assertThat(registry.findByUserName(CONNECTION, "alice@contoso.com")).isEmpty();
        assertThat(registry.findByUserName(CONNECTION, "ALICE.DOE@contoso.com"))
                .contains(new Registration("u1", false));

        live(new UserDeletedEvent("u1", CONNECTION));
        assertThat(registry.findByUserName(CONNECTION, "alice.doe@contoso.com")).contains(new Registration("u1", true));
        assertThat(registry.findDeletedByExternalId(CONNECTION, "ext-1")).contains(new Registration("u1", true));
        assertThat(registry.isCurrentUser(CONNECTION, "u1")).isFalse();

        live(new UserReprovisionedEvent("u1", CONNECTION, profile("alice@contoso.com", "ext-2"), true));
        assertThat(rows()).containsExactly(row("u1", "alice@contoso.com", "ext-2", false));
        assertThat(registry.isCurrentUser(CONNECTION, "u1")).isTrue();
    }

    @Test
    void anErasedUserLeavesNoRegistration() {
        live(
                new UserProvisionedEvent("u1", CONNECTION, profile("alice@contoso.com", "ext-1"), true),
                new UserDeletedEvent("u1", CONNECTION),
                new UserErasedEvent("u1", CONNECTION));

        assertThat(rows()).isEmpty();
    }

    @Test
    void aLiveUserTakingADeletedUsersNameLeavesItWithoutOne() {
        live(
                new UserProvisionedEvent("u1", CONNECTION, profile("alice@contoso.com", "ext-1"), true),
                new UserDeletedEvent("u1", CONNECTION),
                new UserProvisionedEvent("u2", CONNECTION, profile("bob@contoso.com", "ext-2"), true),
                new UserProfileUpdatedEvent("u2", CONNECTION, profile("Alice@contoso.com", "ext-2")));

        assertThat(rows())
                .containsExactly(row("u1", null, "ext-1", true), row("u2", "alice@contoso.com", "ext-2", false));
    }

    /** What decides two creates racing past the command's check: the unique key, answered as a taken userName. */
    @Test
    void aNameTakenMeanwhileIsRefusedByTheUniqueKey() {
        live(
                new UserProvisionedEvent("u1", CONNECTION, profile("alice@contoso.com", "ext-1"), true),
                new UserProvisionedEvent("u2", CONNECTION, profile("bob@contoso.com", "ext-2"), true));

        assertThatThrownBy(() ->
                        live(new UserProvisionedEvent("u3", CONNECTION, profile("ALICE@contoso.com", null), true)))
                .isInstanceOf(UserNameTakenException.class);
        assertThatThrownBy(() ->
                        live(new UserProfileUpdatedEvent("u2", CONNECTION, profile("Alice@contoso.com", "ext-2"))))
                .isInstanceOf(UserNameTakenException.class);
        live(new UserProvisionedEvent("u4", "c-2", profile("alice@contoso.com", null), true));
        assertThat(registry.findByUserName("c-2", "alice@contoso.com")).contains(new Registration("u4", false));
    }

    @Test
    void aRebuildOverwritesTheUsersRowInPlace() {
        live(
                new UserProvisionedEvent("u1", CONNECTION, profile("alice@contoso.com", "ext-1"), true),
                new UserProfileUpdatedEvent("u1", CONNECTION, profile("alice.doe@contoso.com", "ext-1")),
                new UserDeletedEvent("u1", CONNECTION));
        List<Map<String, Object>> live = rows();
        jdbc.update("UPDATE user_registration SET user_name_key = 'wrong', external_id = NULL, deleted = FALSE");

        assertThat(registry.lock("u1")).isTrue();
        rebuild(
                new UserProvisionedEvent("u1", CONNECTION, profile("alice@contoso.com", "ext-1"), true),
                new UserProfileUpdatedEvent("u1", CONNECTION, profile("alice.doe@contoso.com", "ext-1")),
                new UserDeletedEvent("u1", CONNECTION));

        assertThat(rows()).isEqualTo(live);
    }

    /** Another user took the name after this one gave it up: the rebuild leaves it there and renames on. */
    @Test
    void aRebuildDoesNotTakeANameAnotherUserHoldsNow() {
        live(
                new UserProvisionedEvent("u1", CONNECTION, profile("alice@contoso.com", "ext-1"), true),
                new UserProfileUpdatedEvent("u1", CONNECTION, profile("alice.doe@contoso.com", "ext-1")),
                new UserProvisionedEvent("u2", CONNECTION, profile("alice@contoso.com", "ext-2"), true));
        List<Map<String, Object>> live = rows();
        jdbc.update("DELETE FROM user_registration WHERE user_id = 'u1'");

        rebuild(new UserProvisionedEvent("u1", CONNECTION, profile("alice@contoso.com", "ext-1"), true));
        assertThat(registry.findByUserName(CONNECTION, "alice@contoso.com")).contains(new Registration("u2", false));
        rebuild(new UserProfileUpdatedEvent("u1", CONNECTION, profile("alice.doe@contoso.com", "ext-1")));

        assertThat(rows()).isEqualTo(live);
    }

    /** Its events read back with the erased marker: they claim no name, and the erasure removes the row again. */
    @Test
    void aRebuiltErasedUserClaimsNoName() {
        live(new UserProvisionedEvent("u2", CONNECTION, profile("someone@contoso.com", null), true));
        jdbc.update("UPDATE user_registration SET user_name_key = ? WHERE user_id = 'u2'", ErasedProfile.MARKER);

        rebuild(
                new UserProvisionedEvent("u1", CONNECTION, ErasedProfile.INSTANCE, true),
                new UserDeletedEvent("u1", CONNECTION),
                new UserErasedEvent("u1", CONNECTION));

        assertThat(rows()).extracting(row -> row.get("USER_ID")).containsExactly("u2");
    }

    /** As the command's subscribing processor runs it: inside a unit of work, which rolls back on failure. */
    private void live(Object... events) {
        UnitOfWork<?> unitOfWork = DefaultUnitOfWork.startAndGet(null);
        try {
            apply(events);
        } catch (RuntimeException e) {
            unitOfWork.rollback(e);
            throw e;
        }
        unitOfWork.commit();
    }

    private void rebuild(Object... events) {
        apply(events);
    }

    private void apply(Object... events) {
        for (Object event : events) {
            if (event instanceof UserProvisionedEvent e) {
                registry.on(e);
            } else if (event instanceof UserReprovisionedEvent e) {
                registry.on(e);
            } else if (event instanceof UserProfileUpdatedEvent e) {
                registry.on(e);
            } else if (event instanceof UserDeletedEvent e) {
                registry.on(e);
            } else if (event instanceof UserErasedEvent e) {
                registry.on(e);
            } else {
                throw new IllegalArgumentException(event.toString());
            }
        }
    }

    private List<Map<String, Object>> rows() {
        return jdbc.queryForList(
                "SELECT user_id, user_name_key, external_id, deleted FROM user_registration ORDER BY user_id");
    }

    private static Map<String, Object> row(String userId, String key, String externalId, boolean deleted) {
        Map<String, Object> row = new LinkedHashMap<>();
        row.put("USER_ID", userId);
        row.put("USER_NAME_KEY", key);
        row.put("EXTERNAL_ID", externalId);
        row.put("DELETED", deleted);
        return row;
    }

    private static UserProfile profile(String userName, String externalId) {
        return new UserProfile(
                userName, externalId, null, null, List.of(new EmailAddress(userName, "work", true)), null, Map.of());
    }
}
