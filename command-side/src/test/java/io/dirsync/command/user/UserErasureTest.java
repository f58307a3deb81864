package io.dirsync.command.user;

import io.dirsync.api.attributemapping.EditPublicMetadataCommand;
import io.dirsync.api.connection.DeletionPolicy;
import io.dirsync.api.session.SessionStartedEvent;
import io.dirsync.api.session.SessionsRevokedEvent;
import io.dirsync.api.session.StartSessionCommand;
import io.dirsync.api.session.UserNotActiveException;
import io.dirsync.api.user.DeleteUserCommand;
import io.dirsync.api.user.EmailAddress;
import io.dirsync.api.user.PersonName;
import io.dirsync.api.user.ReplaceUserCommand;
import io.dirsync.api.user.UnknownUserException;
import io.dirsync.api.user.UserDeletedEvent;
import io.dirsync.api.user.UserErasedEvent;
import io.dirsync.api.user.UserProfile;
import io.dirsync.api.user.UserProvisionedEvent;
import io.dirsync.command.rolemapping.DirectoryCatalog;
import org.axonframework.test.aggregate.AggregateTestFixture;
import org.axonframework.test.aggregate.FixtureConfiguration;
import org.junit.jupiter.api.Test;

import java.util.List;
import java.util.Map;

import static org.assertj.core.api.Assertions.assertThat;
import static org.mockito.Mockito.mock;

/** SCIM DELETE under the erase policy: deleted, sessions revoked, key gone, erasure recorded (JdbcUserRegistryTest: the registration). */
class UserErasureTest {
    private static final String USER_ID = "u-1";
    private static final String CONNECTION = "c-1";
    private static final UserProfile ALICE = new UserProfile(
            "alice@contoso.com",
            "ext-alice",
            new PersonName("Alice", "Doe", null),
            "Alice Doe",
            List.of(new EmailAddress("alice@contoso.com", "work", true)),
            null,
            Map.of());

    private final InMemoryUserRegistry registry =
            new InMemoryUserRegistry().with(CONNECTION, USER_ID, ALICE.userName(), ALICE.externalId(), false);
    private final InMemoryUserDataKeys keys = new InMemoryUserDataKeys().with(USER_ID);

    private FixtureConfiguration<User> fixture(DeletionPolicy policy) {
        FixtureConfiguration<User> fixture = new AggregateTestFixture<>(User.class);
        fixture.registerInjectableResource(registry);
        fixture.registerInjectableResource(keys);
        fixture.registerInjectableResource(DeletionPolicyStub.of(policy));
        fixture.registerInjectableResource(mock(DirectoryCatalog.class));
        return fixture;
    }

    @Test
    void eraseDeletesRevokesSessionsAndDestroysTheKey() {
        fixture(DeletionPolicy.ERASE)
                .given(
                        new UserProvisionedEvent(USER_ID, CONNECTION, ALICE, true),
                        new SessionStartedEvent(USER_ID, CONNECTION, "s-1"))
                .when(new DeleteUserCommand(USER_ID, CONNECTION, null))
                .expectEvents(
                        new UserDeletedEvent(USER_ID, CONNECTION),
                        new SessionsRevokedEvent(USER_ID, CONNECTION, List.of("s-1")),
                        new UserErasedEvent(USER_ID, CONNECTION))
                .expectState(user -> {
                    assertThat(user.isDeleted()).isTrue();
                    assertThat(user.state().profile())
                            .as("nothing personal kept in memory")
                            .isNull();
                });
        assertThat(keys.find(USER_ID)).isEmpty();
    }

    @Test
    void deactivatePolicyKeepsTheKey() {
        fixture(DeletionPolicy.DEACTIVATE)
                .given(new UserProvisionedEvent(USER_ID, CONNECTION, ALICE, true))
                .when(new DeleteUserCommand(USER_ID, CONNECTION, null))
                .expectEvents(new UserDeletedEvent(USER_ID, CONNECTION));
        assertThat(keys.find(USER_ID)).isPresent();
    }

    /** Its values would be sealed under a fresh key: personal data again for a user that was erased. */
    @Test
    void anErasedUsersPublicMetadataCannotBeEditedAnyMore() {
        fixture(DeletionPolicy.ERASE)
                .given(
                        new UserProvisionedEvent(USER_ID, CONNECTION, ALICE, true),
                        new UserDeletedEvent(USER_ID, CONNECTION),
                        new UserErasedEvent(USER_ID, CONNECTION))
                .when(new EditPublicMetadataCommand(USER_ID, Map.of("note", "hello")))
                .expectException(UnknownUserException.class)
                .expectNoEvents();
        assertThat(keys.find(USER_ID)).isPresent();
    }

    @Test
    void anErasedUserAnswersNoCommandAgain() {
        FixtureConfiguration<User> fixture = fixture(DeletionPolicy.ERASE);
        fixture.given(
                        new UserProvisionedEvent(USER_ID, CONNECTION, ALICE, true),
                        new UserDeletedEvent(USER_ID, CONNECTION),
                        new UserErasedEvent(USER_ID, CONNECTION))
                .when(new ReplaceUserCommand(USER_ID, CONNECTION, ALICE, true, null))
                .expectException(UnknownUserException.class)
                .expectNoEvents();
        fixture.given(
                        new UserProvisionedEvent(USER_ID, CONNECTION, ALICE, true),
                        new UserDeletedEvent(USER_ID, CONNECTION),
                        new UserErasedEvent(USER_ID, CONNECTION))
                .when(new StartSessionCommand(USER_ID, "s-2"))
                .expectException(UserNotActiveException.class)
                .expectNoEvents();
    }
}
