package io.dirsync.query.rebuild;

import org.springframework.jdbc.core.JdbcTemplate;

import java.util.ArrayList;
import java.util.List;
import java.util.function.BiFunction;
import java.util.function.Function;

/**
 * A connection's ordered list of mappings as a rebuildable read model stores it: a {@link HeadRow} in
 * {@code <table>_head} (the lock), then one row a position in {@code <table>} with two value columns. Every change
 * replaces the whole list, which is how the role and the attribute mappings are saved.
 */
public final class ConnectionMappingRows {
    private final JdbcTemplate jdbc;
    private final HeadRow head;
    private final String table;
    private final String firstColumn;
    private final String secondColumn;

    public ConnectionMappingRows(JdbcTemplate jdbc, String table, String firstColumn, String secondColumn) {
        this.jdbc = jdbc;
        this.head = new HeadRow(jdbc, table + "_head", "connection_id");
        this.table = table;
        this.firstColumn = firstColumn;
        this.secondColumn = secondColumn;
    }

    /** Writes the head row first, then the list in its order. */
    public <T> void replace(
            String connectionId, List<T> mappings, Function<T, String> first, Function<T, String> second) {
        head.write(connectionId);
        delete(connectionId);
        List<Object[]> rows = new ArrayList<>(mappings.size());
        for (int i = 0; i < mappings.size(); i++) {
            T mapping = mappings.get(i);
            rows.add(new Object[] {connectionId, i, first.apply(mapping), second.apply(mapping)});
        }
        jdbc.batchUpdate(
                "INSERT INTO " + table + " (connection_id, position, " + firstColumn + ", " + secondColumn
                        + ") VALUES (?, ?, ?, ?)",
                rows);
    }

    /** See {@link RebuildableReadModel#lockMainRow}. */
    public boolean lock(String connectionId) {
        return head.lock(connectionId);
    }

    /** The list's rows, not the head row: see {@link RebuildableReadModel#deleteDependentRows}. */
    public void delete(String connectionId) {
        jdbc.update("DELETE FROM " + table + " WHERE connection_id = ?", connectionId);
    }

    public <T> List<T> list(String connectionId, BiFunction<String, String, T> mapping) {
        return jdbc.query(
                "SELECT " + firstColumn + ", " + secondColumn + " FROM " + table
                        + " WHERE connection_id = ? ORDER BY position",
                (rs, i) -> mapping.apply(rs.getString(1), rs.getString(2)),
                connectionId);
    }
}
