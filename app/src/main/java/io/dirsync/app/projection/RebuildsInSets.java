package io.dirsync.app.projection;

import java.util.Map;
import java.util.Optional;

/**
 * Rebuilds of projections in sets, as the admin API asks for them: the streaming ones and the read models written in
 * the command's transaction; the work is in {@code io.dirsync.app.rebuild}, which reads the store as the event store's
 * wiring does.
 */
public interface RebuildsInSets {

    /** Whether {@code name} is a projection rebuilt in sets. */
    boolean rebuilds(String name);

    /** Starts rebuilding the projection in the background; false while a rebuild of it is under way on any node. */
    boolean request(String name);

    /**
     * The projection's last rebuild: state (running, done, failed, abandoned), events (aggregates, for a read model of
     * the command's transaction) applied of the total, error.
     */
    Optional<Map<String, Object>> last(String name);
}
