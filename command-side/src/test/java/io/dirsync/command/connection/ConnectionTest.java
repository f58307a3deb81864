package io.dirsync.command.connection;

import io.dirsync.api.connection.ConnectionCreatedEvent;
import io.dirsync.api.connection.CreateConnectionCommand;
import io.dirsync.api.connection.TokenDigest;
import io.dirsync.api.rolemapping.DirectorySyncDisabledEvent;
import io.dirsync.api.rolemapping.DirectorySyncEnabledEvent;
import io.dirsync.api.rolemapping.ReplaceRoleMappingsCommand;
import io.dirsync.api.rolemapping.RoleMapping;
import io.dirsync.api.rolemapping.RoleMappingsReplacedEvent;
import io.dirsync.api.rolemapping.SetDirectorySyncCommand;
import io.dirsync.api.rolemapping.UnmapRoleCommand;
import io.dirsync.api.scim.InvalidAttributeException;
import io.dirsync.command.rolemapping.DirectoryCatalog;
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

import java.util.List;

import static org.axonframework.test.matchers.Matchers.predicate;
import static org.hamcrest.Matchers.containsString;
import static org.mockito.Mockito.mock;
import static org.mockito.Mockito.when;

class ConnectionTest {
    private static final String CONNECTION = "conn-1";
    private static final String ORGANIZATION = "org-1";
    private static final TokenDigest FIRST = new TokenDigest("tok-1", "a".repeat(64));

    private static final String OTHER_CONNECTION = "conn-2";
    private static final RoleMapping ENG_ADMIN = new RoleMapping("g-eng", "admin");
    private static final RoleMapping SALES_MEMBER = new RoleMapping("g-sales", "member");
    private static final RoleMapping ALL_VIEWER = new RoleMapping("g-all", "viewer");

    private FixtureConfiguration<Connection> fixture;

    @BeforeEach
    void setUp() {
        fixture = new AggregateTestFixture<>(Connection.class);
        DirectoryCatalog catalog = mock(DirectoryCatalog.class);
        when(catalog.organizationExists(ORGANIZATION)).thenReturn(true);
        for (String role : List.of("admin", "member", "viewer")) {
            when(catalog.roleExists(ORGANIZATION, role)).thenReturn(true);
        }
        for (String group : List.of("g-eng", "g-sales", "g-all")) {
            when(catalog.liveGroupOf(CONNECTION, group)).thenReturn(true);
        }
        // pushed by another connection of the same organization: not this connection's to map
        when(catalog.liveGroupOf(OTHER_CONNECTION, "g-other")).thenReturn(true);
        fixture.registerInjectableResource(catalog);
    }

    /** Contoso Entra, linked to {@link #ORGANIZATION}, sync on, no mappings yet. */
    private TestExecutor<Connection> givenContoso(Object... laterEvents) {
        return fixture.given(new ConnectionCreatedEvent(CONNECTION, "Contoso Entra", ORGANIZATION, FIRST))
                .andGiven(List.of(laterEvents));
    }

    private static void rejectedFor(ResultValidator<Connection> result, String attribute) {
        result.expectException(predicate((Object e) ->
                        e instanceof InvalidAttributeException invalid && attribute.equals(invalid.attribute())))
                .expectNoEvents();
    }

    @Test
    void anUnknownOrganizationIsRejected() {
        fixture.givenNoPriorActivity()
                .when(new CreateConnectionCommand(CONNECTION, "Contoso Entra", "no-such-org", FIRST))
                .expectException(predicate((Object e) ->
                        e instanceof InvalidAttributeException invalid && "organizationId".equals(invalid.attribute())))
                .expectNoEvents();
    }

    @Test
    void createsAConnectionWithItsFirstToken() {
        fixture.givenNoPriorActivity()
                .when(new CreateConnectionCommand(CONNECTION, "Contoso Entra", ORGANIZATION, FIRST))
                .expectSuccessfulHandlerExecution()
                .expectEvents(new ConnectionCreatedEvent(CONNECTION, "Contoso Entra", ORGANIZATION, FIRST));
    }

    @Test
    void theNameIsTrimmed() {
        fixture.givenNoPriorActivity()
                .when(new CreateConnectionCommand(CONNECTION, "  Contoso Entra \t", ORGANIZATION, FIRST))
                .expectEvents(new ConnectionCreatedEvent(CONNECTION, "Contoso Entra", ORGANIZATION, FIRST));
    }

    @ParameterizedTest
    @NullSource
    @ValueSource(strings = {"", "   ", "\t\n"})
    void aBlankNameIsRejected(String name) {
        fixture.givenNoPriorActivity()
                .when(new CreateConnectionCommand(CONNECTION, name, ORGANIZATION, FIRST))
                .expectException(predicate((Object e) ->
                        e instanceof InvalidAttributeException invalid && "name".equals(invalid.attribute())))
                .expectExceptionMessage(containsString("name"))
                .expectNoEvents();
    }

    @Nested
    class RoleMappings {

        @Test
        void aConnectionWithoutOrganizationCannotMapRoles() {
            rejectedFor(
                    fixture.given(new ConnectionCreatedEvent(CONNECTION, "Contoso Entra", null, FIRST))
                            .when(new ReplaceRoleMappingsCommand(CONNECTION, List.of(ENG_ADMIN))),
                    "organizationId");
        }

        @Test
        void aGroupNeverPushedIsRejected() {
            rejectedFor(
                    givenContoso()
                            .when(new ReplaceRoleMappingsCommand(
                                    CONNECTION, List.of(ENG_ADMIN, new RoleMapping("g-unknown", "member")))),
                    "groupId");
        }

        @Test
        void anotherConnectionsGroupIsRejected() {
            rejectedFor(
                    givenContoso()
                            .when(new ReplaceRoleMappingsCommand(
                                    CONNECTION, List.of(new RoleMapping("g-other", "member")))),
                    "groupId");
        }

        @Test
        void aMissingGroupIsRejected() {
            rejectedFor(
                    givenContoso()
                            .when(new ReplaceRoleMappingsCommand(CONNECTION, List.of(new RoleMapping(null, "member")))),
                    "groupId");
        }

        @Test
        void aDeletedGroupsMappingCannotTakeAnotherRole() {
            rejectedFor(
                    givenContoso(new RoleMappingsReplacedEvent(
                                    CONNECTION, List.of(new RoleMapping("g-gone", "viewer"))))
                            .when(new ReplaceRoleMappingsCommand(
                                    CONNECTION, List.of(new RoleMapping("g-gone", "admin")))),
                    "groupId");
        }

        @Test
        void aDeletedGroupCannotBeMapped() {
            rejectedFor(
                    givenContoso(new RoleMappingsReplacedEvent(CONNECTION, List.of(ENG_ADMIN)))
                            .when(new ReplaceRoleMappingsCommand(
                                    CONNECTION, List.of(ENG_ADMIN, new RoleMapping("g-gone", "viewer")))),
                    "groupId");
        }

        @Test
        void aMappedGroupTheIdpDeletedCannotComeBackOnceUnmapped() {
            RoleMapping goneViewer = new RoleMapping("g-gone", "viewer");
            rejectedFor(
                    givenContoso(
                                    new RoleMappingsReplacedEvent(CONNECTION, List.of(goneViewer, ENG_ADMIN)),
                                    new RoleMappingsReplacedEvent(CONNECTION, List.of(ENG_ADMIN)))
                            .when(new ReplaceRoleMappingsCommand(CONNECTION, List.of(ENG_ADMIN, goneViewer))),
                    "groupId");
        }

        @Test
        void anUnknownRoleIsRejected() {
            rejectedFor(
                    givenContoso()
                            .when(new ReplaceRoleMappingsCommand(
                                    CONNECTION, List.of(ENG_ADMIN, new RoleMapping("g-sales", "owner")))),
                    "role");
        }

        @Test
        void aMissingRoleIsRejected() {
            rejectedFor(
                    givenContoso()
                            .when(new ReplaceRoleMappingsCommand(
                                    CONNECTION, List.of(new RoleMapping("g-sales", null)))),
                    "role");
        }

        @Test
        void theSameGroupTwiceIsRejected() {
            rejectedFor(
                    givenContoso()
                            .when(new ReplaceRoleMappingsCommand(
                                    CONNECTION, List.of(ENG_ADMIN, SALES_MEMBER, new RoleMapping("g-eng", "viewer")))),
                    "groupId");
        }

        @Test
        void theSameMappingTwiceIsRejected() {
            rejectedFor(
                    givenContoso().when(new ReplaceRoleMappingsCommand(CONNECTION, List.of(ENG_ADMIN, ENG_ADMIN))),
                    "groupId");
        }

        @Test
        void twoGroupsMayMapToTheSameRole() {
            List<RoleMapping> mappings = List.of(ENG_ADMIN, new RoleMapping("g-sales", "admin"));
            givenContoso()
                    .when(new ReplaceRoleMappingsCommand(CONNECTION, mappings))
                    .expectEvents(new RoleMappingsReplacedEvent(CONNECTION, mappings));
        }

        @Test
        void validMappingsReplaceTheListInOrder() {
            givenContoso()
                    .when(new ReplaceRoleMappingsCommand(CONNECTION, List.of(ENG_ADMIN, SALES_MEMBER, ALL_VIEWER)))
                    .expectSuccessfulHandlerExecution()
                    .expectEvents(
                            new RoleMappingsReplacedEvent(CONNECTION, List.of(ENG_ADMIN, SALES_MEMBER, ALL_VIEWER)));
        }

        @Test
        void theIdenticalListAgainChangesNothing() {
            givenContoso(new RoleMappingsReplacedEvent(CONNECTION, List.of(ENG_ADMIN, SALES_MEMBER)))
                    .when(new ReplaceRoleMappingsCommand(CONNECTION, List.of(ENG_ADMIN, SALES_MEMBER)))
                    .expectSuccessfulHandlerExecution()
                    .expectNoEvents();
        }

        @Test
        void anEmptyListOnAConnectionWithoutMappingsChangesNothing() {
            givenContoso()
                    .when(new ReplaceRoleMappingsCommand(CONNECTION, List.of()))
                    .expectNoEvents();
        }

        @Test
        void reorderingIsAChange() {
            givenContoso(new RoleMappingsReplacedEvent(CONNECTION, List.of(ENG_ADMIN, SALES_MEMBER)))
                    .when(new ReplaceRoleMappingsCommand(CONNECTION, List.of(SALES_MEMBER, ENG_ADMIN)))
                    .expectEvents(new RoleMappingsReplacedEvent(CONNECTION, List.of(SALES_MEMBER, ENG_ADMIN)));
        }

        @Test
        void anotherRoleForTheSameGroupIsAChange() {
            givenContoso(new RoleMappingsReplacedEvent(CONNECTION, List.of(ENG_ADMIN)))
                    .when(new ReplaceRoleMappingsCommand(CONNECTION, List.of(new RoleMapping("g-eng", "viewer"))))
                    .expectEvents(
                            new RoleMappingsReplacedEvent(CONNECTION, List.of(new RoleMapping("g-eng", "viewer"))));
        }

        @Test
        void anEmptyListRemovesEveryMapping() {
            givenContoso(new RoleMappingsReplacedEvent(CONNECTION, List.of(ENG_ADMIN, SALES_MEMBER)))
                    .when(new ReplaceRoleMappingsCommand(CONNECTION, List.of()))
                    .expectEvents(new RoleMappingsReplacedEvent(CONNECTION, List.of()));
        }

        @Test
        void aRejectedListLeavesTheMappingsAsTheyWere() {
            givenContoso(
                            new RoleMappingsReplacedEvent(CONNECTION, List.of(ENG_ADMIN)),
                            new RoleMappingsReplacedEvent(CONNECTION, List.of(SALES_MEMBER)))
                    .when(new ReplaceRoleMappingsCommand(CONNECTION, List.of(SALES_MEMBER)))
                    .expectNoEvents();
        }
    }

    @Nested
    class UnmapRole {

        @Test
        void everyMappingToTheRoleGoesTheOthersKeepTheirOrder() {
            RoleMapping allAdmin = new RoleMapping("g-all", "admin");
            givenContoso(new RoleMappingsReplacedEvent(
                            CONNECTION, List.of(ENG_ADMIN, SALES_MEMBER, allAdmin, ALL_VIEWER)))
                    .when(new UnmapRoleCommand(CONNECTION, "admin"))
                    .expectSuccessfulHandlerExecution()
                    .expectEvents(new RoleMappingsReplacedEvent(CONNECTION, List.of(SALES_MEMBER, ALL_VIEWER)));
        }

        @Test
        void theLastMappingGoing() {
            givenContoso(new RoleMappingsReplacedEvent(CONNECTION, List.of(ENG_ADMIN)))
                    .when(new UnmapRoleCommand(CONNECTION, "admin"))
                    .expectEvents(new RoleMappingsReplacedEvent(CONNECTION, List.of()));
        }

        @Test
        void aRoleNoLongerMappedChangesNothing() {
            givenContoso(
                            new RoleMappingsReplacedEvent(CONNECTION, List.of(ENG_ADMIN, SALES_MEMBER)),
                            new RoleMappingsReplacedEvent(CONNECTION, List.of(SALES_MEMBER)))
                    .when(new UnmapRoleCommand(CONNECTION, "admin"))
                    .expectSuccessfulHandlerExecution()
                    .expectNoEvents();
        }

        /** The other entries are the list as it is; a group or role gone since does not block the removal. */
        @Test
        void entriesWhoseGroupOrRoleIsGoneAreNotCheckedAgain() {
            RoleMapping goneGroup = new RoleMapping("g-gone", "viewer");
            RoleMapping goneRole = new RoleMapping("g-sales", "deleted-role");
            givenContoso(new RoleMappingsReplacedEvent(CONNECTION, List.of(goneGroup, ENG_ADMIN, goneRole)))
                    .when(new UnmapRoleCommand(CONNECTION, "admin"))
                    .expectEvents(new RoleMappingsReplacedEvent(CONNECTION, List.of(goneGroup, goneRole)));
        }
    }

    @Nested
    class DirectorySync {

        @Test
        void syncIsOnFromTheStartSoEnablingChangesNothing() {
            givenContoso()
                    .when(new SetDirectorySyncCommand(CONNECTION, true))
                    .expectSuccessfulHandlerExecution()
                    .expectNoEvents();
        }

        @Test
        void disabling() {
            givenContoso()
                    .when(new SetDirectorySyncCommand(CONNECTION, false))
                    .expectSuccessfulHandlerExecution()
                    .expectEvents(new DirectorySyncDisabledEvent(CONNECTION));
        }

        @Test
        void disablingTwiceChangesNothing() {
            givenContoso(new DirectorySyncDisabledEvent(CONNECTION))
                    .when(new SetDirectorySyncCommand(CONNECTION, false))
                    .expectSuccessfulHandlerExecution()
                    .expectNoEvents();
        }

        @Test
        void enablingAfterDisabling() {
            givenContoso(new DirectorySyncDisabledEvent(CONNECTION))
                    .when(new SetDirectorySyncCommand(CONNECTION, true))
                    .expectEvents(new DirectorySyncEnabledEvent(CONNECTION));
        }

        @Test
        void disablingAgainAfterReenabling() {
            givenContoso(new DirectorySyncDisabledEvent(CONNECTION), new DirectorySyncEnabledEvent(CONNECTION))
                    .when(new SetDirectorySyncCommand(CONNECTION, false))
                    .expectEvents(new DirectorySyncDisabledEvent(CONNECTION));
        }
    }
}
