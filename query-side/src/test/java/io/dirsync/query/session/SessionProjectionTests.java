package io.dirsync.query.session;

import io.dirsync.api.session.FindSessionQuery;
import io.dirsync.api.session.ListUserSessionsQuery;
import io.dirsync.api.session.SessionStartedEvent;
import io.dirsync.api.session.SessionView;
import io.dirsync.api.session.SessionsRevokedEvent;
import io.dirsync.api.session.UnknownSessionException;
import io.dirsync.api.session.UserSession;
import io.dirsync.query.GivenEvents;
import io.dirsync.query.MigratedDatabase;
import io.dirsync.query.session.SessionProjection.SessionAdminReadController;
import org.assertj.core.api.ThrowableAssert.ThrowingCallable;
import org.axonframework.queryhandling.DefaultQueryGateway;
import org.axonframework.queryhandling.SimpleQueryBus;
import org.axonframework.queryhandling.annotation.AnnotationQueryHandlerAdapter;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;

import java.time.Instant;
import java.util.List;
import java.util.Map;
import java.util.stream.IntStream;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

/** Session status: given sessions started and revoked, then what a session lookup and a user's list answer. */
abstract class SessionProjectionTests {
    private static final Instant START = Instant.parse("2026-11-01T10:00:00Z");

    private SessionProjection projection;
    private GivenEvents given;

    @RegisterExtension
    final MigratedDatabase database;

    /** @param database fresh for each test, on H2 or on PostgreSQL (the two subclasses) */
    SessionProjectionTests(MigratedDatabase database) {
        this.database = database;
    }

    @BeforeEach
    void projection() {
        projection = new SessionProjection(database.jdbc());
        given = new GivenEvents(projection, START);
    }

    @Test
    void aStartedSessionIsActiveAndARevokedOneIsRevokedWithItsTime() {
        given.event("u1", new SessionStartedEvent("u1", "acme", "s1"));
        given.event("u1", new SessionStartedEvent("u1", "acme", "s2"));
        given.event("u1", new SessionsRevokedEvent("u1", "acme", List.of("s1")));

        assertThat(projection.handle(new FindSessionQuery("s1"))).contains(new SessionView("s1", "u1", "revoked"));
        assertThat(projection.handle(new FindSessionQuery("s2"))).contains(new SessionView("s2", "u1", "active"));
        assertThat(projection.handle(new ListUserSessionsQuery("u1")))
                .containsExactly(
                        new UserSession("s2", "active", START.plusSeconds(2), null),
                        new UserSession("s1", "revoked", START.plusSeconds(1), START.plusSeconds(3)));
    }

    @Test
    void aDeactivationRevokesEverySessionItNamesAndNoOtherUsers() {
        given.event("u1", new SessionStartedEvent("u1", "acme", "s1"));
        given.event("u1", new SessionStartedEvent("u1", "acme", "s2"));
        given.event("u2", new SessionStartedEvent("u2", "acme", "s3"));
        given.event("u1", new SessionsRevokedEvent("u1", "acme", List.of("s1", "s2")));

        assertThat(projection.handle(new ListUserSessionsQuery("u1")))
                .extracting(UserSession::status)
                .containsOnly("revoked");
        assertThat(projection.handle(new ListUserSessionsQuery("u2")))
                .extracting(UserSession::status)
                .containsExactly("active");
    }

    @Test
    void aUsersListShowsTheNewestHundredAndSessionsStartedTogetherBySessionId() {
        IntStream.range(0, 101)
                .forEach(i -> given.event("u1", new SessionStartedEvent("u1", "acme", String.format("s%03d", i))));
        List<UserSession> sessions = projection.handle(new ListUserSessionsQuery("u1"));
        assertThat(sessions).hasSize(100);
        assertThat(sessions.get(0).sessionId()).isEqualTo("s100");
        assertThat(sessions.get(99).sessionId()).as("the oldest is left out").isEqualTo("s001");

        database.jdbc()
                .update(
                        "UPDATE user_session SET started_at = ? WHERE session_id IN ('s050', 's049')",
                        java.sql.Timestamp.from(START.plusSeconds(1000)));
        assertThat(projection.handle(new ListUserSessionsQuery("u1")))
                .extracting(UserSession::sessionId)
                .startsWith("s049", "s050", "s100");
    }

    @Test
    void anUnknownSessionOrUserHasNothing() {
        given.event("u1", new SessionStartedEvent("u1", "acme", "s1"));

        assertThat(projection.handle(new FindSessionQuery("s9"))).isEmpty();
        assertThat(projection.handle(new ListUserSessionsQuery("u9"))).isEmpty();
    }

    @Test
    void everyEventWritesTheUsersHeadRowAndARebuildDeletesOnlyThatUsersSessions() {
        assertThat(projection.lockMainRow("u1")).isFalse();
        given.event("u1", new SessionStartedEvent("u1", "acme", "s1"));
        given.event("u2", new SessionStartedEvent("u2", "acme", "s2"));
        given.event("u1", new SessionsRevokedEvent("u1", "acme", List.of("s1")));
        assertThat(projection.lockMainRow("u1")).isTrue();

        projection.deleteDependentRows("u1");

        assertThat(projection.handle(new ListUserSessionsQuery("u1"))).isEmpty();
        assertThat(projection.handle(new FindSessionQuery("s2"))).contains(new SessionView("s2", "u2", "active"));
        assertThat(projection.lockMainRow("u1")).as("the head row stays").isTrue();
    }

    @Test
    void theAdminApiAnswersASessionThroughTheQueryBusAndAnUnknownOneIsNotFound() {
        SimpleQueryBus bus = SimpleQueryBus.builder().build();
        new AnnotationQueryHandlerAdapter<>(projection).subscribe(bus);
        SessionAdminReadController controller = new SessionAdminReadController(
                DefaultQueryGateway.builder().queryBus(bus).build());
        given.event("u1", new SessionStartedEvent("u1", "acme", "s1"));

        assertThat(controller.get("s1")).isEqualTo(Map.of("sessionId", "s1", "userId", "u1", "status", "active"));
        assertNotFound(() -> controller.get("s9"));
    }

    /** The one place that knows how a missing session fails. */
    private static void assertNotFound(ThrowingCallable call) {
        assertThatThrownBy(call).isInstanceOf(UnknownSessionException.class).hasMessageContaining("s9");
    }
}
