package io.dirsync.query.support;

import org.springframework.jdbc.core.JdbcTemplate;

import java.util.ArrayList;
import java.util.Collections;
import java.util.List;

/**
 * Inserts many rows with a few multi-row {@code INSERT ... VALUES (...), (...)} statements rather than one execution per
 * row: PostgreSQL plans and executes each row of a JDBC batch on its own, and a replay of a large store spent most of
 * its database time in those single-row inserts (docs/benchmarks/replay-rerun.md).
 */
public final class MultiRowInsert {
    /** Rows per statement: few statement shapes to prepare, well under the drivers' bound of 32,767 parameters. */
    private static final int ROWS_PER_STATEMENT = 256;

    private MultiRowInsert() {}

    /** Inserts {@code rows}, each holding one value per column of {@code columns} (comma-separated), into {@code table}. */
    public static void insert(JdbcTemplate jdbc, String table, String columns, List<Object[]> rows) {
        if (rows.isEmpty()) {
            return;
        }
        int width = columns.split(",").length;
        int perStatement = Math.max(1, Math.min(ROWS_PER_STATEMENT, 30_000 / width));
        String row = "(" + SqlLists.placeholders(width) + ")";
        for (int from = 0; from < rows.size(); from += perStatement) {
            List<Object[]> chunk = rows.subList(from, Math.min(rows.size(), from + perStatement));
            List<Object> values = new ArrayList<>(chunk.size() * width);
            for (Object[] one : chunk) {
                Collections.addAll(values, one);
            }
            jdbc.update(
                    "INSERT INTO " + table + " (" + columns + ") VALUES "
                            + String.join(", ", Collections.nCopies(chunk.size(), row)),
                    values.toArray());
        }
    }
}
