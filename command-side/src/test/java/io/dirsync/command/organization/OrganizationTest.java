package io.dirsync.command.organization;

import io.dirsync.api.organization.AddRoleCommand;
import io.dirsync.api.organization.CreateOrganizationCommand;
import io.dirsync.api.organization.DeleteRoleCommand;
import io.dirsync.api.organization.OrganizationCreatedEvent;
import io.dirsync.api.organization.RoleAddedEvent;
import io.dirsync.api.organization.RoleDeletedEvent;
import io.dirsync.api.organization.UnknownRoleException;
import io.dirsync.api.scim.InvalidAttributeException;
import org.axonframework.modelling.command.AggregateNotFoundException;
import org.axonframework.test.aggregate.AggregateTestFixture;
import org.axonframework.test.aggregate.FixtureConfiguration;
import org.axonframework.test.aggregate.ResultValidator;
import org.axonframework.test.aggregate.TestExecutor;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Nested;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.NullSource;
import org.junit.jupiter.params.provider.ValueSource;

import java.util.Arrays;
import java.util.List;

import static org.axonframework.test.matchers.Matchers.predicate;

class OrganizationTest {
    private static final String ORGANIZATION = "org-1";
    private static final List<String> ROLES = List.of("admin", "member", "viewer");

    private FixtureConfiguration<Organization> fixture;

    @BeforeEach
    void setUp() {
        fixture = new AggregateTestFixture<>(Organization.class);
    }

    /** Acme with admin, member and viewer; member is the default. */
    private TestExecutor<Organization> givenAcme(Object... laterEvents) {
        return fixture.given(new OrganizationCreatedEvent(ORGANIZATION, "Acme", ROLES, "member"))
                .andGiven(List.of(laterEvents));
    }

    private static void rejectedFor(ResultValidator<Organization> result, String attribute) {
        result.expectException(predicate((Object e) ->
                        e instanceof InvalidAttributeException invalid && attribute.equals(invalid.attribute())))
                .expectNoEvents();
    }

    @Nested
    class Create {

        @Test
        void anOrganizationWithItsRolesAndDefault() {
            fixture.givenNoPriorActivity()
                    .when(new CreateOrganizationCommand(ORGANIZATION, "Acme", ROLES, "member"))
                    .expectSuccessfulHandlerExecution()
                    .expectEvents(new OrganizationCreatedEvent(ORGANIZATION, "Acme", ROLES, "member"));
        }

        @Test
        void theNameIsTrimmed() {
            fixture.givenNoPriorActivity()
                    .when(new CreateOrganizationCommand(ORGANIZATION, "  Acme\t", ROLES, "member"))
                    .expectEvents(new OrganizationCreatedEvent(ORGANIZATION, "Acme", ROLES, "member"));
        }

        @Test
        void aSingleRoleThatIsAlsoTheDefault() {
            fixture.givenNoPriorActivity()
                    .when(new CreateOrganizationCommand(ORGANIZATION, "Acme", List.of("member"), "member"))
                    .expectEvents(new OrganizationCreatedEvent(ORGANIZATION, "Acme", List.of("member"), "member"));
        }

        @ParameterizedTest
        @NullSource
        @ValueSource(strings = {"", "   ", "\t\n"})
        void aBlankNameIsRejected(String name) {
            rejectedFor(
                    fixture.givenNoPriorActivity()
                            .when(new CreateOrganizationCommand(ORGANIZATION, name, ROLES, "member")),
                    "name");
        }

        @Test
        void noRolesIsRejected() {
            rejectedFor(
                    fixture.givenNoPriorActivity()
                            .when(new CreateOrganizationCommand(ORGANIZATION, "Acme", List.of(), "member")),
                    "roles");
        }

        @Test
        void missingRolesAreRejected() {
            rejectedFor(
                    fixture.givenNoPriorActivity()
                            .when(new CreateOrganizationCommand(ORGANIZATION, "Acme", null, "member")),
                    "roles");
        }

        @ParameterizedTest
        @ValueSource(strings = {"", "  "})
        void aBlankRoleIsRejected(String blank) {
            rejectedFor(
                    fixture.givenNoPriorActivity()
                            .when(new CreateOrganizationCommand(
                                    ORGANIZATION, "Acme", List.of("member", blank), "member")),
                    "roles");
        }

        @Test
        void aNullRoleIsRejected() {
            rejectedFor(
                    fixture.givenNoPriorActivity()
                            .when(new CreateOrganizationCommand(
                                    ORGANIZATION, "Acme", Arrays.asList("member", null), "member")),
                    "roles");
        }

        @Test
        void duplicateRolesAreRejected() {
            rejectedFor(
                    fixture.givenNoPriorActivity()
                            .when(new CreateOrganizationCommand(
                                    ORGANIZATION, "Acme", List.of("admin", "member", "admin"), "member")),
                    "roles");
        }

        @ParameterizedTest
        @NullSource
        @ValueSource(strings = {"owner", "Member", ""})
        void aDefaultThatIsNotOneOfTheRolesIsRejected(String defaultRole) {
            rejectedFor(
                    fixture.givenNoPriorActivity()
                            .when(new CreateOrganizationCommand(ORGANIZATION, "Acme", ROLES, defaultRole)),
                    "defaultRole");
        }
    }

    @Nested
    class AddRole {

        @Test
        void aNewRoleIsAdded() {
            givenAcme()
                    .when(new AddRoleCommand(ORGANIZATION, "owner"))
                    .expectSuccessfulHandlerExecution()
                    .expectEvents(new RoleAddedEvent(ORGANIZATION, "owner"));
        }

        @Test
        void anExistingRoleChangesNothing() {
            givenAcme()
                    .when(new AddRoleCommand(ORGANIZATION, "viewer"))
                    .expectSuccessfulHandlerExecution()
                    .expectNoEvents();
        }

        @Test
        void aRoleAddedEarlierChangesNothing() {
            givenAcme(new RoleAddedEvent(ORGANIZATION, "owner"))
                    .when(new AddRoleCommand(ORGANIZATION, "owner"))
                    .expectNoEvents();
        }

        @Test
        void aDeletedRoleCanBeAddedBack() {
            givenAcme(new RoleDeletedEvent(ORGANIZATION, "viewer"))
                    .when(new AddRoleCommand(ORGANIZATION, "viewer"))
                    .expectEvents(new RoleAddedEvent(ORGANIZATION, "viewer"));
        }

        @ParameterizedTest
        @NullSource
        @ValueSource(strings = {"", "  "})
        void aBlankKeyIsRejected(String role) {
            rejectedFor(givenAcme().when(new AddRoleCommand(ORGANIZATION, role)), "key");
        }

        @Test
        void anUnknownOrganizationHasNoRolesToAddTo() {
            fixture.givenNoPriorActivity()
                    .when(new AddRoleCommand(ORGANIZATION, "owner"))
                    .expectException(AggregateNotFoundException.class)
                    .expectNoEvents();
        }
    }

    @Nested
    class DeleteRole {

        @Test
        void aRoleIsDeleted() {
            givenAcme()
                    .when(new DeleteRoleCommand(ORGANIZATION, "viewer"))
                    .expectSuccessfulHandlerExecution()
                    .expectEvents(new RoleDeletedEvent(ORGANIZATION, "viewer"));
        }

        @Test
        void anAddedRoleCanBeDeleted() {
            givenAcme(new RoleAddedEvent(ORGANIZATION, "owner"))
                    .when(new DeleteRoleCommand(ORGANIZATION, "owner"))
                    .expectEvents(new RoleDeletedEvent(ORGANIZATION, "owner"));
        }

        @Test
        void anUnknownRoleIsRefused() {
            givenAcme()
                    .when(new DeleteRoleCommand(ORGANIZATION, "owner"))
                    .expectException(UnknownRoleException.class)
                    .expectNoEvents();
        }

        @Test
        void aRoleDeletedEarlierIsUnknown() {
            givenAcme(new RoleDeletedEvent(ORGANIZATION, "viewer"))
                    .when(new DeleteRoleCommand(ORGANIZATION, "viewer"))
                    .expectException(UnknownRoleException.class)
                    .expectNoEvents();
        }

        @Test
        void theDefaultRoleCannotBeDeleted() {
            rejectedFor(givenAcme().when(new DeleteRoleCommand(ORGANIZATION, "member")), "key");
        }
    }
}
