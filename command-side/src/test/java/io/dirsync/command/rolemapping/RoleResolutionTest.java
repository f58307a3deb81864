package io.dirsync.command.rolemapping;

import io.dirsync.api.rolemapping.RoleMapping;
import io.dirsync.api.rolemapping.RoleSource;
import io.dirsync.command.rolemapping.RoleResolution.Assignment;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.Arguments;
import org.junit.jupiter.params.provider.MethodSource;

import java.util.List;
import java.util.Set;
import java.util.stream.Stream;

import static org.assertj.core.api.Assertions.assertThat;
import static org.junit.jupiter.params.provider.Arguments.arguments;

class RoleResolutionTest {
    private static final String DEFAULT_ROLE = "member";
    private static final Set<String> ROLES = Set.of("admin", "member", "viewer", "billing");

    private static final RoleMapping ENG_ADMIN = new RoleMapping("g-eng", "admin");
    private static final RoleMapping SALES_VIEWER = new RoleMapping("g-sales", "viewer");
    private static final RoleMapping FIN_BILLING = new RoleMapping("g-fin", "billing");
    private static final RoleMapping OPS_GONE = new RoleMapping("g-ops", "deleted-role");
    private static final List<RoleMapping> MAPPINGS = List.of(ENG_ADMIN, SALES_VIEWER, FIN_BILLING);

    private static Assignment mapped(String role, String groupId) {
        return new Assignment(role, RoleSource.MAPPING, groupId);
    }

    private static Assignment manual(String role) {
        return new Assignment(role, RoleSource.MANUAL, null);
    }

    private static final Assignment DEFAULT = new Assignment(DEFAULT_ROLE, RoleSource.DEFAULT, null);
    private static final Assignment NO_ROLE = new Assignment(null, RoleSource.NONE, null);

    /** name, active, mappings, the user's groups, what the member holds now, what it should hold. */
    static Stream<Arguments> cases() {
        return Stream.of(
                // precedence: the first mapping in list order whose group the user is in
                arguments("one mapped group", true, MAPPINGS, Set.of("g-sales"), null, mapped("viewer", "g-sales")),
                arguments(
                        "two mapped groups: the earlier mapping wins",
                        true,
                        MAPPINGS,
                        Set.of("g-sales", "g-eng"),
                        null,
                        mapped("admin", "g-eng")),
                arguments(
                        "three mapped groups: the first wins",
                        true,
                        MAPPINGS,
                        Set.of("g-fin", "g-sales", "g-eng"),
                        DEFAULT,
                        mapped("admin", "g-eng")),
                arguments(
                        "reordered list: the new first wins",
                        true,
                        List.of(FIN_BILLING, SALES_VIEWER, ENG_ADMIN),
                        Set.of("g-sales", "g-eng"),
                        mapped("admin", "g-eng"),
                        mapped("viewer", "g-sales")),
                arguments(
                        "unmapped groups do not count",
                        true,
                        MAPPINGS,
                        Set.of("g-unmapped", "g-fin"),
                        null,
                        mapped("billing", "g-fin")),
                arguments(
                        "two groups mapping the same role: the earlier group is named",
                        true,
                        List.of(new RoleMapping("g-a", "admin"), new RoleMapping("g-b", "admin")),
                        Set.of("g-b", "g-a"),
                        null,
                        mapped("admin", "g-a")),
                // a mapping to a role the organization no longer has is skipped
                arguments(
                        "deleted role skipped for the next mapping",
                        true,
                        List.of(OPS_GONE, SALES_VIEWER),
                        Set.of("g-ops", "g-sales"),
                        null,
                        mapped("viewer", "g-sales")),
                arguments(
                        "only a deleted role's mapping applies: default",
                        true,
                        List.of(OPS_GONE, SALES_VIEWER),
                        Set.of("g-ops"),
                        mapped("deleted-role", "g-ops"),
                        DEFAULT),
                arguments(
                        "only a deleted role's mapping applies: manual kept",
                        true,
                        List.of(OPS_GONE),
                        Set.of("g-ops"),
                        manual("viewer"),
                        manual("viewer")),
                // a manual role stays only while no mapping applies and the role still exists
                arguments(
                        "manual kept without mapped group",
                        true,
                        MAPPINGS,
                        Set.of("g-unmapped"),
                        manual("viewer"),
                        manual("viewer")),
                arguments(
                        "manual kept with no mappings at all",
                        true,
                        List.of(),
                        Set.of(),
                        manual("admin"),
                        manual("admin")),
                arguments(
                        "a mapping overrides a manual role",
                        true,
                        MAPPINGS,
                        Set.of("g-fin"),
                        manual("viewer"),
                        mapped("billing", "g-fin")),
                arguments("manual role deleted: default", true, MAPPINGS, Set.of(), manual("deleted-role"), DEFAULT),
                arguments(
                        "manual default role kept as manual",
                        true,
                        MAPPINGS,
                        Set.of(),
                        manual(DEFAULT_ROLE),
                        manual(DEFAULT_ROLE)),
                // without a mapped group and without a manual role: the default
                arguments("no groups: default", true, MAPPINGS, Set.of(), null, DEFAULT),
                arguments("no mappings: default", true, List.of(), Set.of("g-eng"), null, DEFAULT),
                arguments(
                        "left the mapped group: default, not the old mapped role",
                        true,
                        MAPPINGS,
                        Set.of(),
                        mapped("admin", "g-eng"),
                        DEFAULT),
                arguments("reactivated: default", true, MAPPINGS, Set.of(), NO_ROLE, DEFAULT),
                arguments(
                        "reactivated in a mapped group: mapped",
                        true,
                        MAPPINGS,
                        Set.of("g-eng"),
                        NO_ROLE,
                        mapped("admin", "g-eng")),
                arguments("already default stays default", true, MAPPINGS, Set.of(), DEFAULT, DEFAULT),
                // inactive: no role, whatever else holds
                arguments(
                        "inactive in a mapped group",
                        false,
                        MAPPINGS,
                        Set.of("g-eng"),
                        mapped("admin", "g-eng"),
                        NO_ROLE),
                arguments("inactive with a manual role", false, MAPPINGS, Set.of(), manual("viewer"), NO_ROLE),
                arguments("inactive never resolved", false, List.of(), Set.of(), null, NO_ROLE),
                arguments("inactive stays without role", false, MAPPINGS, Set.of(), NO_ROLE, NO_ROLE));
    }

    @ParameterizedTest(name = "{0}")
    @MethodSource("cases")
    void resolves(
            String name,
            boolean active,
            List<RoleMapping> mappings,
            Set<String> groups,
            Assignment current,
            Assignment expected) {
        assertThat(RoleResolution.resolve(active, mappings, groups, current, DEFAULT_ROLE, ROLES))
                .isEqualTo(expected);
    }

    @ParameterizedTest(name = "{0}")
    @MethodSource("cases")
    void resolvingWhatItResolvedToChangesNothing(
            String name,
            boolean active,
            List<RoleMapping> mappings,
            Set<String> groups,
            Assignment current,
            Assignment expected) {
        Assignment once = RoleResolution.resolve(active, mappings, groups, current, DEFAULT_ROLE, ROLES);

        assertThat(RoleResolution.resolve(active, mappings, groups, once, DEFAULT_ROLE, ROLES))
                .isEqualTo(once);
    }
}
