package io.dirsync.query.group;

import io.dirsync.api.group.FindScimGroupQuery;
import io.dirsync.api.group.FindUserGroupsQuery;
import io.dirsync.api.group.GroupCreatedEvent;
import io.dirsync.api.group.GroupDeletedEvent;
import io.dirsync.api.group.GroupExternalIdChangedEvent;
import io.dirsync.api.group.GroupMembersAddedEvent;
import io.dirsync.api.group.GroupMembersRemovedEvent;
import io.dirsync.api.group.GroupPage;
import io.dirsync.api.group.GroupRenamedEvent;
import io.dirsync.api.group.GroupState;
import io.dirsync.api.group.GroupSummary;
import io.dirsync.api.group.ListConnectionGroupsQuery;
import io.dirsync.api.group.ListScimGroupsQuery;
import io.dirsync.api.group.UserGroups;
import io.dirsync.api.user.EmailAddress;
import io.dirsync.api.user.UserDeletedEvent;
import io.dirsync.api.user.UserErasedEvent;
import io.dirsync.api.user.UserProfile;
import io.dirsync.api.user.UserProvisionedEvent;
import io.dirsync.query.GivenEvents;
import io.dirsync.query.MigratedDatabase;
import io.dirsync.query.user.ScimUserProjection;
import io.dirsync.scim.ScimException;
import io.dirsync.scim.ScimType;
import org.assertj.core.api.ThrowableAssert.ThrowingCallable;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;
import org.springframework.http.converter.json.Jackson2ObjectMapperBuilder;

import java.time.Instant;
import java.util.List;
import java.util.Map;
import java.util.stream.IntStream;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

/**
 * The SCIM read model of groups: given a group's events (and its members' users, from the user read model), then what
 * a SCIM GET, a filtered page, a user's {@code groups} and the admin's group list answer.
 */
abstract class ScimGroupProjectionTests {
    private static final Instant START = Instant.parse("2026-11-01T10:00:00Z");

    private ScimGroupProjection projection;
    private GivenEvents given;
    private GivenEvents users;

    @RegisterExtension
    final MigratedDatabase database;

    /** @param database fresh for each test, on H2 or on PostgreSQL (the two subclasses) */
    ScimGroupProjectionTests(MigratedDatabase database) {
        this.database = database;
    }

    @BeforeEach
    void projection() {
        projection = new ScimGroupProjection(database.jdbc());
        given = new GivenEvents(projection, START);
        users = new GivenEvents(
                new ScimUserProjection(
                        database.jdbc(), Jackson2ObjectMapperBuilder.json().build()),
                START);
    }

    @Test
    void aGroupCarriesItsVersionTimesAndMembersInJoiningOrderWithTheirNames() {
        user("u1", "Ada Lovelace");
        user("u2", null);
        user("u0", "Grace Hopper");
        given.event("g1", new GroupCreatedEvent("g1", "acme", "Admins", "ext-1"));
        given.event("g1", new GroupMembersAddedEvent("g1", "acme", List.of("u2", "u1")));
        given.event("g1", new GroupMembersAddedEvent("g1", "acme", List.of("u0")));
        given.event("g1", new GroupRenamedEvent("g1", "acme", "Owners"));

        assertThat(find("g1", true))
                .contains(new GroupState(
                        "g1",
                        "acme",
                        "Owners",
                        "ext-1",
                        List.of("u1", "u2", "u0"),
                        Map.of("u1", "Ada Lovelace", "u2", "u2@example.com", "u0", "Grace Hopper"),
                        3,
                        START.plusSeconds(1),
                        START.plusSeconds(4)));
        assertThat(find("g1", false)).hasValueSatisfying(group -> {
            assertThat(group.memberIds()).as("members not read").isEmpty();
            assertThat(group.version()).isEqualTo(3);
        });
    }

    @Test
    void removedMembersAndDeletedUsersLeaveTheMemberList() {
        user("u1", "Ada");
        user("u2", "Grace");
        user("u3", "Linus");
        given.event("g1", new GroupCreatedEvent("g1", "acme", "Admins", null));
        given.event("g1", new GroupMembersAddedEvent("g1", "acme", List.of("u1", "u2", "u3")));
        given.event("g1", new GroupMembersRemovedEvent("g1", "acme", List.of("u2")));
        users.event("u3", new UserDeletedEvent("u3", "acme"));

        assertThat(find("g1", true))
                .hasValueSatisfying(group -> assertThat(group.memberIds()).containsExactly("u1"));
        assertThat(projection.handle(new ListConnectionGroupsQuery("acme")))
                .as("the deleted user's membership is kept for when the IdP pushes it again")
                .containsExactly(new GroupSummary("g1", "Admins", 2));
    }

    /** An erasing DELETE deletes the user's row too: the user is as deleted as one whose row says so. */
    @Test
    void anErasedUserLeavesTheMemberListAsADeletedOneDoes() {
        user("u1", "Ada");
        user("u2", "Grace");
        given.event("g1", new GroupCreatedEvent("g1", "acme", "Admins", null));
        given.event("g1", new GroupMembersAddedEvent("g1", "acme", List.of("u1", "u2")));
        users.event("u2", new UserDeletedEvent("u2", "acme"));
        users.event("u2", new UserErasedEvent("u2", "acme"));

        assertThat(find("g1", true)).hasValueSatisfying(group -> {
            assertThat(group.memberIds()).containsExactly("u1");
            assertThat(group.memberNames()).containsExactly(Map.entry("u1", "Ada"));
        });
        assertThat(list("members[value eq \"u1\"]", 1, 10).groups())
                .singleElement()
                .satisfies(group -> assertThat(group.memberIds()).containsExactly("u1"));
    }

    @Test
    void aChangedExternalIdIsReadAndClearedExternalIdIsNull() {
        given.event("g1", new GroupCreatedEvent("g1", "acme", "Admins", "ext-1"));
        given.event("g1", new GroupExternalIdChangedEvent("g1", "acme", "ext-2"));
        assertThat(find("g1", false))
                .hasValueSatisfying(group -> assertThat(group.externalId()).isEqualTo("ext-2"));

        given.event("g1", new GroupExternalIdChangedEvent("g1", "acme", null));
        assertThat(find("g1", false)).hasValueSatisfying(group -> {
            assertThat(group.externalId()).isNull();
            assertThat(group.version()).isEqualTo(2);
            assertThat(group.lastModified()).isEqualTo(given.now());
        });
    }

    @Test
    void aDeletedGroupIsFoundByNoQueryAndLosesItsMembers() {
        given.event("g1", new GroupCreatedEvent("g1", "acme", "Admins", null));
        given.event("g1", new GroupMembersAddedEvent("g1", "acme", List.of("u1")));
        given.event("g2", new GroupCreatedEvent("g2", "acme", "Readers", null));
        given.event("g2", new GroupMembersAddedEvent("g2", "acme", List.of("u1")));
        given.event("g1", new GroupDeletedEvent("g1", "acme"));

        assertThat(find("g1", true)).isEmpty();
        assertThat(list(null, 1, 10).groups()).extracting(GroupState::groupId).containsExactly("g2");
        assertThat(projection
                        .handle(new FindUserGroupsQuery("acme", List.of("u1")))
                        .of("u1"))
                .containsExactly(new UserGroups.Group("g2", "Readers"));
        assertThat(projection.handle(new ListConnectionGroupsQuery("acme")))
                .extracting(GroupSummary::id)
                .containsExactly("g2");
        assertThat(database.jdbc()
                        .queryForObject("SELECT COUNT(*) FROM scim_group_member WHERE group_id = 'g1'", Integer.class))
                .isZero();
    }

    @Test
    void aGroupIsFoundOnlyInItsOwnConnection() {
        given.event("g1", new GroupCreatedEvent("g1", "acme", "Admins", null));

        assertThat(projection.handle(new FindScimGroupQuery("other", "g1", true)))
                .isEmpty();
        assertThat(find("nope", true)).isEmpty();
        assertThat(projection
                        .handle(new ListScimGroupsQuery("other", null, 1, 10, true))
                        .groups())
                .isEmpty();
    }

    @Test
    void pagesFollowCreationOrderAndCountEveryMatch() {
        IntStream.rangeClosed(1, 5)
                .forEach(i -> given.event("g" + i, new GroupCreatedEvent("g" + i, "acme", "Team " + i, null)));

        GroupPage second = list(null, 3, 2);
        assertThat(second.totalResults()).isEqualTo(5);
        assertThat(second.groups()).extracting(GroupState::groupId).containsExactly("g3", "g4");
        assertThat(list(null, 5, 2).groups()).extracting(GroupState::groupId).containsExactly("g5");
        assertThat(list(null, 9, 2)).isEqualTo(new GroupPage(5, List.of()));
        assertThat(list(null, 1, 0)).as("count 0 answers the total alone").isEqualTo(new GroupPage(5, List.of()));
    }

    @Test
    void filtersOnDisplayNameIgnoreCaseAndFiltersOnMembersAndExternalIdMatchExactly() {
        given.event("g1", new GroupCreatedEvent("g1", "acme", "Admins", "EXT-1"));
        given.event("g2", new GroupCreatedEvent("g2", "acme", "Readers", "ext-2"));
        given.event("g2", new GroupMembersAddedEvent("g2", "acme", List.of("u7")));
        given.event("g3", new GroupCreatedEvent("g3", "other", "admins", null));

        assertThat(ids(list("displayName eq \"ADMINS\"", 1, 10))).containsExactly("g1");
        assertThat(ids(list("members[value eq \"u7\"]", 1, 10))).containsExactly("g2");
        assertThat(ids(list("externalId eq \"ext-1\"", 1, 10))).isEmpty();
        assertThat(ids(list("externalId eq \"EXT-1\" or displayName sw \"read\"", 1, 10)))
                .containsExactly("g1", "g2");
        assertThat(list("displayName eq \"Admins\"", 1, 10).totalResults()).isOne();
    }

    @Test
    void aFilterOnAnAttributeGroupsDoNotHaveIsAnInvalidFilter() {
        given.event("g1", new GroupCreatedEvent("g1", "acme", "Admins", null));

        assertInvalidFilter(() -> list("userName eq \"ada\"", 1, 10));
    }

    @Test
    void aUsersGroupsAreOrderedByNameIgnoringCaseAndLongListsOfUsersAreAnswered() {
        given.event("g1", new GroupCreatedEvent("g1", "acme", "readers", null));
        given.event("g2", new GroupCreatedEvent("g2", "acme", "Admins", null));
        given.event("g3", new GroupCreatedEvent("g3", "other", "Elsewhere", null));
        List<String> many = IntStream.range(0, 1200).mapToObj(i -> "u" + i).toList();
        given.event("g1", new GroupMembersAddedEvent("g1", "acme", many));
        given.event("g2", new GroupMembersAddedEvent("g2", "acme", List.of("u1", "u1199")));
        given.event("g3", new GroupMembersAddedEvent("g3", "other", List.of("u1")));

        UserGroups groups = projection.handle(new FindUserGroupsQuery("acme", many));

        assertThat(groups.byUserId()).hasSize(1200);
        assertThat(groups.of("u1"))
                .containsExactly(new UserGroups.Group("g2", "Admins"), new UserGroups.Group("g1", "readers"));
        assertThat(groups.of("u1199")).extracting(UserGroups.Group::groupId).containsExactly("g2", "g1");
        assertThat(groups.of("u600")).extracting(UserGroups.Group::groupId).containsExactly("g1");
        assertThat(projection
                        .handle(new FindUserGroupsQuery("acme", List.of("nobody")))
                        .byUserId())
                .isEmpty();
    }

    @Test
    void theAdminsGroupListHasMemberCountsByNameIgnoringCase() {
        given.event("g1", new GroupCreatedEvent("g1", "acme", "readers", null));
        given.event("g2", new GroupCreatedEvent("g2", "acme", "Admins", null));
        given.event("g1", new GroupMembersAddedEvent("g1", "acme", List.of("u1", "u2", "u3")));
        given.event("g1", new GroupMembersRemovedEvent("g1", "acme", List.of("u1", "u3")));

        assertThat(projection.handle(new ListConnectionGroupsQuery("acme")))
                .containsExactly(new GroupSummary("g2", "Admins", 0), new GroupSummary("g1", "readers", 1));
        assertThat(projection.handle(new ListConnectionGroupsQuery("other"))).isEmpty();
    }

    /** A rebuild deletes the members first, then applies the events from the creation, which overwrites the row. */
    @Test
    void theCreationAppliedToAnExistingRowStartsTheGroupAfresh() {
        user("u1", "Ada");
        var created = given.event("g1", new GroupCreatedEvent("g1", "acme", "Admins", null));
        var added = given.event("g1", new GroupMembersAddedEvent("g1", "acme", List.of("u1")));
        given.event("g1", new GroupRenamedEvent("g1", "acme", "Owners"));
        given.event("g1", new GroupDeletedEvent("g1", "acme"));
        assertThat(projection.lockMainRow("g1")).isTrue();

        projection.deleteDependentRows("g1");
        given.again(created);
        given.again(added);

        assertThat(find("g1", true))
                .contains(new GroupState(
                        "g1",
                        "acme",
                        "Admins",
                        null,
                        List.of("u1"),
                        Map.of("u1", "Ada"),
                        1,
                        START.plusSeconds(1),
                        START.plusSeconds(2)));
        assertThat(projection.handle(new ListConnectionGroupsQuery("acme")))
                .containsExactly(new GroupSummary("g1", "Admins", 1));
        assertThat(projection.lockMainRow("nope")).isFalse();
    }

    private void user(String userId, String displayName) {
        String email = userId + "@example.com";
        users.event(
                userId,
                new UserProvisionedEvent(
                        userId,
                        "acme",
                        new UserProfile(
                                email,
                                null,
                                null,
                                displayName,
                                List.of(new EmailAddress(email, "work", true)),
                                null,
                                Map.of()),
                        true));
    }

    private java.util.Optional<GroupState> find(String groupId, boolean withMembers) {
        return projection.handle(new FindScimGroupQuery("acme", groupId, withMembers));
    }

    private GroupPage list(String filter, int startIndex, int count) {
        return projection.handle(new ListScimGroupsQuery("acme", filter, startIndex, count, true));
    }

    private static List<String> ids(GroupPage page) {
        return page.groups().stream().map(GroupState::groupId).toList();
    }

    /** The one place that knows how an invalid filter fails. */
    private static void assertInvalidFilter(ThrowingCallable call) {
        assertThatThrownBy(call).isInstanceOfSatisfying(ScimException.class, e -> {
            assertThat(e.status()).isEqualTo(400);
            assertThat(e.scimType()).isEqualTo(ScimType.invalidFilter);
        });
    }
}
