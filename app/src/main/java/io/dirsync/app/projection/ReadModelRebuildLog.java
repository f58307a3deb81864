package io.dirsync.app.projection;

import org.springframework.dao.DuplicateKeyException;
import org.springframework.jdbc.core.JdbcTemplate;
import org.springframework.stereotype.Component;

import java.time.Duration;
import java.time.Instant;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.Optional;

/**
 * The last rebuild of each read model kept in the command's transaction ({@code read_model_rebuild}): which node runs
 * it, how far it got and how it ended, readable on every node; rebuilds in sets of streaming projections too. Its primary key lets one rebuild of a model run at a time.
 */
@Component
public class ReadModelRebuildLog {
    public static final String RUNNING = "running";
    public static final String DONE = "done";
    public static final String FAILED = "failed";
    /** A rebuild reports after every batch of aggregates; one silent this long was left by a node that stopped. */
    static final Duration ABANDONED_AFTER = Duration.ofMinutes(2);

    private final JdbcTemplate jdbc;

    ReadModelRebuildLog(JdbcTemplate jdbc) {
        this.jdbc = jdbc;
    }

    /** Records a new rebuild of {@code model} by {@code node}; false while another one of it is under way. */
    public boolean start(String model, String node, long now) {
        jdbc.update(
                "DELETE FROM read_model_rebuild WHERE model_name = ? AND (state <> ? OR updated_at < ?)",
                model,
                RUNNING,
                now - ABANDONED_AFTER.toMillis());
        try {
            jdbc.update(
                    "INSERT INTO read_model_rebuild (model_name, requested_by, requested_at, updated_at, state, rebuilt, total,"
                            + " failed) VALUES (?, ?, ?, ?, ?, 0, 0, 0)",
                    model,
                    node,
                    now,
                    now,
                    RUNNING);
            return true;
        } catch (DuplicateKeyException underWay) {
            return false;
        }
    }

    /** How far the rebuild that {@code node} started at {@code requestedAt} got. */
    public void progress(String model, String node, long requestedAt, long rebuilt, long total, long failed) {
        jdbc.update(
                "UPDATE read_model_rebuild SET rebuilt = ?, total = ?, failed = ?, updated_at = ?"
                        + " WHERE model_name = ? AND requested_by = ? AND requested_at = ?",
                rebuilt,
                total,
                failed,
                System.currentTimeMillis(),
                model,
                node,
                requestedAt);
    }

    public void finish(String model, String node, long requestedAt, String state, String error) {
        long now = System.currentTimeMillis();
        jdbc.update(
                "UPDATE read_model_rebuild SET state = ?, error = ?, updated_at = ?, finished_at = ?"
                        + " WHERE model_name = ? AND requested_by = ? AND requested_at = ?",
                state,
                error == null ? null : error.substring(0, Math.min(error.length(), 2048)),
                now,
                now,
                model,
                node,
                requestedAt);
    }

    /** The last rebuild of the model, for {@code GET /api/projections}; a silent running one shows as abandoned. */
    public Optional<Map<String, Object>> last(String model) {
        long silentSince = System.currentTimeMillis() - ABANDONED_AFTER.toMillis();
        return jdbc
                .query(
                        "SELECT requested_by, requested_at, state, finished_at, rebuilt, total, failed, error, updated_at"
                                + " FROM read_model_rebuild WHERE model_name = ?",
                        (row, i) -> {
                            Map<String, Object> view = new LinkedHashMap<>();
                            view.put("requestedBy", row.getString(1));
                            view.put(
                                    "requestedAt",
                                    Instant.ofEpochMilli(row.getLong(2)).toString());
                            String state = row.getString(3);
                            view.put(
                                    "state",
                                    RUNNING.equals(state) && row.getLong(9) < silentSince ? "abandoned" : state);
                            long finished = row.getLong(4);
                            view.put(
                                    "finishedAt",
                                    row.wasNull()
                                            ? null
                                            : Instant.ofEpochMilli(finished).toString());
                            view.put("rebuilt", row.getLong(5));
                            view.put("total", row.getLong(6));
                            view.put("failed", row.getLong(7));
                            view.put("error", row.getString(8));
                            return view;
                        },
                        model)
                .stream()
                .findFirst();
    }
}
