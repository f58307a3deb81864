package io.dirsync.app.rebuild;

import org.springframework.jdbc.core.JdbcTemplate;

import java.util.List;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * {@link ShadowTables} on PostgreSQL: the copies are tables of their own ({@code CREATE TABLE ... LIKE}), reached
 * through {@code search_path}, and the switch drops each live table and moves its copy into the live schema, so it
 * takes a moment whatever the size. Readers wait for that moment (the drop takes an exclusive lock) and then read the
 * new table.
 */
final class PostgresShadowTables implements ShadowTables {
    /** A switch that cannot lock a live table within this long fails rather than stall readers queued behind it. */
    private static final String LOCK_TIMEOUT = "10s";

    @Override
    public void create(JdbcTemplate jdbc, List<String> tables) {
        String live = liveSchema(jdbc);
        for (String table : tables) {
            jdbc.execute("DROP TABLE IF EXISTS " + SCHEMA + "." + table);
            jdbc.execute("CREATE TABLE " + SCHEMA + "." + table + " (LIKE " + live + "." + table
                    + " INCLUDING DEFAULTS INCLUDING CONSTRAINTS INCLUDING IDENTITY INCLUDING GENERATED)");
            copyIndexes(jdbc, live, table, true);
        }
    }

    @Override
    public void createIndexes(JdbcTemplate jdbc, List<String> tables) {
        String live = liveSchema(jdbc);
        for (String table : tables) {
            copyIndexes(jdbc, live, table, false);
            jdbc.execute("ANALYZE " + SCHEMA + "." + table);
        }
    }

    /** Unique keys (as constraints where the live table has constraints) or the other indexes, under their own names. */
    private static void copyIndexes(JdbcTemplate jdbc, String live, String table, boolean unique) {
        jdbc.query(
                "SELECT pg_get_indexdef(i.indexrelid), c.conname, pg_get_constraintdef(c.oid) FROM pg_index i"
                        + " LEFT JOIN pg_constraint c ON c.conindid = i.indexrelid AND c.conrelid = i.indrelid"
                        + " AND c.contype IN ('p', 'u') WHERE i.indrelid = to_regclass(?) AND i.indisunique = ?"
                        + " ORDER BY 1",
                row -> {
                    String constraint = row.getString(2);
                    jdbc.execute(
                            constraint != null
                                    ? "ALTER TABLE " + SCHEMA + "." + table + " ADD CONSTRAINT " + constraint + " "
                                            + row.getString(3)
                                    : onCopy(row.getString(1), live, table));
                },
                live + "." + table,
                unique);
    }

    /** {@code CREATE INDEX x ON public.t USING ...} made to create x on the copy of t. */
    static String onCopy(String indexDefinition, String live, String table) {
        Matcher on = Pattern.compile(
                        " ON (ONLY )?(\"?" + Pattern.quote(live) + "\"?\\.)?\"?" + Pattern.quote(table) + "\"? ")
                .matcher(indexDefinition);
        if (!on.find()) {
            throw new IllegalStateException("Cannot read the index definition " + indexDefinition);
        }
        return indexDefinition.substring(0, on.start()) + " ON " + SCHEMA + "." + table + " "
                + indexDefinition.substring(on.end());
    }

    @Override
    public void enter(JdbcTemplate jdbc) {
        String live = liveSchema(jdbc);
        jdbc.execute("SET LOCAL search_path TO " + SCHEMA + ", " + live);
        // a rebuild that a crash interrupts is started again from the first event: its commits need not wait for disk
        jdbc.execute("SET LOCAL synchronous_commit TO off");
    }

    @Override
    public void leave(JdbcTemplate jdbc) {
        // SET LOCAL ends with the transaction
    }

    @Override
    public void switchTo(JdbcTemplate jdbc, List<String> tables) {
        String live = liveSchema(jdbc);
        jdbc.execute("SET LOCAL lock_timeout TO '" + LOCK_TIMEOUT + "'");
        for (String table : tables) {
            jdbc.execute("DROP TABLE " + live + "." + table);
            jdbc.execute("ALTER TABLE " + SCHEMA + "." + table + " SET SCHEMA " + live);
        }
    }

    @Override
    public void drop(JdbcTemplate jdbc, List<String> tables) {
        for (String table : tables) {
            jdbc.execute("DROP TABLE IF EXISTS " + SCHEMA + "." + table);
        }
    }

    private static String liveSchema(JdbcTemplate jdbc) {
        String schema = jdbc.queryForObject("SELECT current_schema()", String.class);
        if (SCHEMA.equals(schema)) {
            throw new IllegalStateException("Still in the rebuild's schema: leave() was not called");
        }
        return schema;
    }
}
