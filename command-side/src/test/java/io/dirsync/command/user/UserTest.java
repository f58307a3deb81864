package io.dirsync.command.user;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.ObjectMapper;
import io.dirsync.api.connection.DeletionPolicy;
import io.dirsync.api.scim.InvalidAttributeException;
import io.dirsync.api.scim.PatchOperation;
import io.dirsync.api.scim.VersionMismatchException;
import io.dirsync.api.user.DeleteUserCommand;
import io.dirsync.api.user.EmailAddress;
import io.dirsync.api.user.EnterpriseAttributes;
import io.dirsync.api.user.PatchUserCommand;
import io.dirsync.api.user.PersonName;
import io.dirsync.api.user.ProvisionUserCommand;
import io.dirsync.api.user.ReplaceUserCommand;
import io.dirsync.api.user.UnknownUserException;
import io.dirsync.api.user.UserDeactivatedEvent;
import io.dirsync.api.user.UserDeletedEvent;
import io.dirsync.api.user.UserNameTakenException;
import io.dirsync.api.user.UserProfile;
import io.dirsync.api.user.UserProfileUpdatedEvent;
import io.dirsync.api.user.UserProvisionedEvent;
import io.dirsync.api.user.UserReactivatedEvent;
import io.dirsync.api.user.UserReprovisionedEvent;
import io.dirsync.api.user.UserState;
import io.dirsync.scim.ScimException;
import io.dirsync.scim.ScimType;
import io.dirsync.scim.patch.PatchApplier;
import io.dirsync.scim.patch.PatchDialectNormalizer;
import io.dirsync.scim.patch.PatchRequests;
import io.dirsync.scim.schema.SchemaCatalog;
import io.dirsync.scim.user.ScimUserMapper;
import io.dirsync.scim.user.UserPatchEngine;
import org.axonframework.eventhandling.EventMessage;
import org.axonframework.test.aggregate.AggregateTestFixture;
import org.axonframework.test.aggregate.FixtureConfiguration;
import org.axonframework.test.aggregate.TestExecutor;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Nested;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.MethodSource;

import java.time.Instant;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.concurrent.atomic.AtomicReference;
import java.util.stream.Stream;

import static org.assertj.core.api.Assertions.assertThat;
import static org.axonframework.test.matchers.Matchers.andNoMore;
import static org.axonframework.test.matchers.Matchers.exactSequenceOf;
import static org.axonframework.test.matchers.Matchers.predicate;
import static org.hamcrest.Matchers.containsString;

class UserTest {
    private static final ObjectMapper JSON = new ObjectMapper();
    private static final String CONNECTION = "conn-1";
    private static final String OTHER_CONNECTION = "conn-2";
    private static final String USER_ID = "user-1";
    private static final Instant CREATED = Instant.parse("2025-03-01T10:00:00Z");
    private static final Instant NOW = Instant.parse("2025-03-02T11:30:00Z");

    private static final EmailAddress WORK_EMAIL = new EmailAddress("alice@contoso.com", "work", true);
    private static final UserProfile ALICE = new UserProfile(
            "alice@contoso.com",
            "ext-alice",
            new PersonName("Alice", "Doe", "Alice Doe"),
            "Alice Doe",
            List.of(WORK_EMAIL),
            null,
            Map.of());
    private static final UserProfile ALICE_RENAMED = new UserProfile(
            "alice@contoso.com",
            "ext-alice",
            new PersonName("Alice", "Doe-Smith", "Alice Doe-Smith"),
            "Alice Doe-Smith",
            List.of(WORK_EMAIL),
            null,
            Map.of());
    private static final UserProfile BOB = new UserProfile(
            "bob@contoso.com",
            "ext-bob",
            new PersonName("Bob", "Roe", null),
            "Bob Roe",
            List.of(new EmailAddress("bob@contoso.com", "work", true)),
            null,
            Map.of());

    private final PatchRequests patchRequests =
            new PatchRequests(JSON, SchemaCatalog.get().users());
    private FixtureConfiguration<User> fixture;
    private InMemoryUserRegistry registry;
    private final InMemoryUserDataKeys keys = new InMemoryUserDataKeys();

    @BeforeEach
    void setUp() {
        registry = new InMemoryUserRegistry().with(CONNECTION, USER_ID, ALICE.userName(), ALICE.externalId(), false);
        fixture = new AggregateTestFixture<>(User.class);
        fixture.registerInjectableResource(registry);
        fixture.registerInjectableResource(keys);
        fixture.registerInjectableResource(DeletionPolicyStub.of(DeletionPolicy.DEACTIVATE));
        // as CommandSideConfiguration builds it
        fixture.registerInjectableResource(new UserPatchEngine(
                new ScimUserMapper(JSON),
                new PatchApplier(
                        JSON, new PatchDialectNormalizer(), SchemaCatalog.get().users())));
    }

    /** Alice, provisioned at {@link #CREATED}, at version 0; the command comes at {@link #NOW}. */
    private TestExecutor<User> givenAlice(Object... laterEvents) {
        return fixture.givenCurrentTime(CREATED)
                .andGiven(new UserProvisionedEvent(USER_ID, CONNECTION, ALICE, true))
                .andGiven(List.of(laterEvents))
                .andGivenCurrentTime(NOW);
    }

    private static UserState alice(UserProfile profile, boolean active, long version, Instant lastModified) {
        return new UserState(USER_ID, CONNECTION, profile, active, version, CREATED, lastModified);
    }

    @Nested
    class Replace {

        @Test
        void aChangedProfileIsRecordedWhole() {
            givenAlice()
                    .when(new ReplaceUserCommand(USER_ID, CONNECTION, ALICE_RENAMED, true, null))
                    .expectSuccessfulHandlerExecution()
                    .expectEvents(new UserProfileUpdatedEvent(USER_ID, CONNECTION, ALICE_RENAMED))
                    .expectResultMessagePayload(alice(ALICE_RENAMED, true, 1, NOW));
        }

        @Test
        void theSameProfileChangesNothing() {
            givenAlice()
                    .when(new ReplaceUserCommand(USER_ID, CONNECTION, ALICE, true, null))
                    .expectSuccessfulHandlerExecution()
                    .expectNoEvents()
                    .expectResultMessagePayload(alice(ALICE, true, 0, CREATED));
        }

        @Test
        void activeFalseDeactivates() {
            givenAlice()
                    .when(new ReplaceUserCommand(USER_ID, CONNECTION, ALICE, false, null))
                    .expectEvents(new UserDeactivatedEvent(USER_ID, CONNECTION, "PUT"))
                    .expectResultMessagePayload(alice(ALICE, false, 1, NOW));
        }

        @Test
        void activeFalseOnAnInactiveUserChangesNothing() {
            givenAlice(new UserDeactivatedEvent(USER_ID, CONNECTION, "PATCH"))
                    .when(new ReplaceUserCommand(USER_ID, CONNECTION, ALICE, false, null))
                    .expectNoEvents();
        }

        @Test
        void activeTrueReactivatesAnInactiveUser() {
            givenAlice(new UserDeactivatedEvent(USER_ID, CONNECTION, "PATCH"))
                    .when(new ReplaceUserCommand(USER_ID, CONNECTION, ALICE, true, null))
                    .expectEvents(new UserReactivatedEvent(USER_ID, CONNECTION))
                    .expectResultMessagePayload(alice(ALICE, true, 2, NOW));
        }

        @Test
        void activeLeftOutKeepsAnInactiveUserInactive() {
            givenAlice(new UserDeactivatedEvent(USER_ID, CONNECTION, "PATCH"))
                    .when(new ReplaceUserCommand(USER_ID, CONNECTION, ALICE_RENAMED, null, null))
                    .expectEvents(new UserProfileUpdatedEvent(USER_ID, CONNECTION, ALICE_RENAMED))
                    .expectResultMessagePayloadMatching(predicate((UserState state) -> !state.active()));
        }

        @Test
        void activeLeftOutKeepsAnActiveUserActive() {
            givenAlice()
                    .when(new ReplaceUserCommand(USER_ID, CONNECTION, ALICE, null, null))
                    .expectNoEvents()
                    .expectResultMessagePayloadMatching(predicate(UserState::active));
        }

        @Test
        void aProfileChangeAndDeactivationInOnePutAreTwoEventsInOrder() {
            givenAlice()
                    .when(new ReplaceUserCommand(USER_ID, CONNECTION, ALICE_RENAMED, false, null))
                    .expectEvents(
                            new UserProfileUpdatedEvent(USER_ID, CONNECTION, ALICE_RENAMED),
                            new UserDeactivatedEvent(USER_ID, CONNECTION, "PUT"))
                    .expectResultMessagePayload(alice(ALICE_RENAMED, false, 2, NOW));
        }

        @Test
        void aNewUserNameIsAProfileUpdate() {
            UserProfile renamed = new UserProfile(
                    "alice.doe@contoso.com",
                    ALICE.externalId(),
                    ALICE.name(),
                    ALICE.displayName(),
                    ALICE.emails(),
                    null,
                    Map.of());

            givenAlice()
                    .when(new ReplaceUserCommand(USER_ID, CONNECTION, renamed, true, null))
                    .expectEvents(new UserProfileUpdatedEvent(USER_ID, CONNECTION, renamed));
        }

        @Test
        void aUserNameHeldByADeletedUserCanBeTaken() {
            registry.with(CONNECTION, "user-2", BOB.userName(), BOB.externalId(), true);
            UserProfile bobsName = new UserProfile(
                    BOB.userName(),
                    ALICE.externalId(),
                    ALICE.name(),
                    ALICE.displayName(),
                    ALICE.emails(),
                    null,
                    Map.of());

            givenAlice()
                    .when(new ReplaceUserCommand(USER_ID, CONNECTION, bobsName, true, null))
                    .expectEvents(new UserProfileUpdatedEvent(USER_ID, CONNECTION, bobsName));
        }

        @Test
        void itsOwnUserNameInAnotherCaseIsFree() {
            UserProfile shouted = new UserProfile(
                    ALICE.userName().toUpperCase(Locale.ROOT),
                    ALICE.externalId(),
                    ALICE.name(),
                    ALICE.displayName(),
                    ALICE.emails(),
                    null,
                    Map.of());

            givenAlice()
                    .when(new ReplaceUserCommand(USER_ID, CONNECTION, shouted, true, null))
                    .expectEvents(new UserProfileUpdatedEvent(USER_ID, CONNECTION, shouted));
        }

        @Test
        void aUserNameHeldByAnotherLiveUserIsRefused() {
            registry.with(CONNECTION, "user-2", BOB.userName(), BOB.externalId(), false);
            UserProfile clash = new UserProfile(
                    "BOB@contoso.com",
                    ALICE.externalId(),
                    ALICE.name(),
                    ALICE.displayName(),
                    ALICE.emails(),
                    null,
                    Map.of());

            givenAlice()
                    .when(new ReplaceUserCommand(USER_ID, CONNECTION, clash, true, null))
                    .expectException(UserNameTakenException.class)
                    .expectNoEvents();
        }

        @Test
        void anotherConnectionsUserDoesNotExist() {
            givenAlice()
                    .when(new ReplaceUserCommand(USER_ID, OTHER_CONNECTION, ALICE_RENAMED, true, null))
                    .expectException(UnknownUserException.class)
                    .expectNoEvents();
        }

        @Test
        void aDeletedUserDoesNotExist() {
            givenAlice(new UserDeletedEvent(USER_ID, CONNECTION))
                    .when(new ReplaceUserCommand(USER_ID, CONNECTION, ALICE_RENAMED, true, null))
                    .expectException(UnknownUserException.class)
                    .expectNoEvents();
        }

        @Test
        void aStaleVersionIsRefusedAndChangesNothing() {
            givenAlice(new UserDeactivatedEvent(USER_ID, CONNECTION, "PATCH"))
                    .when(new ReplaceUserCommand(USER_ID, CONNECTION, ALICE_RENAMED, true, 0L))
                    .expectException(VersionMismatchException.class)
                    .expectExceptionMessage(containsString("version 1, not 0"))
                    .expectNoEvents();
        }

        @Test
        void theCurrentVersionIsAccepted() {
            givenAlice(new UserDeactivatedEvent(USER_ID, CONNECTION, "PATCH"))
                    .when(new ReplaceUserCommand(USER_ID, CONNECTION, ALICE_RENAMED, false, 1L))
                    .expectEvents(new UserProfileUpdatedEvent(USER_ID, CONNECTION, ALICE_RENAMED))
                    .expectResultMessagePayload(alice(ALICE_RENAMED, false, 2, NOW));
        }
    }

    @Nested
    class Patch {

        @Test
        void entraDisablesWithTheStringFalse() {
            givenAlice()
                    .when(patch("""
                            [{"op":"Replace","path":"active","value":"False"}]"""))
                    .expectEvents(new UserDeactivatedEvent(USER_ID, CONNECTION, "PATCH"))
                    .expectResultMessagePayload(alice(ALICE, false, 1, NOW));
        }

        @Test
        void entraReEnablesWithTheStringTrue() {
            givenAlice(new UserDeactivatedEvent(USER_ID, CONNECTION, "PATCH"))
                    .when(patch("""
                            [{"op":"Replace","path":"active","value":"True"}]"""))
                    .expectEvents(new UserReactivatedEvent(USER_ID, CONNECTION));
        }

        @Test
        void oktaDeactivatesWithAPathlessReplace() {
            givenAlice().when(patch("""
                            [{"op":"replace","value":{"active":false}}]""")).expectEvents(new UserDeactivatedEvent(USER_ID, CONNECTION, "PATCH"));
        }

        @Test
        void oktaReactivatesWithAPathlessReplace() {
            givenAlice(new UserDeactivatedEvent(USER_ID, CONNECTION, "PATCH"))
                    .when(patch("""
                            [{"op":"replace","value":{"active":true}}]"""))
                    .expectEvents(new UserReactivatedEvent(USER_ID, CONNECTION));
        }

        @Test
        void oktaDeactivatingAnInactiveUserChangesNothing() {
            givenAlice(new UserDeactivatedEvent(USER_ID, CONNECTION, "PATCH"))
                    .when(patch("""
                            [{"op":"replace","value":{"active":false}}]"""))
                    .expectSuccessfulHandlerExecution()
                    .expectNoEvents();
        }

        @Test
        void entraReplacesTheWorkEmailAndTheFamilyName() {
            UserProfile expected = new UserProfile(
                    ALICE.userName(),
                    ALICE.externalId(),
                    new PersonName("Alice", "Doe-Smith", "Alice Doe"),
                    ALICE.displayName(),
                    List.of(new EmailAddress("new@contoso.com", "work", true)),
                    null,
                    Map.of());

            givenAlice()
                    .when(patch("""
                            [{"op":"Replace","path":"emails[type eq \\"work\\"].value","value":"new@contoso.com"},
                             {"op":"Replace","path":"name.familyName","value":"Doe-Smith"}]"""))
                    .expectEvents(new UserProfileUpdatedEvent(USER_ID, CONNECTION, expected))
                    .expectResultMessagePayload(alice(expected, true, 1, NOW));
        }

        @Test
        void entraAddsTheEnterpriseDepartmentByUrnPath() {
            givenAlice()
                    .when(patch("""
                            [{"op":"Add","path":"urn:ietf:params:scim:schemas:extension:enterprise:2.0:User:department","value":"Sales"}]"""))
                    .expectEvents(new UserProfileUpdatedEvent(
                            USER_ID,
                            CONNECTION,
                            withEnterprise(new EnterpriseAttributes(null, null, null, null, "Sales", null))));
        }

        @Test
        void entraPathlessReplaceWithDottedAndUrnKeys() {
            UserProfile expected = new UserProfile(
                    ALICE.userName(),
                    ALICE.externalId(),
                    new PersonName("Alicia", "Doe-Smith", "Alice Doe"),
                    "Alicia Doe-Smith",
                    ALICE.emails(),
                    new EnterpriseAttributes("701984", null, null, null, "Sales", null),
                    Map.of());

            givenAlice().when(patch("""
                            [{"op":"replace","value":{"displayName":"Alicia Doe-Smith","name.givenName":"Alicia",
                              "name.familyName":"Doe-Smith",
                              "urn:ietf:params:scim:schemas:extension:enterprise:2.0:User:employeeNumber":"701984",
                              "urn:ietf:params:scim:schemas:extension:enterprise:2.0:User:department":"Sales"}}]""")).expectEvents(new UserProfileUpdatedEvent(USER_ID, CONNECTION, expected));
        }

        @Test
        void entraSetsTheManagerAsAPlainStringOnTheEnterprisePath() {
            registry.with(CONNECTION, "user-9", "boss@example.com", null, false);
            givenAlice()
                    .when(patch("""
                            [{"op":"add","path":"urn:ietf:params:scim:schemas:extension:enterprise:2.0:User:manager","value":"user-9"}]"""))
                    .expectEvents(new UserProfileUpdatedEvent(
                            USER_ID,
                            CONNECTION,
                            withEnterprise(new EnterpriseAttributes(null, null, null, null, null, "user-9"))));
        }

        @Test
        void entraSetsTheManagerInItsDocumentedShape() {
            registry.with(CONNECTION, "user-9", "boss@example.com", null, false);
            givenAlice()
                    .when(patch("""
                            [{"op":"Add","path":"manager","value":[{"$ref":"https://h/scim/v2/conn-1/Users/user-9","value":"user-9"}]}]"""))
                    .expectEvents(new UserProfileUpdatedEvent(
                            USER_ID,
                            CONNECTION,
                            withEnterprise(new EnterpriseAttributes(null, null, null, null, null, "user-9"))));
        }

        @Test
        void aManagerWhoIsNoCurrentUserOfTheConnectionIsInvalidAndStoresNothing() {
            registry.with("other-connection", "user-8", "elsewhere@example.com", null, false);
            registry.with(CONNECTION, "user-7", "gone@example.com", null, true);
            for (String manager : List.of("no-such-user", "user-8", "user-7")) {
                givenAlice()
                        .when(patch("[{\"op\":\"add\",\"path\":\"manager\",\"value\":\"" + manager + "\"}]"))
                        .expectException(InvalidAttributeException.class)
                        .expectExceptionMessage(org.hamcrest.Matchers.containsString(manager))
                        .expectNoEvents();
            }
        }

        @Test
        void aPatchThatSetsWhatIsThereChangesNothing() {
            givenAlice()
                    .when(patch("""
                            [{"op":"Replace","path":"displayName","value":"Alice Doe"},{"op":"replace","value":{"active":true}}]"""))
                    .expectSuccessfulHandlerExecution()
                    .expectNoEvents()
                    .expectResultMessagePayload(alice(ALICE, true, 0, CREATED));
        }

        @Test
        void removingAllEmailsIsRefusedAndChangesNothing() {
            givenAlice()
                    .when(patch("""
                            [{"op":"remove","path":"emails"}]"""))
                    .expectException(predicate((Object e) -> e instanceof ScimException scim
                            && scim.status() == 400
                            && scim.scimType() == ScimType.invalidValue))
                    .expectExceptionMessage(containsString("emails"))
                    .expectNoEvents();
        }

        @Test
        void anInvalidLaterOperationUndoesTheEarlierOnes() {
            givenAlice()
                    .when(patch("""
                            [{"op":"Replace","path":"displayName","value":"X"},{"op":"Replace","path":"active","value":"False"},
                             {"op":"remove","path":"userName"}]"""))
                    .expectException(ScimException.class)
                    .expectExceptionMessage(containsString("userName"))
                    .expectNoEvents();
        }

        /** The SCIM endpoint refuses it before the command (PatchRequests); the aggregate does too, whoever sends it. */
        @Test
        void anUnknownOpIsRefusedAndChangesNothing() {
            givenAlice()
                    .when(new PatchUserCommand(
                            USER_ID,
                            CONNECTION,
                            List.of(
                                    new PatchOperation("Replace", "displayName", "X"),
                                    new PatchOperation("Merge", "title", "Boss")),
                            null))
                    .expectException(predicate((Object e) -> e instanceof ScimException scim
                            && scim.status() == 400
                            && scim.scimType() == ScimType.invalidSyntax))
                    .expectExceptionMessage(containsString("Merge"))
                    .expectNoEvents();
        }

        @Test
        void aStaleVersionIsRefused() {
            givenAlice(new UserDeactivatedEvent(USER_ID, CONNECTION, "PATCH"))
                    .when(patch("""
                            [{"op":"Replace","path":"active","value":"True"}]""", 0L))
                    .expectException(VersionMismatchException.class)
                    .expectNoEvents();
        }

        @Test
        void theCurrentVersionIsAccepted() {
            givenAlice(new UserDeactivatedEvent(USER_ID, CONNECTION, "PATCH"))
                    .when(patch("""
                            [{"op":"Replace","path":"active","value":"True"}]""", 1L))
                    .expectEvents(new UserReactivatedEvent(USER_ID, CONNECTION))
                    .expectResultMessagePayload(alice(ALICE, true, 2, NOW));
        }

        @Test
        void anotherConnectionsUserDoesNotExist() {
            givenAlice()
                    .when(new PatchUserCommand(
                            USER_ID, OTHER_CONNECTION, List.of(new PatchOperation("Replace", "active", "False")), null))
                    .expectException(UnknownUserException.class)
                    .expectNoEvents();
        }

        private PatchUserCommand patch(String operations) {
            return patch(operations, null);
        }

        private PatchUserCommand patch(String operations, Long expectedVersion) {
            try {
                return new PatchUserCommand(
                        USER_ID,
                        CONNECTION,
                        patchRequests.read(JSON.readTree("""
                        {"schemas":["urn:ietf:params:scim:api:messages:2.0:PatchOp"],"Operations":%s}""".formatted(operations))),
                        expectedVersion);
            } catch (JsonProcessingException e) {
                throw new IllegalArgumentException(operations, e);
            }
        }

        private UserProfile withEnterprise(EnterpriseAttributes enterprise) {
            return new UserProfile(
                    ALICE.userName(),
                    ALICE.externalId(),
                    ALICE.name(),
                    ALICE.displayName(),
                    ALICE.emails(),
                    enterprise,
                    Map.of());
        }
    }

    @Nested
    class Delete {

        @Test
        void deletesAndReleasesTheScimResource() {
            givenAlice()
                    .when(new DeleteUserCommand(USER_ID, CONNECTION, null))
                    .expectEvents(new UserDeletedEvent(USER_ID, CONNECTION))
                    .expectState(user -> {
                        assertThat(user.isDeleted()).isTrue();
                        assertThat(user.state().active()).isFalse();
                    });
        }

        @Test
        void deletesAnInactiveUser() {
            givenAlice(new UserDeactivatedEvent(USER_ID, CONNECTION, "PATCH"))
                    .when(new DeleteUserCommand(USER_ID, CONNECTION, 1L))
                    .expectEvents(new UserDeletedEvent(USER_ID, CONNECTION));
        }

        @Test
        void aStaleVersionIsRefused() {
            givenAlice(new UserDeactivatedEvent(USER_ID, CONNECTION, "PATCH"))
                    .when(new DeleteUserCommand(USER_ID, CONNECTION, 0L))
                    .expectException(VersionMismatchException.class)
                    .expectNoEvents();
        }

        @Test
        void anotherConnectionCannotDelete() {
            givenAlice()
                    .when(new DeleteUserCommand(USER_ID, OTHER_CONNECTION, null))
                    .expectException(UnknownUserException.class)
                    .expectNoEvents();
        }

        static Stream<Object> commandsAfterDelete() {
            return Stream.of(
                    new ReplaceUserCommand(USER_ID, CONNECTION, ALICE, true, null),
                    new ReplaceUserCommand(USER_ID, CONNECTION, ALICE, null, 2L),
                    new PatchUserCommand(
                            USER_ID,
                            CONNECTION,
                            List.of(new PatchOperation("replace", null, Map.of("active", true))),
                            null),
                    new DeleteUserCommand(USER_ID, CONNECTION, null));
        }

        @ParameterizedTest
        @MethodSource("commandsAfterDelete")
        void afterDeleteTheUserIsUnknownToEveryCommand(Object command) {
            givenAlice(new UserDeletedEvent(USER_ID, CONNECTION))
                    .when(command)
                    .expectException(UnknownUserException.class)
                    .expectNoEvents();
        }
    }

    @Nested
    class Provisioning {

        @BeforeEach
        void registerTheProvisioningHandler() {
            fixture.registerAnnotatedCommandHandler(new UserProvisioning(fixture.getRepository(), registry, keys));
        }

        @Test
        void aNewUserNameCreatesANewUser() {
            AtomicReference<String> newUserId = new AtomicReference<>();

            fixture.givenNoPriorActivity()
                    .when(new ProvisionUserCommand(CONNECTION, BOB, true))
                    .expectSuccessfulHandlerExecution()
                    .expectEventsMatching(exactSequenceOf(
                            predicate((EventMessage<?> event) -> {
                                if (event.getPayload() instanceof UserProvisionedEvent provisioned
                                        && provisioned.connectionId().equals(CONNECTION)
                                        && provisioned.profile().equals(BOB)
                                        && provisioned.active()
                                        && !provisioned.userId().equals(USER_ID)) {
                                    newUserId.set(provisioned.userId());
                                    return true;
                                }
                                return false;
                            }),
                            andNoMore()))
                    .expectResultMessagePayloadMatching(
                            predicate((UserState state) -> state.userId().equals(newUserId.get())
                                    && state.connectionId().equals(CONNECTION)
                                    && state.profile().equals(BOB)
                                    && state.active()
                                    && state.version() == 0
                                    && state.created() != null
                                    && state.created().equals(state.lastModified())));
            assertThat(keys.find(newUserId.get())).as("the new user's data key").isPresent();
        }

        @Test
        void aUserCanBeProvisionedInactive() {
            fixture.givenNoPriorActivity()
                    .when(new ProvisionUserCommand(CONNECTION, BOB, false))
                    .expectEventsMatching(exactSequenceOf(
                            predicate((EventMessage<?> event) ->
                                    event.getPayload() instanceof UserProvisionedEvent provisioned
                                            && !provisioned.active()),
                            andNoMore()))
                    .expectResultMessagePayloadMatching(predicate((UserState state) -> !state.active()));
        }

        @Test
        void aUserNameHeldByALiveUserIsTakenWhateverItsCase() {
            UserProfile again = new UserProfile(
                    "ALICE@Contoso.com",
                    "ext-other",
                    ALICE.name(),
                    ALICE.displayName(),
                    ALICE.emails(),
                    null,
                    Map.of());

            fixture.givenNoPriorActivity()
                    .when(new ProvisionUserCommand(CONNECTION, again, true))
                    .expectException(UserNameTakenException.class)
                    .expectNoEvents();
        }

        @Test
        void theSameUserNameInAnotherConnectionIsANewUser() {
            fixture.givenNoPriorActivity()
                    .when(new ProvisionUserCommand(OTHER_CONNECTION, ALICE, true))
                    .expectEventsMatching(exactSequenceOf(
                            predicate((EventMessage<?> event) ->
                                    event.getPayload() instanceof UserProvisionedEvent provisioned
                                            && provisioned.connectionId().equals(OTHER_CONNECTION)
                                            && !provisioned.userId().equals(USER_ID)),
                            andNoMore()));
        }

        @Test
        void aDeletedUserInAnotherConnectionIsNotBroughtBack() {
            registry.with(OTHER_CONNECTION, "user-9", BOB.userName(), BOB.externalId(), true);

            fixture.givenNoPriorActivity()
                    .when(new ProvisionUserCommand(CONNECTION, BOB, true))
                    .expectEventsMatching(exactSequenceOf(
                            predicate((EventMessage<?> event) ->
                                    event.getPayload() instanceof UserProvisionedEvent provisioned
                                            && !provisioned.userId().equals("user-9")),
                            andNoMore()));
        }

        @Test
        void aDeletedUserComesBackByUserName() {
            registry.with(CONNECTION, USER_ID, ALICE.userName(), ALICE.externalId(), true);
            UserProfile returning = new UserProfile(
                    "Alice@Contoso.com", "ext-alice-2", ALICE.name(), "Alice D.", ALICE.emails(), null, Map.of());

            givenAlice(new UserDeletedEvent(USER_ID, CONNECTION))
                    .when(new ProvisionUserCommand(CONNECTION, returning, true))
                    .expectEvents(new UserReprovisionedEvent(USER_ID, CONNECTION, returning, true))
                    .expectResultMessagePayload(alice(returning, true, 2, NOW));
        }

        @Test
        void aDeletedUserComesBackByExternalIdUnderANewUserName() {
            registry.with(CONNECTION, USER_ID, ALICE.userName(), ALICE.externalId(), true);
            UserProfile returning = new UserProfile(
                    "alice.doe@contoso.com",
                    ALICE.externalId(),
                    ALICE.name(),
                    ALICE.displayName(),
                    List.of(new EmailAddress("alice.doe@contoso.com", "work", true)),
                    null,
                    Map.of());

            givenAlice(
                            new UserDeactivatedEvent(USER_ID, CONNECTION, "PATCH"),
                            new UserDeletedEvent(USER_ID, CONNECTION))
                    .when(new ProvisionUserCommand(CONNECTION, returning, false))
                    .expectEvents(new UserReprovisionedEvent(USER_ID, CONNECTION, returning, false))
                    .expectResultMessagePayload(alice(returning, false, 3, NOW));
        }

        @Test
        void aBroughtBackUserTakesCommandsAgain() {
            registry.with(CONNECTION, USER_ID, ALICE.userName(), ALICE.externalId(), true);

            givenAlice(
                            new UserDeletedEvent(USER_ID, CONNECTION),
                            new UserReprovisionedEvent(USER_ID, CONNECTION, ALICE, true))
                    .when(new ReplaceUserCommand(USER_ID, CONNECTION, ALICE, false, 2L))
                    .expectEvents(new UserDeactivatedEvent(USER_ID, CONNECTION, "PUT"));
        }

        @Test
        void aDeletedUserWhoseNameWentToALiveUserIsNotBroughtBackByIt() {
            registry.with(CONNECTION, USER_ID, null, ALICE.externalId(), true)
                    .with(CONNECTION, "user-2", ALICE.userName(), "ext-new-alice", false);
            UserProfile sameName = new UserProfile(
                    ALICE.userName(), "ext-third", ALICE.name(), ALICE.displayName(), ALICE.emails(), null, Map.of());

            fixture.givenNoPriorActivity()
                    .when(new ProvisionUserCommand(CONNECTION, sameName, true))
                    .expectException(UserNameTakenException.class)
                    .expectNoEvents();
        }
    }
}
