package io.dirsync.query.connection;

import io.dirsync.api.connection.ConnectionCreatedEvent;
import io.dirsync.api.connection.ConnectionOverview;
import io.dirsync.api.connection.ConnectionTokenRotatedEvent;
import io.dirsync.api.connection.FindConnectionQuery;
import io.dirsync.api.connection.ListConnectionsQuery;
import io.dirsync.api.connection.TokenDigest;
import io.dirsync.api.rolemapping.DirectorySyncDisabledEvent;
import io.dirsync.api.rolemapping.DirectorySyncEnabledEvent;
import io.dirsync.query.GivenEvents;
import io.dirsync.query.MigratedDatabase;
import org.axonframework.eventhandling.DomainEventMessage;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;

import java.time.Instant;

import static org.assertj.core.api.Assertions.assertThat;

/** The admin's list of connections: given a connection's events, then the overview the admin reads. */
abstract class ConnectionOverviewProjectionTests {
    private static final Instant START = Instant.parse("2026-11-01T10:00:00Z");

    private ConnectionOverviewProjection projection;
    private GivenEvents given;

    @RegisterExtension
    final MigratedDatabase database;

    /** @param database fresh for each test, on H2 or on PostgreSQL (the two subclasses) */
    ConnectionOverviewProjectionTests(MigratedDatabase database) {
        this.database = database;
    }

    @BeforeEach
    void projection() {
        projection = new ConnectionOverviewProjection(database.jdbc());
        given = new GivenEvents(projection, START);
    }

    @Test
    void aNewConnectionIsListedWithSyncOnAndNoRotation() {
        given.event("c1", created("c1", "Acme Okta", "org-a"));

        assertThat(projection.handle(new FindConnectionQuery("c1")))
                .contains(new ConnectionOverview("c1", "Acme Okta", "org-a", true, START.plusSeconds(1), null));
    }

    @Test
    void connectionsAreListedByNameIgnoringCaseThenById() {
        given.event("c3", created("c3", "beta Entra", null));
        given.event("c2", created("c2", "Acme Okta", "org-a"));
        given.event("c1", created("c1", "acme okta", "org-a"));

        assertThat(projection.handle(new ListConnectionsQuery()))
                .extracting(ConnectionOverview::id)
                .containsExactly("c1", "c2", "c3");
    }

    @Test
    void aRotationIsDatedAndTheSyncSwitchFollowsItsLastEvent() {
        given.event("c1", created("c1", "Acme Okta", "org-a"));
        given.event("c1", new ConnectionTokenRotatedEvent("c1", token("t2")));
        Instant rotated = given.now();
        given.event("c1", new DirectorySyncDisabledEvent("c1"));

        assertThat(projection.handle(new FindConnectionQuery("c1"))).hasValueSatisfying(connection -> {
            assertThat(connection.tokenRotatedAt()).isEqualTo(rotated);
            assertThat(connection.syncEnabled()).isFalse();
        });
        given.event("c1", new DirectorySyncEnabledEvent("c1"));
        assertThat(projection.handle(new FindConnectionQuery("c1")))
                .hasValueSatisfying(
                        connection -> assertThat(connection.syncEnabled()).isTrue());
    }

    @Test
    void eventsOfAnotherConnectionChangeNothingHere() {
        given.event("c1", created("c1", "Acme Okta", "org-a"));
        given.event("c2", new DirectorySyncDisabledEvent("c2"));
        given.event("c2", new ConnectionTokenRotatedEvent("c2", token("t2")));

        assertThat(projection.handle(new FindConnectionQuery("c1"))).hasValueSatisfying(connection -> {
            assertThat(connection.syncEnabled()).isTrue();
            assertThat(connection.tokenRotatedAt()).isNull();
        });
        assertThat(projection.handle(new FindConnectionQuery("c2")))
                .as("no row from events without a creation")
                .isEmpty();
    }

    @Test
    void anUnknownConnectionIsNotFoundAndNoConnectionsListNothing() {
        assertThat(projection.handle(new FindConnectionQuery("nope"))).isEmpty();
        assertThat(projection.handle(new ListConnectionsQuery())).isEmpty();
    }

    @Test
    void theCreationSeenAgainLeavesOneRow() {
        DomainEventMessage<?> creation = given.event("c1", created("c1", "Acme Okta", "org-a"));
        given.again(creation);

        assertThat(projection.handle(new ListConnectionsQuery()))
                .extracting(ConnectionOverview::id)
                .containsExactly("c1");
    }

    @Test
    void aReplayAfterTheResetRebuildsTheSameList() {
        DomainEventMessage<?> first = given.event("c1", created("c1", "Acme Okta", "org-a"));
        DomainEventMessage<?> rotation = given.event("c1", new ConnectionTokenRotatedEvent("c1", token("t2")));
        DomainEventMessage<?> disabled = given.event("c1", new DirectorySyncDisabledEvent("c1"));
        DomainEventMessage<?> second = given.event("c2", created("c2", "Beta Entra", null));
        var before = projection.handle(new ListConnectionsQuery());

        given.reset();
        assertThat(projection.handle(new ListConnectionsQuery()))
                .as("the reset empties the list")
                .isEmpty();
        for (DomainEventMessage<?> event : new DomainEventMessage<?>[] {first, rotation, disabled, second}) {
            given.again(event);
        }

        assertThat(projection.handle(new ListConnectionsQuery()))
                .isEqualTo(before)
                .hasSize(2);
    }

    private static ConnectionCreatedEvent created(String id, String name, String organizationId) {
        return new ConnectionCreatedEvent(id, name, organizationId, token("t1"));
    }

    private static TokenDigest token(String tokenId) {
        return new TokenDigest(tokenId, "0".repeat(64));
    }
}
