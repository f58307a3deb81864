package io.dirsync.command.group;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.ObjectMapper;
import io.dirsync.api.group.CreateGroupCommand;
import io.dirsync.api.group.DeleteGroupCommand;
import io.dirsync.api.group.GroupCreatedEvent;
import io.dirsync.api.group.GroupDeletedEvent;
import io.dirsync.api.group.GroupExternalIdChangedEvent;
import io.dirsync.api.group.GroupMembersAddedEvent;
import io.dirsync.api.group.GroupMembersRemovedEvent;
import io.dirsync.api.group.GroupRenamedEvent;
import io.dirsync.api.group.GroupState;
import io.dirsync.api.group.PatchGroupCommand;
import io.dirsync.api.group.ReplaceGroupCommand;
import io.dirsync.api.group.UnknownGroupException;
import io.dirsync.api.scim.InvalidAttributeException;
import io.dirsync.api.scim.PatchOperation;
import io.dirsync.api.scim.VersionMismatchException;
import io.dirsync.scim.ScimException;
import io.dirsync.scim.ScimType;
import io.dirsync.scim.group.GroupPatchEngine;
import io.dirsync.scim.patch.PatchDialectNormalizer;
import io.dirsync.scim.patch.PatchRequests;
import org.axonframework.test.aggregate.AggregateTestFixture;
import org.axonframework.test.aggregate.FixtureConfiguration;
import org.axonframework.test.aggregate.TestExecutor;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Nested;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.MethodSource;

import java.time.Instant;
import java.util.Collection;
import java.util.HashMap;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.stream.Stream;

import static org.axonframework.test.matchers.Matchers.predicate;
import static org.hamcrest.Matchers.allOf;
import static org.hamcrest.Matchers.containsString;
import static org.hamcrest.Matchers.not;

class GroupTest {
    private static final ObjectMapper JSON = new ObjectMapper();
    private static final String CONNECTION = "conn-1";
    private static final String OTHER_CONNECTION = "conn-2";
    private static final String GROUP_ID = "group-1";
    private static final String NAME = "Engineering";
    private static final String EXTERNAL_ID = "ext-eng";
    private static final Instant CREATED = Instant.parse("2025-03-01T10:00:00Z");
    private static final Instant NOW = Instant.parse("2025-03-02T11:30:00Z");

    private final PatchRequests patchRequests = new PatchRequests(JSON);
    private FixtureConfiguration<Group> fixture;
    private InMemoryMemberDirectory directory;

    @BeforeEach
    void setUp() {
        directory = new InMemoryMemberDirectory()
                .with(CONNECTION, "u1", "u2", "u3", "u4")
                .with(OTHER_CONNECTION, "x1");
        fixture = new AggregateTestFixture<>(Group.class);
        fixture.registerInjectableResource(directory);
        // as CommandSideConfiguration builds it
        fixture.registerInjectableResource(new GroupPatchEngine(JSON, new PatchDialectNormalizer()));
    }

    /** Engineering with members u1 and u2, created at {@link #CREATED} (version 1); the command comes at {@link #NOW}. */
    private TestExecutor<Group> givenEngineering(Object... laterEvents) {
        return fixture.givenCurrentTime(CREATED)
                .andGiven(
                        new GroupCreatedEvent(GROUP_ID, CONNECTION, NAME, EXTERNAL_ID),
                        new GroupMembersAddedEvent(GROUP_ID, CONNECTION, List.of("u1", "u2")))
                .andGiven(List.of(laterEvents))
                .andGivenCurrentTime(NOW);
    }

    private static GroupState engineering(
            String displayName, String externalId, List<String> members, long version, Instant lastModified) {
        return new GroupState(GROUP_ID, CONNECTION, displayName, externalId, members, version, CREATED, lastModified);
    }

    private static ReplaceGroupCommand put(
            String displayName, String externalId, List<String> members, Long expectedVersion) {
        return new ReplaceGroupCommand(GROUP_ID, CONNECTION, displayName, externalId, members, expectedVersion);
    }

    @Nested
    class Create {

        @BeforeEach
        void registerTheCreationHandler() {
            fixture.registerAnnotatedCommandHandler(new GroupCreation(fixture.getRepository(), directory));
        }

        @Test
        void entraCreatesAGroupWithoutMembers() {
            fixture.givenCurrentTime(CREATED)
                    .when(new CreateGroupCommand(GROUP_ID, CONNECTION, NAME, EXTERNAL_ID, null))
                    .expectSuccessfulHandlerExecution()
                    .expectEvents(new GroupCreatedEvent(GROUP_ID, CONNECTION, NAME, EXTERNAL_ID))
                    .expectResultMessagePayload(
                            new GroupState(GROUP_ID, CONNECTION, NAME, EXTERNAL_ID, List.of(), 0, CREATED, CREATED));
        }

        @Test
        void oktaCreatesAGroupWithAnEmptyMemberList() {
            fixture.givenCurrentTime(CREATED)
                    .when(new CreateGroupCommand(GROUP_ID, CONNECTION, NAME, null, List.of()))
                    .expectEvents(new GroupCreatedEvent(GROUP_ID, CONNECTION, NAME, null))
                    .expectResultMessagePayload(
                            new GroupState(GROUP_ID, CONNECTION, NAME, null, List.of(), 0, CREATED, CREATED));
        }

        @Test
        void membersFollowTheCreationAsOneEvent() {
            fixture.givenCurrentTime(CREATED)
                    .when(new CreateGroupCommand(
                            GROUP_ID, CONNECTION, "  " + NAME + " ", EXTERNAL_ID, List.of("u1", "u2")))
                    .expectEvents(
                            new GroupCreatedEvent(GROUP_ID, CONNECTION, NAME, EXTERNAL_ID),
                            new GroupMembersAddedEvent(GROUP_ID, CONNECTION, List.of("u1", "u2")))
                    .expectResultMessagePayload(engineering(NAME, EXTERNAL_ID, List.of("u1", "u2"), 1, CREATED));
        }

        @Test
        void aMemberListedTwiceJoinsOnce() {
            fixture.givenCurrentTime(CREATED)
                    .when(new CreateGroupCommand(GROUP_ID, CONNECTION, NAME, EXTERNAL_ID, List.of("u1", "u2", "u1")))
                    .expectEvents(
                            new GroupCreatedEvent(GROUP_ID, CONNECTION, NAME, EXTERNAL_ID),
                            new GroupMembersAddedEvent(GROUP_ID, CONNECTION, List.of("u1", "u2")))
                    .expectResultMessagePayload(engineering(NAME, EXTERNAL_ID, List.of("u1", "u2"), 1, CREATED));
        }

        static Stream<String> blankNames() {
            return Stream.of(null, "", "   ");
        }

        @ParameterizedTest
        @MethodSource("blankNames")
        void aBlankDisplayNameIsRefused(String displayName) {
            fixture.givenNoPriorActivity()
                    .when(new CreateGroupCommand(GROUP_ID, CONNECTION, displayName, EXTERNAL_ID, List.of("u1")))
                    .expectException(InvalidAttributeException.class)
                    .expectExceptionMessage(containsString("displayName"))
                    .expectNoEvents();
        }

        @Test
        void anUnknownMemberIsRefusedAndNamed() {
            fixture.givenNoPriorActivity()
                    .when(new CreateGroupCommand(GROUP_ID, CONNECTION, NAME, EXTERNAL_ID, List.of("u1", "ghost")))
                    .expectException(InvalidAttributeException.class)
                    .expectExceptionMessage(allOf(containsString("ghost"), not(containsString("u1"))))
                    .expectNoEvents();
        }

        @Test
        void anotherConnectionsUserIsAnUnknownMember() {
            fixture.givenNoPriorActivity()
                    .when(new CreateGroupCommand(GROUP_ID, CONNECTION, NAME, EXTERNAL_ID, List.of("x1")))
                    .expectException(InvalidAttributeException.class)
                    .expectExceptionMessage(containsString("x1"))
                    .expectNoEvents();
        }
    }

    @Nested
    class Replace {

        @Test
        void aNewNameIsARename() {
            givenEngineering()
                    .when(put("Engineering EMEA", EXTERNAL_ID, List.of("u1", "u2"), null))
                    .expectSuccessfulHandlerExecution()
                    .expectEvents(new GroupRenamedEvent(GROUP_ID, CONNECTION, "Engineering EMEA"))
                    .expectResultMessagePayload(
                            engineering("Engineering EMEA", EXTERNAL_ID, List.of("u1", "u2"), 2, NOW));
        }

        @Test
        void aNewExternalIdIsRecorded() {
            givenEngineering()
                    .when(put(NAME, "ext-new", List.of("u1", "u2"), null))
                    .expectEvents(new GroupExternalIdChangedEvent(GROUP_ID, CONNECTION, "ext-new"))
                    .expectResultMessagePayload(engineering(NAME, "ext-new", List.of("u1", "u2"), 2, NOW));
        }

        @Test
        void anExternalIdLeftOutIsRemoved() {
            givenEngineering()
                    .when(put(NAME, null, List.of("u1", "u2"), null))
                    .expectEvents(new GroupExternalIdChangedEvent(GROUP_ID, CONNECTION, null));
        }

        @Test
        void aChangedMemberListIsOneRemovalAndOneAddition() {
            givenEngineering()
                    .when(put(NAME, EXTERNAL_ID, List.of("u1", "u3"), null))
                    .expectEvents(
                            new GroupMembersRemovedEvent(GROUP_ID, CONNECTION, List.of("u2")),
                            new GroupMembersAddedEvent(GROUP_ID, CONNECTION, List.of("u3")))
                    .expectResultMessagePayload(engineering(NAME, EXTERNAL_ID, List.of("u1", "u3"), 3, NOW));
        }

        @Test
        void everythingChangedInOnePutIsRecordedInOrder() {
            givenEngineering()
                    .when(put("Eng", "ext-new", List.of("u3", "u4"), null))
                    .expectEvents(
                            new GroupRenamedEvent(GROUP_ID, CONNECTION, "Eng"),
                            new GroupExternalIdChangedEvent(GROUP_ID, CONNECTION, "ext-new"),
                            new GroupMembersRemovedEvent(GROUP_ID, CONNECTION, List.of("u1", "u2")),
                            new GroupMembersAddedEvent(GROUP_ID, CONNECTION, List.of("u3", "u4")))
                    .expectResultMessagePayload(engineering("Eng", "ext-new", List.of("u3", "u4"), 5, NOW));
        }

        @Test
        void oktaAiwPutWithNoMembersRemovesEveryone() {
            givenEngineering()
                    .when(put(NAME, EXTERNAL_ID, List.of(), null))
                    .expectEvents(new GroupMembersRemovedEvent(GROUP_ID, CONNECTION, List.of("u1", "u2")))
                    .expectResultMessagePayload(engineering(NAME, EXTERNAL_ID, List.of(), 2, NOW));
        }

        @Test
        void theSameGroupChangesNothing() {
            givenEngineering()
                    .when(put(NAME, EXTERNAL_ID, List.of("u2", "u1"), null))
                    .expectSuccessfulHandlerExecution()
                    .expectNoEvents()
                    .expectResultMessagePayload(engineering(NAME, EXTERNAL_ID, List.of("u1", "u2"), 1, CREATED));
        }

        @Test
        void anUnknownMemberIsRefusedAndChangesNothing() {
            givenEngineering()
                    .when(put("Eng", EXTERNAL_ID, List.of("u1", "ghost"), null))
                    .expectException(InvalidAttributeException.class)
                    .expectExceptionMessage(containsString("ghost"))
                    .expectNoEvents();
        }

        @Test
        void aBlankDisplayNameIsRefused() {
            givenEngineering()
                    .when(put(" ", EXTERNAL_ID, List.of("u1", "u2"), null))
                    .expectException(InvalidAttributeException.class)
                    .expectNoEvents();
        }

        @Test
        void aStaleVersionIsRefusedAndChangesNothing() {
            givenEngineering(new GroupRenamedEvent(GROUP_ID, CONNECTION, "Eng"))
                    .when(put("Eng EMEA", EXTERNAL_ID, List.of("u1"), 1L))
                    .expectException(VersionMismatchException.class)
                    .expectExceptionMessage(containsString("version 2, not 1"))
                    .expectNoEvents();
        }

        @Test
        void theCurrentVersionIsAccepted() {
            givenEngineering(new GroupRenamedEvent(GROUP_ID, CONNECTION, "Eng"))
                    .when(put("Eng EMEA", EXTERNAL_ID, List.of("u1", "u2"), 2L))
                    .expectEvents(new GroupRenamedEvent(GROUP_ID, CONNECTION, "Eng EMEA"))
                    .expectResultMessagePayload(engineering("Eng EMEA", EXTERNAL_ID, List.of("u1", "u2"), 3, NOW));
        }
    }

    @Nested
    class Patch {

        @Test
        void entraRenames() {
            givenEngineering()
                    .when(patch("""
                            [{"op":"Replace","path":"displayName","value":"Engineering EMEA"}]"""))
                    .expectEvents(new GroupRenamedEvent(GROUP_ID, CONNECTION, "Engineering EMEA"))
                    .expectResultMessagePayload(
                            engineering("Engineering EMEA", EXTERNAL_ID, List.of("u1", "u2"), 2, NOW));
        }

        @Test
        void entraAddsMembers() {
            givenEngineering()
                    .when(patch("""
                            [{"op":"Add","path":"members","value":[{"$ref":null,"value":"u3"},{"$ref":null,"value":"u4"}]}]"""))
                    .expectEvents(new GroupMembersAddedEvent(GROUP_ID, CONNECTION, List.of("u3", "u4")))
                    .expectResultMessagePayload(
                            engineering(NAME, EXTERNAL_ID, List.of("u1", "u2", "u3", "u4"), 2, NOW));
        }

        @Test
        void entraRemovesOnlyTheListedMember() {
            givenEngineering()
                    .when(patch("""
                            [{"op":"Remove","path":"members","value":[{"$ref":null,"value":"u1"}]}]"""))
                    .expectEvents(new GroupMembersRemovedEvent(GROUP_ID, CONNECTION, List.of("u1")))
                    .expectResultMessagePayload(engineering(NAME, EXTERNAL_ID, List.of("u2"), 2, NOW));
        }

        @Test
        void oktaRemovesByFilterAndAddsInOneRequest() {
            givenEngineering()
                    .when(patch("""
                            [{"op":"remove","path":"members[value eq \\"u1\\"]"},
                             {"op":"add","path":"members","value":[{"value":"u3","display":"c@example.com"}]}]"""))
                    .expectEvents(
                            new GroupMembersRemovedEvent(GROUP_ID, CONNECTION, List.of("u1")),
                            new GroupMembersAddedEvent(GROUP_ID, CONNECTION, List.of("u3")))
                    .expectResultMessagePayload(engineering(NAME, EXTERNAL_ID, List.of("u2", "u3"), 3, NOW));
        }

        @Test
        void oktaRenameWithTheUnchangedNameChangesNothing() {
            givenEngineering()
                    .when(patch("""
                            [{"op":"replace","value":{"id":"group-1","displayName":"Engineering"}}]"""))
                    .expectSuccessfulHandlerExecution()
                    .expectNoEvents()
                    .expectResultMessagePayload(engineering(NAME, EXTERNAL_ID, List.of("u1", "u2"), 1, CREATED));
        }

        @Test
        void oktaPushNowOfAnEmptyGroupRemovesEveryone() {
            givenEngineering()
                    .when(patch("""
                            [{"op":"replace","path":"members","value":[]}]"""))
                    .expectEvents(new GroupMembersRemovedEvent(GROUP_ID, CONNECTION, List.of("u1", "u2")));
        }

        @Test
        void externalIdReplaced() {
            givenEngineering()
                    .when(patch("""
                            [{"op":"replace","path":"externalId","value":"ext-new"}]"""))
                    .expectEvents(new GroupExternalIdChangedEvent(GROUP_ID, CONNECTION, "ext-new"));
        }

        @Test
        void externalIdRemoved() {
            givenEngineering()
                    .when(patch("""
                            [{"op":"remove","path":"externalId"}]"""))
                    .expectEvents(new GroupExternalIdChangedEvent(GROUP_ID, CONNECTION, null))
                    .expectResultMessagePayload(engineering(NAME, null, List.of("u1", "u2"), 2, NOW));
        }

        @Test
        void addingAnExistingMemberChangesNothing() {
            givenEngineering()
                    .when(patch("""
                            [{"op":"add","path":"members","value":[{"value":"u1"}]}]"""))
                    .expectSuccessfulHandlerExecution()
                    .expectNoEvents();
        }

        @Test
        void removingANonMemberChangesNothing() {
            givenEngineering()
                    .when(patch("""
                            [{"op":"remove","path":"members[value eq \\"u3\\"]"}]"""))
                    .expectSuccessfulHandlerExecution()
                    .expectNoEvents();
        }

        @Test
        void anUnknownMemberIsRefusedAndChangesNothing() {
            givenEngineering()
                    .when(patch("""
                            [{"op":"Replace","path":"displayName","value":"Eng"},
                             {"op":"Add","path":"members","value":[{"value":"u3"},{"value":"ghost"}]}]"""))
                    .expectException(InvalidAttributeException.class)
                    .expectExceptionMessage(containsString("ghost"))
                    .expectNoEvents();
        }

        @Test
        void anInvalidOperationUndoesTheValidOnes() {
            givenEngineering()
                    .when(patch("""
                            [{"op":"remove","path":"members[value eq \\"u1\\"]"},
                             {"op":"replace","path":"displayName","value":"Eng"},
                             {"op":"add","path":"description","value":"x"}]"""))
                    .expectException(predicate((Object e) -> e instanceof ScimException scim
                            && scim.status() == 400
                            && scim.scimType() == ScimType.invalidPath))
                    .expectExceptionMessage(containsString("Operations[2]"))
                    .expectNoEvents();
        }

        @Test
        void aStaleVersionIsRefused() {
            givenEngineering()
                    .when(patch("""
                            [{"op":"Replace","path":"displayName","value":"Eng"}]""", 0L))
                    .expectException(VersionMismatchException.class)
                    .expectNoEvents();
        }

        @Test
        void theCurrentVersionIsAccepted() {
            givenEngineering().when(patch("""
                            [{"op":"Replace","path":"displayName","value":"Eng"}]""", 1L)).expectEvents(new GroupRenamedEvent(GROUP_ID, CONNECTION, "Eng"));
        }

        private PatchGroupCommand patch(String operations) {
            return patch(operations, null);
        }

        private PatchGroupCommand patch(String operations, Long expectedVersion) {
            try {
                return new PatchGroupCommand(
                        GROUP_ID,
                        CONNECTION,
                        patchRequests.read(JSON.readTree("""
                        {"schemas":["urn:ietf:params:scim:api:messages:2.0:PatchOp"],"Operations":%s}""".formatted(operations))),
                        expectedVersion);
            } catch (JsonProcessingException e) {
                throw new IllegalArgumentException(operations, e);
            }
        }
    }

    @Nested
    class Delete {

        @Test
        void deletes() {
            givenEngineering()
                    .when(new DeleteGroupCommand(GROUP_ID, CONNECTION, null))
                    .expectEvents(new GroupDeletedEvent(GROUP_ID, CONNECTION));
        }

        @Test
        void deletesAtTheCurrentVersion() {
            givenEngineering()
                    .when(new DeleteGroupCommand(GROUP_ID, CONNECTION, 1L))
                    .expectEvents(new GroupDeletedEvent(GROUP_ID, CONNECTION));
        }

        @Test
        void aStaleVersionIsRefused() {
            givenEngineering(new GroupRenamedEvent(GROUP_ID, CONNECTION, "Eng"))
                    .when(new DeleteGroupCommand(GROUP_ID, CONNECTION, 1L))
                    .expectException(VersionMismatchException.class)
                    .expectNoEvents();
        }

        static Stream<Object> everyCommand() {
            return Stream.of(
                    new ReplaceGroupCommand(GROUP_ID, CONNECTION, NAME, EXTERNAL_ID, List.of("u1", "u2"), null),
                    new PatchGroupCommand(
                            GROUP_ID, CONNECTION, List.of(new PatchOperation("Replace", "displayName", "Eng")), null),
                    new DeleteGroupCommand(GROUP_ID, CONNECTION, null));
        }

        @ParameterizedTest
        @MethodSource("everyCommand")
        void afterDeleteTheGroupIsUnknownToEveryCommand(Object command) {
            givenEngineering(new GroupDeletedEvent(GROUP_ID, CONNECTION))
                    .when(command)
                    .expectException(UnknownGroupException.class)
                    .expectNoEvents();
        }
    }

    @Nested
    class OtherConnection {

        static Stream<Object> everyCommand() {
            return Stream.of(
                    new ReplaceGroupCommand(GROUP_ID, OTHER_CONNECTION, NAME, EXTERNAL_ID, List.of("x1"), null),
                    new PatchGroupCommand(
                            GROUP_ID,
                            OTHER_CONNECTION,
                            List.of(new PatchOperation("Replace", "displayName", "Eng")),
                            null),
                    new DeleteGroupCommand(GROUP_ID, OTHER_CONNECTION, null));
        }

        @ParameterizedTest
        @MethodSource("everyCommand")
        void anotherConnectionsGroupDoesNotExist(Object command) {
            givenEngineering()
                    .when(command)
                    .expectException(UnknownGroupException.class)
                    .expectNoEvents();
        }
    }

    /** The live users of each connection. */
    static final class InMemoryMemberDirectory implements GroupMemberDirectory {
        private final Map<String, Set<String>> users = new HashMap<>();

        InMemoryMemberDirectory with(String connectionId, String... userIds) {
            users.computeIfAbsent(connectionId, c -> new HashSet<>()).addAll(List.of(userIds));
            return this;
        }

        @Override
        public List<String> unknownUsers(String connectionId, Collection<String> userIds) {
            Set<String> known = users.getOrDefault(connectionId, Set.of());
            return userIds.stream().filter(id -> !known.contains(id)).toList();
        }
    }
}
