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
import io.dirsync.api.rolemapping.SetDirectorySyncCommand;
import io.dirsync.api.user.UserDeactivatedEvent;
import io.dirsync.api.user.UserDeletedEvent;
import io.dirsync.api.user.UserProvisionedEvent;
import io.dirsync.api.user.UserReactivatedEvent;
import io.dirsync.api.user.UserReprovisionedEvent;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.MethodSource;

import java.util.ArrayList;
import java.util.Collections;
import java.util.List;
import java.util.Random;
import java.util.stream.LongStream;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * Convergence of role resolution, as a property over random histories, run through the real aggregates,
 * catalog, process and resolver ({@link RoleResolutionHarness}). Each seed generates a random interleaving of
 * IdP pushes (users provisioned, deactivated, reactivated, deleted, reprovisioned; groups created, deleted;
 * members added, removed), admin edits (mappings replaced or reordered, valid or not; roles deleted and added
 * back; sync toggled; roles assigned by hand), the process following the stream late, and resolver drains;
 * between the resolver reading a member's facts and its command landing, the world moves on, often with a
 * change that undoes the member's last one. Once idle, every member of a linked connection with sync on must
 * hold what {@link RoleResolution} gives from the facts as the events state them, computed fresh.
 *
 * <p>Replay one seed: {@code ./mvnw -B -o test -pl shared-api,scim-core,command-side -am
 * -Dtest=RoleConvergencePropertyTest -Droles.seed=N -Dsurefire.failIfNoSpecifiedTests=false}; longer histories
 * with {@code -Droles.changes=N} (80 by default), more of them with {@code -Droles.seeds=N} (200).
 */
class RoleConvergencePropertyTest {
    private static final int SEEDS = Integer.getInteger("roles.seeds", 200);
    private static final int CHANGES = Integer.getInteger("roles.changes", 80);

    static LongStream seeds() {
        String one = System.getProperty("roles.seed");
        return one != null ? LongStream.of(Long.parseLong(one)) : LongStream.rangeClosed(1, SEEDS);
    }

    /** One resolver: its commands land one after the other, while the world and the process move on. */
    @ParameterizedTest(name = "seed {0}")
    @MethodSource("seeds")
    void oneResolverNode(long seed) {
        new Run(seed, false).check();
    }

    /** Every node runs the scheduled resolver: a command computed earlier may land after a newer one. */
    @ParameterizedTest(name = "seed {0}")
    @MethodSource("seeds")
    void twoResolverNodes(long seed) {
        new Run(seed, true).check();
    }

    private static final class Run {
        private final long seed;
        private final boolean twoNodes;
        private final Random random;
        private final PublishedFacts facts;
        private final RoleResolutionHarness harness;
        private int userCount;
        private int groupCount;

        Run(long seed, boolean twoNodes) {
            this.seed = seed;
            this.twoNodes = twoNodes;
            this.random = new Random(seed);
            this.harness = new RoleResolutionHarness("roles-" + seed + "-" + twoNodes, random);
            this.facts = harness.facts;
        }

        void check() {
            try (harness) {
                harness.withTwoOrganizations();
                harness.beforeLanding = this::meanwhile;
                harness.landsLater = command -> twoNodes && random.nextInt(3) == 0;
                for (int i = 0; i < CHANGES; i++) {
                    step();
                }
                harness.quiesce();
                assertThat(harness.problems())
                        .as(() -> "seed " + seed + (twoNodes ? ", two resolver nodes" : ", one resolver node")
                                + " (replay with -Droles.seed=" + seed + "); history:\n  " + harness.history())
                        .isEmpty();
            }
        }

        // ---- the scheduler

        private void step() {
            switch (random.nextInt(10)) {
                case 0, 1 -> harness.follow(1 + random.nextInt(6));
                case 2 -> harness.drain();
                case 3 -> harness.landInFlight();
                default -> change(null);
            }
        }

        /** The resolver read the member's facts and chose a command; before it lands, the world may move. */
        private void meanwhile(ResolveMemberRoleCommand command) {
            if (random.nextInt(3) == 0) {
                if (random.nextBoolean()) {
                    undoFor(command.userId());
                } else {
                    change(random.nextBoolean() ? command.userId() : null);
                }
            }
            if (random.nextInt(3) == 0) {
                harness.follow(random.nextBoolean() ? harness.unfollowed() : 1 + random.nextInt(4));
            }
        }

        // ---- the world changing: the IdP pushes, admins edit

        /** A random change; with a focus user, one that concerns that user where the kind of change allows. */
        private void change(String focus) {
            String connection =
                    focus != null ? facts.connectionOfUser.get(focus) : pick(List.of("c1", "c1", "c2", "c3", "c4"));
            List<String> users = focus != null ? List.of(focus) : facts.usersOf(connection);
            List<String> groups = facts.groupsOfConnection(connection, false);
            switch (random.nextInt(16)) {
                case 0, 1 ->
                    idp(new UserProvisionedEvent(
                            String.format("u%03d-%d", random.nextInt(1000), userCount++),
                            connection,
                            null,
                            random.nextInt(5) > 0));
                case 2 -> userStatus(users, connection);
                case 3 ->
                    idp(new GroupCreatedEvent(
                            String.format("g%03d-%d", random.nextInt(1000), groupCount++), connection, "group", null));
                case 4, 5 -> addMembers(connection, users, groups);
                case 6 -> removeMembers(connection, users, groups);
                case 7 -> {
                    if (!groups.isEmpty()) {
                        idp(new GroupDeletedEvent(pick(groups), connection));
                    }
                }
                case 8, 9 -> replaceMappings(connection);
                case 10 -> reorderMappings(connection);
                case 11 -> deleteRole(connection);
                case 12 -> addRole(connection);
                case 13 -> admin(new SetDirectorySyncCommand(connection, !facts.syncEnabled.get(connection)));
                default -> assignByHand(users, connection);
            }
        }

        /**
         * The change most likely to fool a resolver working from stale facts: one that puts the member's facts
         * back where they were before the change it is being resolved for (left the group it just joined,
         * deactivated again, mapping withdrawn).
         */
        private void undoFor(String user) {
            String connection = facts.connectionOfUser.get(user);
            List<String> groups = facts.groupsOf(user).stream()
                    .filter(g -> !facts.deletedGroups.contains(g))
                    .sorted()
                    .toList();
            switch (random.nextInt(3)) {
                case 0 -> {
                    if (!groups.isEmpty()) {
                        idp(new GroupMembersRemovedEvent(pick(groups), connection, List.of(user)));
                    }
                }
                case 1 -> userStatus(List.of(user), connection);
                default ->
                    admin(new ReplaceRoleMappingsCommand(
                            connection,
                            facts.mappings.get(connection).stream()
                                    .filter(m -> !groups.contains(m.groupId()))
                                    .toList()));
            }
        }

        private void userStatus(List<String> users, String connection) {
            if (users.isEmpty()) {
                return;
            }
            String user = pick(users);
            if (facts.deletedUsers.contains(user)) {
                idp(new UserReprovisionedEvent(user, connection, null, random.nextInt(4) > 0));
            } else if (random.nextInt(4) == 0) {
                idp(new UserDeletedEvent(user, connection));
            } else if (facts.active.get(user)) {
                idp(new UserDeactivatedEvent(user, connection, "PATCH"));
            } else {
                idp(new UserReactivatedEvent(user, connection));
            }
        }

        private void addMembers(String connection, List<String> users, List<String> groups) {
            if (groups.isEmpty()) {
                return;
            }
            String group = pick(groups);
            List<String> candidates = users.stream()
                    .filter(u -> !facts.deletedUsers.contains(u)
                            && !facts.members.get(group).contains(u))
                    .toList();
            List<String> added = sample(candidates, 1 + random.nextInt(3));
            if (!added.isEmpty()) {
                idp(new GroupMembersAddedEvent(group, connection, added));
            }
        }

        private void removeMembers(String connection, List<String> users, List<String> groups) {
            List<String> withMembers = groups.stream()
                    .filter(g -> users.stream().anyMatch(facts.members.get(g)::contains))
                    .toList();
            if (withMembers.isEmpty()) {
                return;
            }
            String group = pick(withMembers);
            List<String> removed = sample(
                    users.stream().filter(facts.members.get(group)::contains).toList(), 1 + random.nextInt(2));
            if (!removed.isEmpty()) {
                idp(new GroupMembersRemovedEvent(group, connection, removed));
            }
        }

        /** Mostly valid lists; now and then a deleted group or role, which the connection must refuse. */
        private void replaceMappings(String connection) {
            String organization = facts.organizationOf.get(connection);
            List<String> roles = organization == null
                    ? new ArrayList<>(List.of("member"))
                    : new ArrayList<>(facts.roles.get(organization));
            if (random.nextInt(8) == 0) {
                roles.add("billing");
            }
            List<String> groups = random.nextInt(8) == 0
                    ? facts.groupsOfConnection(connection, true)
                    : facts.groupsOfConnection(connection, false);
            List<RoleMapping> mappings = sample(groups, random.nextInt(4)).stream()
                    .map(group -> new RoleMapping(group, pick(roles)))
                    .toList();
            admin(new ReplaceRoleMappingsCommand(connection, mappings));
        }

        private void reorderMappings(String connection) {
            List<RoleMapping> mappings = new ArrayList<>(facts.mappings.get(connection));
            Collections.shuffle(mappings, random);
            admin(new ReplaceRoleMappingsCommand(connection, mappings));
        }

        private void deleteRole(String connection) {
            String organization = facts.organizationOf.get(connection);
            if (organization != null) {
                admin(new DeleteRoleCommand(organization, pick(new ArrayList<>(facts.roles.get(organization)))));
            }
        }

        /** Usually a role deleted before coming back. */
        private void addRole(String connection) {
            String organization = facts.organizationOf.get(connection);
            if (organization != null) {
                admin(new AddRoleCommand(
                        organization,
                        pick(
                                organization.equals("org-a")
                                        ? List.of("admin", "viewer", "billing", "auditor")
                                        : List.of("lead", "auditor"))));
            }
        }

        private void assignByHand(List<String> users, String connection) {
            String organization = facts.organizationOf.get(connection);
            if (users.isEmpty() || organization == null) {
                return;
            }
            String user = pick(users);
            List<String> roles = new ArrayList<>(facts.roles.get(organization));
            roles.add("billing");
            admin(new AssignMemberRoleCommand(MembershipIds.of(user), user, organization, pick(roles)));
        }

        private void idp(Object event) {
            harness.idp(event);
        }

        private void admin(Object command) {
            harness.admin(command);
        }

        private <T> T pick(List<T> from) {
            return from.get(random.nextInt(from.size()));
        }

        private <T> List<T> sample(List<T> from, int count) {
            List<T> shuffled = new ArrayList<>(from);
            Collections.shuffle(shuffled, random);
            return shuffled.subList(0, Math.min(count, shuffled.size()));
        }
    }
}
