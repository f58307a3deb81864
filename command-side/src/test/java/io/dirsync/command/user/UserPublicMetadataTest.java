package io.dirsync.command.user;

import io.dirsync.api.attributemapping.EditPublicMetadataCommand;
import io.dirsync.api.attributemapping.MappedAttributeLockedException;
import io.dirsync.api.attributemapping.PublicMetadataEditedEvent;
import io.dirsync.api.connection.DeletionPolicy;
import io.dirsync.api.scim.InvalidAttributeException;
import io.dirsync.api.user.DeleteUserCommand;
import io.dirsync.api.user.EmailAddress;
import io.dirsync.api.user.UserProfile;
import io.dirsync.api.user.UserProvisionedEvent;
import io.dirsync.command.rolemapping.DirectoryCatalog;
import org.axonframework.test.aggregate.AggregateTestFixture;
import org.axonframework.test.aggregate.FixtureConfiguration;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;

import static org.hamcrest.Matchers.containsString;
import static org.mockito.Mockito.mock;
import static org.mockito.Mockito.when;

/** Admin edits of publicMetadata: mapped keys are the IdP's while sync is on, as mapped roles are. */
class UserPublicMetadataTest {
    private static final String CONNECTION = "conn-1";
    private static final String USER_ID = "user-1";
    private static final UserProfile ALICE = new UserProfile(
            "alice@contoso.com",
            null,
            null,
            null,
            List.of(new EmailAddress("alice@contoso.com", "work", true)),
            null,
            Map.of());

    private FixtureConfiguration<User> fixture;
    private DirectoryCatalog catalog;

    @BeforeEach
    void setUp() {
        catalog = mock(DirectoryCatalog.class);
        when(catalog.mappedAttributes(CONNECTION)).thenReturn(Set.of("department"));
        when(catalog.syncEnabled(CONNECTION)).thenReturn(true);
        fixture = new AggregateTestFixture<>(User.class);
        fixture.registerInjectableResource(catalog);
        fixture.registerInjectableResource(
                new InMemoryUserRegistry().with(CONNECTION, USER_ID, ALICE.userName(), null, false));
        fixture.registerInjectableResource(DeletionPolicyStub.of(DeletionPolicy.DEACTIVATE));
        fixture.registerInjectableResource(new InMemoryUserDataKeys());
    }

    @Test
    void unmappedKeysAreSetAndRemovedByMergePatch() {
        Map<String, Object> changes = new HashMap<>();
        changes.put("tier", "gold");
        changes.put("legacyId", null);

        fixture.given(new UserProvisionedEvent(USER_ID, CONNECTION, ALICE, true))
                .when(new EditPublicMetadataCommand(USER_ID, changes))
                .expectSuccessfulHandlerExecution()
                .expectEvents(new PublicMetadataEditedEvent(
                        USER_ID, CONNECTION, Map.of("tier", "gold"), List.of("legacyId")));
    }

    @Test
    void aMappedKeyIsLockedWhileSyncIsOn() {
        fixture.given(new UserProvisionedEvent(USER_ID, CONNECTION, ALICE, true))
                .when(new EditPublicMetadataCommand(USER_ID, Map.of("department", "Sales", "tier", "gold")))
                .expectException(MappedAttributeLockedException.class)
                .expectExceptionMessage(containsString("[department]"))
                .expectNoEvents();
    }

    @Test
    void aMappedKeyIsEditableWhileSyncIsOff() {
        when(catalog.syncEnabled(CONNECTION)).thenReturn(false);

        fixture.given(new UserProvisionedEvent(USER_ID, CONNECTION, ALICE, true))
                .when(new EditPublicMetadataCommand(USER_ID, Map.of("department", "Sales")))
                .expectEvents(
                        new PublicMetadataEditedEvent(USER_ID, CONNECTION, Map.of("department", "Sales"), List.of()));
    }

    @Test
    void emptyOrBlankKeysAreInvalid() {
        fixture.given(new UserProvisionedEvent(USER_ID, CONNECTION, ALICE, true))
                .when(new EditPublicMetadataCommand(USER_ID, Map.of()))
                .expectException(InvalidAttributeException.class)
                .expectNoEvents();
        fixture.given(new UserProvisionedEvent(USER_ID, CONNECTION, ALICE, true))
                .when(new EditPublicMetadataCommand(USER_ID, Map.of(" ", "x")))
                .expectException(InvalidAttributeException.class)
                .expectNoEvents();
    }

    /** The key does not change the SCIM resource, so a later PUT with the old ETag still applies. */
    @Test
    void anEditIsNotAScimChange() {
        fixture.given(
                        new UserProvisionedEvent(USER_ID, CONNECTION, ALICE, true),
                        new PublicMetadataEditedEvent(USER_ID, CONNECTION, Map.of("tier", "gold"), List.of()))
                .when(new DeleteUserCommand(USER_ID, CONNECTION, 0L))
                .expectSuccessfulHandlerExecution();
    }
}
