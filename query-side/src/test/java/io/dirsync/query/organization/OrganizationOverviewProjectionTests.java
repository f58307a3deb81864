package io.dirsync.query.organization;

import io.dirsync.api.organization.ListOrganizationsQuery;
import io.dirsync.api.organization.OrganizationCreatedEvent;
import io.dirsync.api.organization.OrganizationOverview;
import io.dirsync.api.organization.RoleAddedEvent;
import io.dirsync.api.organization.RoleDeletedEvent;
import io.dirsync.query.GivenEvents;
import io.dirsync.query.MigratedDatabase;
import org.axonframework.eventhandling.DomainEventMessage;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;

import java.time.Instant;
import java.util.List;

import static org.assertj.core.api.Assertions.assertThat;

/** Organizations and their roles for the admin's pickers: given an organization's events, then its overview. */
abstract class OrganizationOverviewProjectionTests {
    private OrganizationOverviewProjection projection;
    private GivenEvents given;

    @RegisterExtension
    final MigratedDatabase database;

    /** @param database fresh for each test, on H2 or on PostgreSQL (the two subclasses) */
    OrganizationOverviewProjectionTests(MigratedDatabase database) {
        this.database = database;
    }

    @BeforeEach
    void projection() {
        projection = new OrganizationOverviewProjection(database.jdbc());
        given = new GivenEvents(projection, Instant.parse("2026-11-01T10:00:00Z"));
    }

    @Test
    void anOrganizationListsItsRolesInTheOrderTheyWereDefined() {
        given.event("org-a", new OrganizationCreatedEvent("org-a", "Acme", List.of("member", "admin"), "member"));
        given.event("org-a", new RoleAddedEvent("org-a", "billing"));
        given.event("org-a", new RoleAddedEvent("org-a", "auditor"));

        assertThat(projection.handle(new ListOrganizationsQuery()))
                .containsExactly(new OrganizationOverview(
                        "org-a", "Acme", "member", List.of("member", "admin", "billing", "auditor")));
    }

    @Test
    void aDeletedRoleLeavesTheListAndComesBackLastWhenAddedAgain() {
        given.event(
                "org-a", new OrganizationCreatedEvent("org-a", "Acme", List.of("member", "admin", "viewer"), "member"));
        given.event("org-a", new RoleDeletedEvent("org-a", "admin"));
        assertThat(roles("org-a")).containsExactly("member", "viewer");

        given.event("org-a", new RoleAddedEvent("org-a", "admin"));
        assertThat(roles("org-a")).containsExactly("member", "viewer", "admin");
    }

    @Test
    void organizationsAreListedByNameIgnoringCaseThenById() {
        given.event("o3", new OrganizationCreatedEvent("o3", "beta", List.of("basic"), "basic"));
        given.event("o2", new OrganizationCreatedEvent("o2", "Acme", List.of("member"), "member"));
        given.event("o1", new OrganizationCreatedEvent("o1", "acme", List.of(), "member"));

        assertThat(projection.handle(new ListOrganizationsQuery()))
                .extracting(OrganizationOverview::id)
                .containsExactly("o1", "o2", "o3");
        assertThat(projection.handle(new ListOrganizationsQuery()).get(0).roles())
                .as("no roles, an empty list")
                .isEmpty();
    }

    @Test
    void roleEventsOfOneOrganizationLeaveTheOthersRolesAlone() {
        given.event("org-a", new OrganizationCreatedEvent("org-a", "Acme", List.of("member", "admin"), "member"));
        given.event("org-b", new OrganizationCreatedEvent("org-b", "Beta", List.of("member", "lead"), "member"));
        given.event("org-b", new RoleDeletedEvent("org-b", "member"));
        given.event("org-b", new RoleAddedEvent("org-b", "admin"));

        assertThat(roles("org-a")).containsExactly("member", "admin");
        assertThat(roles("org-b")).containsExactly("lead", "admin");
    }

    @Test
    void eventsSeenAgainLeaveOneRowPerOrganizationAndRole() {
        DomainEventMessage<?> created =
                given.event("org-a", new OrganizationCreatedEvent("org-a", "Acme", List.of("member"), "member"));
        DomainEventMessage<?> added = given.event("org-a", new RoleAddedEvent("org-a", "admin"));
        given.again(created);
        given.again(added);

        assertThat(projection.handle(new ListOrganizationsQuery()))
                .containsExactly(new OrganizationOverview("org-a", "Acme", "member", List.of("member", "admin")));
    }

    @Test
    void aReplayAfterTheResetRebuildsTheSameOverview() {
        List<DomainEventMessage<?>> events = List.of(
                given.event(
                        "org-a", new OrganizationCreatedEvent("org-a", "Acme", List.of("member", "admin"), "member")),
                given.event("org-b", new OrganizationCreatedEvent("org-b", "Beta", List.of("basic"), "basic")),
                given.event("org-a", new RoleDeletedEvent("org-a", "member")),
                given.event("org-a", new RoleAddedEvent("org-a", "member")));
        List<OrganizationOverview> before = projection.handle(new ListOrganizationsQuery());

        given.reset();
        assertThat(projection.handle(new ListOrganizationsQuery()))
                .as("the reset empties the view")
                .isEmpty();
        assertThat(database.jdbc().queryForObject("SELECT COUNT(*) FROM organization_overview_role", Integer.class))
                .isZero();
        events.forEach(given::again);

        assertThat(projection.handle(new ListOrganizationsQuery())).isEqualTo(before);
        assertThat(roles("org-a")).containsExactly("admin", "member");
    }

    private List<String> roles(String organizationId) {
        return projection.handle(new ListOrganizationsQuery()).stream()
                .filter(organization -> organization.id().equals(organizationId))
                .findFirst()
                .orElseThrow()
                .roles();
    }
}
