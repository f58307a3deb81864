package io.dirsync.query.user;

import io.dirsync.query.rebuild.AggregateSetRebuild;
import io.dirsync.query.support.MultiRowInsert;
import io.dirsync.query.support.SqlLists;
import org.springframework.jdbc.core.JdbcTemplate;

import java.util.ArrayList;
import java.util.HashSet;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;

/**
 * The {@code scim_user} rows of a rebuild in sets, held back while its batch is applied: the creating handler puts a
 * user's row here, later handlers change it here instead of in the table, and the batch writes each row once with its
 * final values before it commits ({@link AggregateSetRebuild#ofThisBatch}). Rows found stored are overwritten in place,
 * one JDBC batch (a command waiting for a row's lock would skip a row deleted and inserted anew); missing ones go out
 * with multi-row inserts. Outside a rebuild in sets nothing is held and the handlers write at once.
 */
final class HeldUserRows {
    private final JdbcTemplate jdbc;
    private final String[] columns;
    private final String overwrite;

    /**
     * @param columns   the columns of a row as held, the last one {@code user_id}
     * @param overwrite the statement that overwrites a stored row with a held one's values, in that order
     */
    HeldUserRows(JdbcTemplate jdbc, String[] columns, String overwrite) {
        this.jdbc = jdbc;
        this.columns = columns.clone();
        this.overwrite = overwrite;
    }

    /** Holds the user's row when a rebuild in sets applies this event; false live, where the caller writes it. */
    boolean hold(String userId, Object[] row) {
        Map<String, Object[]> held = ofThisBatch();
        if (held == null) {
            return false;
        }
        held.put(userId, row);
        return true;
    }

    /** The user's held row, to change in place, or null when its handler must write the table. */
    Object[] held(String userId) {
        Map<String, Object[]> held = ofThisBatch();
        return held == null ? null : held.get(userId);
    }

    /** Forgets the user's held row (erased: nothing of it is written). */
    void drop(String userId) {
        Map<String, Object[]> held = ofThisBatch();
        if (held != null) {
            held.remove(userId);
        }
    }

    private Map<String, Object[]> ofThisBatch() {
        return AggregateSetRebuild.ofThisBatch(HeldUserRows.class.getName(), LinkedHashMap::new, this::write);
    }

    private void write(Map<String, Object[]> held) {
        if (held.isEmpty()) {
            return;
        }
        Set<String> stored = new HashSet<>(jdbc.queryForList(
                "SELECT user_id FROM scim_user WHERE user_id IN (" + SqlLists.placeholders(held.size()) + ")",
                String.class,
                held.keySet().toArray()));
        List<Object[]> overwrites = new ArrayList<>(stored.size());
        List<Object[]> inserts = new ArrayList<>(held.size() - stored.size());
        held.forEach((userId, row) -> (stored.contains(userId) ? overwrites : inserts).add(row));
        if (!overwrites.isEmpty()) {
            jdbc.batchUpdate(overwrite, overwrites);
        }
        MultiRowInsert.insert(jdbc, "scim_user", String.join(", ", columns), inserts);
    }
}
