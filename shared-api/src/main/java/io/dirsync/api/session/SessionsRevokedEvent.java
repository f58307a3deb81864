package io.dirsync.api.session;

import org.axonframework.serialization.Revision;

import java.util.List;

/** Applied in the same unit of work as the deactivation or deletion that caused it: no window where a session outlives it. */
@Revision("1")
public record SessionsRevokedEvent(String userId, String connectionId, List<String> sessionIds) {
    public SessionsRevokedEvent {
        sessionIds = List.copyOf(sessionIds);
    }
}
