package io.dirsync.query.session;

import io.dirsync.api.session.FindSessionQuery;
import io.dirsync.api.session.ListUserSessionsQuery;
import io.dirsync.api.session.SessionStartedEvent;
import io.dirsync.api.session.SessionView;
import io.dirsync.api.session.SessionsRevokedEvent;
import io.dirsync.api.session.UnknownSessionException;
import io.dirsync.api.session.UserSession;
import io.dirsync.query.rebuild.HeadRow;
import io.dirsync.query.rebuild.RebuildableReadModel;
import io.dirsync.query.support.EventTimes;
import io.dirsync.query.support.Queries;
import org.axonframework.config.ProcessingGroup;
import org.axonframework.eventhandling.EventHandler;
import org.axonframework.eventhandling.Timestamp;
import org.axonframework.messaging.responsetypes.ResponseTypes;
import org.axonframework.queryhandling.QueryGateway;
import org.axonframework.queryhandling.QueryHandler;
import org.springframework.jdbc.core.JdbcTemplate;
import org.springframework.stereotype.Component;
import org.springframework.web.bind.annotation.GetMapping;
import org.springframework.web.bind.annotation.PathVariable;
import org.springframework.web.bind.annotation.RestController;

import java.time.Instant;
import java.util.List;
import java.util.Map;
import java.util.Optional;

/**
 * Session status, written in the transaction of the event (subscribing): once a deactivation is answered,
 * every session of the user reads "revoked", on any node. Rebuildable one user at a time: the user's row in
 * {@code user_session_head}, written first by both handlers, is the lock.
 */
@Component
@ProcessingGroup(SessionProjection.PROCESSING_GROUP)
public class SessionProjection implements RebuildableReadModel {
    public static final String PROCESSING_GROUP = "sessions";
    private final JdbcTemplate jdbc;
    private final HeadRow head;

    public SessionProjection(JdbcTemplate jdbc) {
        this.jdbc = jdbc;
        this.head = new HeadRow(jdbc, "user_session_head", "user_id");
    }

    @EventHandler
    void on(SessionStartedEvent event, @Timestamp Instant at) {
        head.write(event.userId());
        jdbc.update(
                "INSERT INTO user_session (session_id, user_id, status, started_at) VALUES (?, ?, 'active', ?)",
                event.sessionId(),
                event.userId(),
                EventTimes.stored(at));
    }

    @EventHandler
    void on(SessionsRevokedEvent event, @Timestamp Instant at) {
        head.write(event.userId());
        jdbc.batchUpdate(
                "UPDATE user_session SET status = 'revoked', revoked_at = ? WHERE session_id = ?",
                event.sessionIds().stream()
                        .map(id -> new Object[] {EventTimes.stored(at), id})
                        .toList());
    }

    @Override
    public String processingGroup() {
        return PROCESSING_GROUP;
    }

    @Override
    public Class<?> creatingEvent() {
        return SessionStartedEvent.class;
    }

    @Override
    public boolean lockMainRow(String userId) {
        return head.lock(userId);
    }

    @Override
    public void deleteDependentRows(String userId) {
        jdbc.update("DELETE FROM user_session WHERE user_id = ?", userId);
    }

    @QueryHandler
    public Optional<SessionView> handle(FindSessionQuery query) {
        return jdbc
                .query(
                        "SELECT session_id, user_id, status FROM user_session WHERE session_id = ?",
                        (rs, i) -> new SessionView(rs.getString(1), rs.getString(2), rs.getString(3)),
                        query.sessionId())
                .stream()
                .findFirst();
    }

    @QueryHandler
    public List<UserSession> handle(ListUserSessionsQuery query) {
        return jdbc.query(
                "SELECT session_id, status, started_at, revoked_at FROM user_session WHERE user_id = ?"
                        + " ORDER BY started_at DESC, session_id LIMIT 100",
                (rs, i) -> new UserSession(
                        rs.getString(1),
                        rs.getString(2),
                        rs.getTimestamp(3).toInstant(),
                        rs.getTimestamp(4) == null ? null : rs.getTimestamp(4).toInstant()),
                query.userId());
    }

    @RestController
    static class SessionAdminReadController {
        private final QueryGateway queries;

        SessionAdminReadController(QueryGateway queries) {
            this.queries = queries;
        }

        @GetMapping("/api/sessions/{sessionId}")
        public Map<String, String> get(@PathVariable String sessionId) {
            SessionView session = Queries.await(queries.query(
                            new FindSessionQuery(sessionId), ResponseTypes.optionalInstanceOf(SessionView.class)))
                    .orElseThrow(() -> new UnknownSessionException(sessionId));
            return Map.of("sessionId", session.sessionId(), "userId", session.userId(), "status", session.status());
        }
    }
}
