package io.dirsync.command.rolemapping;

import io.dirsync.api.group.GroupCreatedEvent;
import io.dirsync.api.group.GroupDeletedEvent;
import io.dirsync.api.group.GroupMembersAddedEvent;
import io.dirsync.api.group.GroupMembersRemovedEvent;
import io.dirsync.api.organization.AddRoleCommand;
import io.dirsync.api.organization.DeleteRoleCommand;
import io.dirsync.api.rolemapping.AssignMemberRoleCommand;
import io.dirsync.api.rolemapping.MembershipIds;
import io.dirsync.api.rolemapping.ReplaceRoleMappingsCommand;
import io.dirsync.api.rolemapping.ResolveMemberRoleCommand;
import io.dirsync.api.rolemapping.RoleMapping;
import io.dirsync.api.rolemapping.RoleSource;
import io.dirsync.api.rolemapping.SetDirectorySyncCommand;
import io.dirsync.api.user.UserDeactivatedEvent;
import io.dirsync.api.user.UserDeletedEvent;
import io.dirsync.api.user.UserProvisionedEvent;
import io.dirsync.api.user.UserReactivatedEvent;
import io.dirsync.api.user.UserReprovisionedEvent;
import io.dirsync.command.rolemapping.RoleResolution.Assignment;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestInfo;

import java.util.ArrayDeque;
import java.util.Deque;
import java.util.List;
import java.util.Random;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * The product rules and the known hard cases, each as one history through the real pieces
 * ({@link RoleResolutionHarness}), the process and resolver running to idle between steps unless a case
 * schedules them on purpose.
 */
class RoleResolutionScenarioTest {
    private static final String C1 = "c1";
    private static final RoleMapping ENG_ADMIN = new RoleMapping("g-eng", "admin");
    private static final RoleMapping SALES_VIEWER = new RoleMapping("g-sales", "viewer");
    private static final Assignment DEFAULT = new Assignment("member", RoleSource.DEFAULT, null);
    private static final Assignment NO_ROLE = new Assignment(null, RoleSource.NONE, null);

    private RoleResolutionHarness harness;

    @BeforeEach
    void setUp(TestInfo test) {
        harness = new RoleResolutionHarness("scenario-" + test.getDisplayName().replaceAll("\\W", ""), new Random(0))
                .withTwoOrganizations();
        harness.idp(new GroupCreatedEvent("g-eng", C1, "Engineering", null));
        harness.idp(new GroupCreatedEvent("g-sales", C1, "Sales", null));
    }

    @AfterEach
    void tearDown() {
        harness.close();
    }

    private static Assignment mapped(String role, String groupId) {
        return new Assignment(role, RoleSource.MAPPING, groupId);
    }

    private static Assignment manual(String role) {
        return new Assignment(role, RoleSource.MANUAL, null);
    }

    private void user(String userId, String... groups) {
        harness.idp(new UserProvisionedEvent(userId, C1, null, true));
        for (String group : groups) {
            harness.idp(new GroupMembersAddedEvent(group, C1, List.of(userId)));
        }
    }

    private Assignment settled(String userId) {
        harness.quiesce();
        assertThat(harness.problems()).as(harness::history).isEmpty();
        return harness.facts.assignment.get(userId);
    }

    @Test
    void theEarliestMappingWinsAndAReorderReResolves() {
        user("u1", "g-sales", "g-eng");
        user("u2");
        harness.admin(new ReplaceRoleMappingsCommand(C1, List.of(ENG_ADMIN, SALES_VIEWER)));
        assertThat(settled("u1")).isEqualTo(mapped("admin", "g-eng"));
        assertThat(settled("u2")).isEqualTo(DEFAULT);

        harness.admin(new ReplaceRoleMappingsCommand(C1, List.of(SALES_VIEWER, ENG_ADMIN)));
        assertThat(settled("u1")).isEqualTo(mapped("viewer", "g-sales"));
    }

    @Test
    void aDeletedRoleLeavesTheMappingsAndItsHoldersFallBackAndAddingItBackRestoresNothing() {
        user("u1", "g-eng");
        harness.admin(new ReplaceRoleMappingsCommand(C1, List.of(ENG_ADMIN)));
        assertThat(settled("u1")).isEqualTo(mapped("admin", "g-eng"));

        harness.admin(new DeleteRoleCommand("org-a", "admin"));
        assertThat(settled("u1")).isEqualTo(DEFAULT);
        assertThat(harness.facts.mappings.get(C1)).isEmpty();

        harness.admin(new AddRoleCommand("org-a", "admin"));
        assertThat(settled("u1")).isEqualTo(DEFAULT);

        harness.admin(new ReplaceRoleMappingsCommand(C1, List.of(ENG_ADMIN)));
        assertThat(settled("u1")).isEqualTo(mapped("admin", "g-eng"));
    }

    @Test
    void aManualRoleWithItsRoleDeletedFallsBackToTheDefault() {
        user("u1");
        settled("u1");
        harness.admin(new AssignMemberRoleCommand(MembershipIds.of("u1"), "u1", "org-a", "billing"));
        assertThat(settled("u1")).isEqualTo(manual("billing"));

        harness.admin(new DeleteRoleCommand("org-a", "billing"));
        assertThat(settled("u1")).isEqualTo(DEFAULT);
    }

    @Test
    void editsMadeWhileSyncIsOffGiveWayToMappingsWhenItIsBackOn() {
        user("u1", "g-eng");
        user("u2");
        harness.admin(new ReplaceRoleMappingsCommand(C1, List.of(ENG_ADMIN)));
        settled("u1");
        assertThat(harness.admin(new AssignMemberRoleCommand(MembershipIds.of("u1"), "u1", "org-a", "viewer")))
                .isFalse();

        harness.admin(new SetDirectorySyncCommand(C1, false));
        assertThat(harness.admin(new AssignMemberRoleCommand(MembershipIds.of("u1"), "u1", "org-a", "viewer")))
                .isTrue();
        assertThat(harness.admin(new AssignMemberRoleCommand(MembershipIds.of("u2"), "u2", "org-a", "billing")))
                .isTrue();
        assertThat(settled("u1")).isEqualTo(manual("viewer"));

        harness.admin(new SetDirectorySyncCommand(C1, true));
        assertThat(settled("u1")).isEqualTo(mapped("admin", "g-eng"));
        assertThat(settled("u2")).isEqualTo(manual("billing"));
    }

    @Test
    void aRoleDeletedWhileSyncIsOffIsResolvedAwayWhenItIsBackOn() {
        user("u1", "g-eng");
        harness.admin(new ReplaceRoleMappingsCommand(C1, List.of(ENG_ADMIN)));
        settled("u1");
        harness.admin(new SetDirectorySyncCommand(C1, false));
        harness.admin(new DeleteRoleCommand("org-a", "admin"));
        settled("u1");

        harness.admin(new SetDirectorySyncCommand(C1, true));
        assertThat(settled("u1")).isEqualTo(DEFAULT);
    }

    @Test
    void aDeletedGroupsMembersFallToTheirNextMappedGroupThenTheDefault() {
        user("u1", "g-eng", "g-sales");
        harness.admin(new ReplaceRoleMappingsCommand(C1, List.of(ENG_ADMIN, SALES_VIEWER)));
        assertThat(settled("u1")).isEqualTo(mapped("admin", "g-eng"));

        harness.idp(new GroupDeletedEvent("g-eng", C1));
        assertThat(settled("u1")).isEqualTo(mapped("viewer", "g-sales"));

        harness.idp(new GroupDeletedEvent("g-sales", C1));
        assertThat(settled("u1")).isEqualTo(DEFAULT);
    }

    /** The mapping list still names the deleted group; removing the deleted role from it must not fail on that. */
    @Test
    void aRoleDeletedWhileAnotherMappedGroupIsGoneIsStillUnmappedAndItsHoldersReResolved() {
        user("u1", "g-eng");
        harness.admin(new ReplaceRoleMappingsCommand(C1, List.of(SALES_VIEWER, ENG_ADMIN)));
        assertThat(settled("u1")).isEqualTo(mapped("admin", "g-eng"));
        harness.idp(new GroupDeletedEvent("g-sales", C1));
        settled("u1");

        harness.admin(new DeleteRoleCommand("org-a", "admin"));
        assertThat(settled("u1")).isEqualTo(DEFAULT);
        assertThat(harness.facts.mappings.get(C1)).containsExactly(SALES_VIEWER);

        harness.admin(new AddRoleCommand("org-a", "admin"));
        assertThat(settled("u1")).isEqualTo(DEFAULT);
    }

    /** The process follows the first deletion when the second is already in the catalog. */
    @Test
    void twoMappedRolesDeletedInQuickSuccessionAreBothUnmapped() {
        user("u1", "g-eng");
        user("u2", "g-sales");
        harness.admin(new ReplaceRoleMappingsCommand(C1, List.of(ENG_ADMIN, SALES_VIEWER)));
        settled("u1");

        harness.admin(new DeleteRoleCommand("org-a", "admin"));
        harness.admin(new DeleteRoleCommand("org-a", "viewer"));
        assertThat(settled("u1")).isEqualTo(DEFAULT);
        assertThat(settled("u2")).isEqualTo(DEFAULT);
        assertThat(harness.facts.mappings.get(C1)).isEmpty();

        harness.admin(new AddRoleCommand("org-a", "admin"));
        assertThat(settled("u1")).isEqualTo(DEFAULT);
    }

    /** The admin remaps the group of a deleted role before the process has followed the deletion. */
    @Test
    void anAdminsEditMadeRightAfterARoleDeletionStays() {
        user("u1", "g-eng");
        harness.admin(new ReplaceRoleMappingsCommand(C1, List.of(ENG_ADMIN, SALES_VIEWER)));
        settled("u1");

        harness.admin(new DeleteRoleCommand("org-a", "admin"));
        List<RoleMapping> edited = List.of(new RoleMapping("g-eng", "billing"), SALES_VIEWER);
        assertThat(harness.admin(new ReplaceRoleMappingsCommand(C1, edited))).isTrue();
        assertThat(settled("u1")).isEqualTo(mapped("billing", "g-eng"));
        assertThat(harness.facts.mappings.get(C1)).isEqualTo(edited);
    }

    @Test
    void aDeletedUserHoldsNoRoleAndGetsItBackWhenReprovisioned() {
        user("u1", "g-eng");
        harness.admin(new ReplaceRoleMappingsCommand(C1, List.of(ENG_ADMIN)));
        settled("u1");

        harness.idp(new UserDeletedEvent("u1", C1));
        assertThat(settled("u1")).isEqualTo(NO_ROLE);

        harness.idp(new UserReprovisionedEvent("u1", C1, null, true));
        assertThat(settled("u1")).isEqualTo(mapped("admin", "g-eng"));

        harness.idp(new UserDeletedEvent("u1", C1));
        harness.idp(new UserReprovisionedEvent("u1", C1, null, false));
        assertThat(settled("u1")).isEqualTo(NO_ROLE);
    }

    /**
     * The resolver decides from tables that follow the stream late, its own events included. Here the user is
     * deactivated while the resolver gives it the default, and reactivated while it takes the role away; its
     * last look then compares with the default it gave, not yet with the no-role that landed after it.
     */
    @Test
    void aResolutionThatLandsAfterTheFactsChangedBackIsLookedAtAgain() {
        user("u1");
        harness.followAll();
        Deque<Runnable> meanwhile = new ArrayDeque<>(List.of(
                () -> harness.idp(new UserDeactivatedEvent("u1", C1, "PATCH")),
                () -> harness.idp(new UserReactivatedEvent("u1", C1))));
        harness.beforeLanding = command -> {
            if (!meanwhile.isEmpty()) {
                meanwhile.poll().run();
                harness.followAll();
            }
        };
        harness.drain();

        assertThat(settled("u1")).isEqualTo(DEFAULT);
    }

    /** Two resolver nodes: a command computed before the user was reactivated lands after the newer one. */
    @Test
    void aStaleResolutionFromAnotherNodeIsLookedAtAgain() {
        harness.idp(new UserProvisionedEvent("u1", C1, null, false));
        harness.followAll();
        harness.landsLater = command -> command.role() == null;
        harness.drain();
        harness.landsLater = command -> false;
        harness.idp(new UserReactivatedEvent("u1", C1));
        harness.followAll();
        harness.drain();
        harness.landInFlight();

        assertThat(settled("u1")).isEqualTo(DEFAULT);
    }

    @Test
    void aMemberWhoLeftTheMappedGroupWhileBeingMappedEndsWithTheDefault() {
        user("u1");
        harness.admin(new ReplaceRoleMappingsCommand(C1, List.of(ENG_ADMIN)));
        assertThat(settled("u1")).isEqualTo(DEFAULT);
        harness.idp(new GroupMembersAddedEvent("g-eng", C1, List.of("u1")));
        harness.followAll();
        Deque<Runnable> meanwhile =
                new ArrayDeque<>(List.of(() -> harness.idp(new GroupMembersRemovedEvent("g-eng", C1, List.of("u1")))));
        harness.beforeLanding = (ResolveMemberRoleCommand command) -> {
            if (!meanwhile.isEmpty()) {
                meanwhile.poll().run();
                harness.followAll();
            }
        };
        harness.drain();

        assertThat(settled("u1")).isEqualTo(DEFAULT);
    }
}
