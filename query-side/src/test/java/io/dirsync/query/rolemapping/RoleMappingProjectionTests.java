package io.dirsync.query.rolemapping;

import io.dirsync.api.rolemapping.ListRoleMappingsQuery;
import io.dirsync.api.rolemapping.RoleMapping;
import io.dirsync.api.rolemapping.RoleMappingsReplacedEvent;
import io.dirsync.query.GivenEvents;
import io.dirsync.query.MigratedDatabase;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;

import java.time.Instant;
import java.util.List;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * Each connection's ordered role mappings: given replacements, then the last list, in its order. Rebuilding from the
 * events is {@code AggregateRebuildTests}' part; here, what a rebuild relies on (the head row, the dependent rows).
 */
abstract class RoleMappingProjectionTests {
    private RoleMappingProjection projection;
    private GivenEvents given;

    @RegisterExtension
    final MigratedDatabase database;

    /** @param database fresh for each test, on H2 or on PostgreSQL (the two subclasses) */
    RoleMappingProjectionTests(MigratedDatabase database) {
        this.database = database;
    }

    @BeforeEach
    void projection() {
        projection = new RoleMappingProjection(database.jdbc());
        given = new GivenEvents(projection, Instant.parse("2026-11-01T10:00:00Z"));
    }

    @Test
    void theLastReplacementIsTheListInItsOrder() {
        given.event(
                "c1",
                new RoleMappingsReplacedEvent(
                        "c1", List.of(new RoleMapping("g-1", "admin"), new RoleMapping("g-2", "member"))));
        given.event(
                "c1",
                new RoleMappingsReplacedEvent(
                        "c1",
                        List.of(
                                new RoleMapping("g-3", "viewer"),
                                new RoleMapping("g-2", "member"),
                                new RoleMapping("g-1", "admin"))));

        assertThat(projection.handle(new ListRoleMappingsQuery("c1")))
                .containsExactly(
                        new RoleMapping("g-3", "viewer"),
                        new RoleMapping("g-2", "member"),
                        new RoleMapping("g-1", "admin"));
    }

    @Test
    void oneGroupMayMapToSeveralRolesAndEachStaysInPlace() {
        given.event(
                "c1",
                new RoleMappingsReplacedEvent(
                        "c1", List.of(new RoleMapping("g-1", "admin"), new RoleMapping("g-1", "billing"))));

        assertThat(projection.handle(new ListRoleMappingsQuery("c1")))
                .containsExactly(new RoleMapping("g-1", "admin"), new RoleMapping("g-1", "billing"));
    }

    @Test
    void anEmptyReplacementClearsTheListButKeepsTheConnectionsHeadRow() {
        given.event("c1", new RoleMappingsReplacedEvent("c1", List.of(new RoleMapping("g-1", "admin"))));
        given.event("c1", new RoleMappingsReplacedEvent("c1", List.of()));

        assertThat(projection.handle(new ListRoleMappingsQuery("c1"))).isEmpty();
        assertThat(projection.lockMainRow("c1"))
                .as("the rebuild's lock is there")
                .isTrue();
    }

    @Test
    void connectionsKeepTheirOwnListsAndAnUnknownOneHasNone() {
        given.event("c1", new RoleMappingsReplacedEvent("c1", List.of(new RoleMapping("g-1", "admin"))));
        given.event("c2", new RoleMappingsReplacedEvent("c2", List.of(new RoleMapping("g-9", "member"))));
        given.event("c2", new RoleMappingsReplacedEvent("c2", List.of(new RoleMapping("g-8", "viewer"))));

        assertThat(projection.handle(new ListRoleMappingsQuery("c1"))).containsExactly(new RoleMapping("g-1", "admin"));
        assertThat(projection.handle(new ListRoleMappingsQuery("c2")))
                .containsExactly(new RoleMapping("g-8", "viewer"));
        assertThat(projection.handle(new ListRoleMappingsQuery("c3"))).isEmpty();
        assertThat(projection.lockMainRow("c3"))
                .as("no head row, nothing to lock")
                .isFalse();
    }

    @Test
    void aRebuildDeletesOnlyTheConnectionsOwnMappings() {
        given.event("c1", new RoleMappingsReplacedEvent("c1", List.of(new RoleMapping("g-1", "admin"))));
        given.event("c2", new RoleMappingsReplacedEvent("c2", List.of(new RoleMapping("g-9", "member"))));

        projection.deleteDependentRows("c1");

        assertThat(projection.handle(new ListRoleMappingsQuery("c1"))).isEmpty();
        assertThat(projection.handle(new ListRoleMappingsQuery("c2")))
                .containsExactly(new RoleMapping("g-9", "member"));
        assertThat(projection.lockMainRow("c1"))
                .as("the head row stays for the rebuild to lock")
                .isTrue();
    }

    @Test
    void theSameReplacementSeenTwiceGivesTheSameList() {
        var event = given.event(
                "c1",
                new RoleMappingsReplacedEvent(
                        "c1", List.of(new RoleMapping("g-1", "admin"), new RoleMapping("g-2", "member"))));
        given.again(event);

        assertThat(projection.handle(new ListRoleMappingsQuery("c1")))
                .containsExactly(new RoleMapping("g-1", "admin"), new RoleMapping("g-2", "member"));
    }
}
