package io.dirsync.query.support;

import org.springframework.jdbc.core.JdbcTemplate;

import java.sql.Timestamp;
import java.util.ArrayList;
import java.util.List;
import java.util.function.BooleanSupplier;
import java.util.stream.Collectors;
import java.util.stream.IntStream;

/**
 * Updates of rows found by their key, a batch of them at once. On PostgreSQL one statement joins the batch's values,
 * bound as one text array per column and cast to the column's type, to the table ({@code UPDATE ... FROM UNNEST});
 * elsewhere a JDBC batch sends one update per row. A mapping reorder changes the role of every member of a connection,
 * and the views that follow it update one row per member: as single statements those were most of what PostgreSQL
 * spent following a reorder ({@code docs/benchmarks/role-reresolution.md}).
 * <p>
 * A batch must name each key once: PostgreSQL updates a row once per statement, whichever of its values it meets first.
 */
public final class KeyedUpdates {
    /** A column and its SQL type, which PostgreSQL casts the column's text values to. */
    public record Column(String name, String type) {
        public static Column text(String name) {
            return new Column(name, "text");
        }

        public static Column bigint(String name) {
            return new Column(name, "bigint");
        }

        public static Column timestamp(String name) {
            return new Column(name, "timestamptz");
        }
    }

    private final JdbcTemplate jdbc;
    private final int columns;
    private final String batched;
    private final String joined;
    private final BooleanSupplier postgres;

    /**
     * @param set the columns an update writes, in the order a row gives their values
     * @param key the columns that find a row, whose values follow the {@code set} ones in a row
     */
    public KeyedUpdates(JdbcTemplate jdbc, String table, List<Column> set, List<Column> key) {
        this.jdbc = jdbc;
        this.postgres = Databases.postgres(jdbc);
        this.columns = set.size() + key.size();
        this.batched = "UPDATE " + table + " SET "
                + set.stream().map(column -> column.name() + " = ?").collect(Collectors.joining(", "))
                + " WHERE " + key.stream().map(column -> column.name() + " = ?").collect(Collectors.joining(" AND "));
        List<Column> all = new ArrayList<>(set);
        all.addAll(key);
        this.joined = "UPDATE " + table + " t SET "
                + set.stream()
                        .map(column -> column.name() + " = v." + column.name() + "::" + column.type())
                        .collect(Collectors.joining(", "))
                + " FROM UNNEST(" + all.stream().map(column -> "?::text[]").collect(Collectors.joining(", "))
                + ") WITH ORDINALITY AS v("
                + all.stream().map(Column::name).collect(Collectors.joining(", ")) + ", row_number)"
                + " WHERE "
                + key.stream()
                        .map(column -> "t." + column.name() + " = v." + column.name() + "::" + column.type())
                        .collect(Collectors.joining(" AND "))
                + " RETURNING v.row_number";
    }

    /** Updates each row's values; answers, for each row in order, whether it found its row. */
    public boolean[] update(List<Object[]> rows) {
        boolean[] found = new boolean[rows.size()];
        if (rows.isEmpty()) {
            return found;
        }
        if (postgres.getAsBoolean()) {
            Object[] arrays = IntStream.range(0, columns)
                    .mapToObj(column ->
                            rows.stream().map(row -> text(row[column])).toArray(String[]::new))
                    .toArray();
            jdbc.query(
                    joined,
                    rs -> {
                        found[rs.getInt(1) - 1] = true;
                    },
                    arrays);
            return found;
        }
        int[] counts = jdbc.batchUpdate(batched, rows);
        for (int i = 0; i < counts.length; i++) {
            found[i] = counts[i] != 0;
        }
        return found;
    }

    /** A value as PostgreSQL reads it back in the column's type: a timestamp as its instant in ISO 8601, in UTC. */
    private static String text(Object value) {
        if (value == null) {
            return null;
        }
        if (value instanceof Timestamp timestamp) {
            return timestamp.toInstant().toString();
        }
        if (value instanceof Number || value instanceof CharSequence) {
            return value.toString();
        }
        throw new IllegalArgumentException(
                "No text form for a " + value.getClass().getName());
    }
}
