package io.dirsync.command.rolemapping;

import io.dirsync.api.rolemapping.AssignMemberRoleCommand;
import io.dirsync.api.rolemapping.MappedRoleLockedException;
import io.dirsync.api.rolemapping.MemberRoleChangedEvent;
import io.dirsync.api.rolemapping.MembershipIds;
import io.dirsync.api.rolemapping.ResolveMemberRoleCommand;
import io.dirsync.api.rolemapping.RoleSource;
import io.dirsync.api.scim.InvalidAttributeException;
import org.axonframework.modelling.command.AggregateNotFoundException;
import org.axonframework.test.aggregate.AggregateTestFixture;
import org.axonframework.test.aggregate.FixtureConfiguration;
import org.axonframework.test.aggregate.ResultValidator;
import org.axonframework.test.aggregate.TestExecutor;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Nested;
import org.junit.jupiter.api.Test;

import java.util.List;

import static org.axonframework.test.matchers.Matchers.predicate;
import static org.hamcrest.Matchers.containsString;
import static org.mockito.Mockito.mock;
import static org.mockito.Mockito.when;

class MemberRoleTest {
    private static final String USER = "user-1";
    private static final String MEMBERSHIP = MembershipIds.of(USER);
    private static final String CONNECTION = "conn-1";
    private static final String ORGANIZATION = "org-1";

    private FixtureConfiguration<MemberRole> fixture;
    private DirectoryCatalog catalog;

    @BeforeEach
    void setUp() {
        fixture = new AggregateTestFixture<>(MemberRole.class);
        catalog = mock(DirectoryCatalog.class);
        for (String role : List.of("admin", "member", "viewer")) {
            when(catalog.roleExists(ORGANIZATION, role)).thenReturn(true);
        }
        when(catalog.syncEnabled(CONNECTION)).thenReturn(true);
        fixture.registerInjectableResource(catalog);
    }

    private static MemberRoleChangedEvent changed(String role, RoleSource source, String mappedGroupId) {
        return new MemberRoleChangedEvent(MEMBERSHIP, USER, CONNECTION, ORGANIZATION, role, source, mappedGroupId);
    }

    private static ResolveMemberRoleCommand resolve(String role, RoleSource source, String mappedGroupId) {
        return new ResolveMemberRoleCommand(MEMBERSHIP, USER, CONNECTION, ORGANIZATION, role, source, mappedGroupId);
    }

    private static AssignMemberRoleCommand assign(String role) {
        return new AssignMemberRoleCommand(MEMBERSHIP, USER, ORGANIZATION, role);
    }

    private TestExecutor<MemberRole> given(MemberRoleChangedEvent... history) {
        return fixture.given((Object[]) history);
    }

    private static void rejectedFor(ResultValidator<MemberRole> result, String attribute) {
        result.expectException(predicate((Object e) ->
                        e instanceof InvalidAttributeException invalid && attribute.equals(invalid.attribute())))
                .expectNoEvents();
    }

    @Nested
    class Resolve {

        @Test
        void theFirstResolutionCreatesTheMembership() {
            fixture.givenNoPriorActivity()
                    .when(resolve("member", RoleSource.DEFAULT, null))
                    .expectSuccessfulHandlerExecution()
                    .expectEvents(changed("member", RoleSource.DEFAULT, null));
        }

        @Test
        void aDeactivatedUserSeenFirstIsCreatedWithoutRole() {
            fixture.givenNoPriorActivity()
                    .when(resolve(null, RoleSource.NONE, null))
                    .expectEvents(changed(null, RoleSource.NONE, null));
        }

        @Test
        void resolvingToTheSameAssignmentStoresNothing() {
            given(changed("admin", RoleSource.MAPPING, "g-eng"))
                    .when(resolve("admin", RoleSource.MAPPING, "g-eng"))
                    .expectSuccessfulHandlerExecution()
                    .expectNoEvents();
        }

        @Test
        void resolvingToNoRoleAgainStoresNothing() {
            given(changed("member", RoleSource.DEFAULT, null), changed(null, RoleSource.NONE, null))
                    .when(resolve(null, RoleSource.NONE, null))
                    .expectNoEvents();
        }

        @Test
        void anotherRoleIsAChange() {
            given(changed("member", RoleSource.DEFAULT, null))
                    .when(resolve("admin", RoleSource.MAPPING, "g-eng"))
                    .expectEvents(changed("admin", RoleSource.MAPPING, "g-eng"));
        }

        @Test
        void theSameRoleFromAnotherGroupIsAChange() {
            given(changed("admin", RoleSource.MAPPING, "g-eng"))
                    .when(resolve("admin", RoleSource.MAPPING, "g-ops"))
                    .expectEvents(changed("admin", RoleSource.MAPPING, "g-ops"));
        }

        @Test
        void theSameRoleForAnotherReasonIsAChange() {
            given(changed("member", RoleSource.MANUAL, null))
                    .when(resolve("member", RoleSource.DEFAULT, null))
                    .expectEvents(changed("member", RoleSource.DEFAULT, null));
        }

        @Test
        void deactivationTakesTheRoleAway() {
            given(changed("admin", RoleSource.MAPPING, "g-eng"))
                    .when(resolve(null, RoleSource.NONE, null))
                    .expectEvents(changed(null, RoleSource.NONE, null));
        }
    }

    @Nested
    class AssignByHand {

        @Test
        void aMappedRoleIsLockedWhileSyncIsOn() {
            given(changed("admin", RoleSource.MAPPING, "g-eng"))
                    .when(assign("viewer"))
                    .expectException(MappedRoleLockedException.class)
                    .expectExceptionMessage(containsString("g-eng"))
                    .expectNoEvents();
        }

        @Test
        void aMappedRoleIsLockedEvenWhenAssignedItsOwnRole() {
            given(changed("admin", RoleSource.MAPPING, "g-eng"))
                    .when(assign("admin"))
                    .expectException(MappedRoleLockedException.class)
                    .expectNoEvents();
        }

        @Test
        void aMappedRoleIsEditableWhileSyncIsOff() {
            when(catalog.syncEnabled(CONNECTION)).thenReturn(false);

            given(changed("admin", RoleSource.MAPPING, "g-eng"))
                    .when(assign("viewer"))
                    .expectSuccessfulHandlerExecution()
                    .expectEvents(changed("viewer", RoleSource.MANUAL, null));
        }

        @Test
        void takingOverTheMappedRoleByHandWhileSyncIsOffMakesItManual() {
            when(catalog.syncEnabled(CONNECTION)).thenReturn(false);

            given(changed("admin", RoleSource.MAPPING, "g-eng"))
                    .when(assign("admin"))
                    .expectEvents(changed("admin", RoleSource.MANUAL, null));
        }

        @Test
        void aDefaultRoleIsEditable() {
            given(changed("member", RoleSource.DEFAULT, null))
                    .when(assign("viewer"))
                    .expectEvents(changed("viewer", RoleSource.MANUAL, null));
        }

        @Test
        void confirmingTheDefaultRoleByHandMakesItManual() {
            given(changed("member", RoleSource.DEFAULT, null))
                    .when(assign("member"))
                    .expectEvents(changed("member", RoleSource.MANUAL, null));
        }

        @Test
        void aManualRoleIsEditable() {
            given(changed("viewer", RoleSource.MANUAL, null))
                    .when(assign("admin"))
                    .expectEvents(changed("admin", RoleSource.MANUAL, null));
        }

        @Test
        void theSameManualRoleAgainChangesNothing() {
            given(changed("viewer", RoleSource.MANUAL, null))
                    .when(assign("viewer"))
                    .expectSuccessfulHandlerExecution()
                    .expectNoEvents();
        }

        @Test
        void anUnknownRoleIsRejected() {
            rejectedFor(given(changed("member", RoleSource.DEFAULT, null)).when(assign("owner")), "role");
        }

        @Test
        void aMissingRoleIsRejected() {
            rejectedFor(given(changed("member", RoleSource.DEFAULT, null)).when(assign(null)), "role");
        }

        @Test
        void aDeactivatedUserHoldsNoRoleToEdit() {
            rejectedFor(
                    given(changed("member", RoleSource.DEFAULT, null), changed(null, RoleSource.NONE, null))
                            .when(assign("viewer")),
                    "userId");
        }

        @Test
        void aDeactivatedUserStaysWithoutRoleWhileSyncIsOff() {
            when(catalog.syncEnabled(CONNECTION)).thenReturn(false);

            rejectedFor(given(changed(null, RoleSource.NONE, null)).when(assign("viewer")), "userId");
        }

        @Test
        void anotherOrganizationsMemberIsRejected() {
            rejectedFor(
                    given(changed("member", RoleSource.DEFAULT, null))
                            .when(new AssignMemberRoleCommand(MEMBERSHIP, USER, "org-2", "viewer")),
                    "userId");
        }

        @Test
        void aUserNeverResolvedIsNoMember() {
            fixture.givenNoPriorActivity()
                    .when(assign("viewer"))
                    .expectException(AggregateNotFoundException.class)
                    .expectNoEvents();
        }
    }
}
