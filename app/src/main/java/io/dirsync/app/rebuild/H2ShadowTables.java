package io.dirsync.app.rebuild;

import org.springframework.jdbc.core.ConnectionCallback;
import org.springframework.jdbc.core.JdbcTemplate;

import java.sql.DatabaseMetaData;
import java.sql.ResultSet;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;

/**
 * {@link ShadowTables} on H2 (one process, development and tests): the copies are reached by making their schema the
 * session's current one, and H2 cannot move a table to another schema, so the switch copies the rebuilt rows into the
 * live tables in one transaction (no DDL in it: H2 commits before DDL). Readers see the old rows until it commits.
 */
final class H2ShadowTables implements ShadowTables {
    private static final String COPY = SCHEMA.toUpperCase(Locale.ROOT);
    private static final String LIVE = "PUBLIC";

    @Override
    public void create(JdbcTemplate jdbc, List<String> tables) {
        for (String table : tables) {
            String name = table.toUpperCase(Locale.ROOT);
            jdbc.execute("DROP TABLE IF EXISTS " + COPY + "." + name);
            jdbc.execute(
                    "CREATE TABLE " + COPY + "." + name + " AS SELECT * FROM " + LIVE + "." + name + " WITH NO DATA");
            jdbc.query(
                    "SELECT COLUMN_NAME, COLUMN_DEFAULT FROM INFORMATION_SCHEMA.COLUMNS WHERE TABLE_SCHEMA = ?"
                            + " AND TABLE_NAME = ? AND COLUMN_DEFAULT IS NOT NULL",
                    row -> {
                        jdbc.execute("ALTER TABLE " + COPY + "." + name + " ALTER COLUMN \"" + row.getString(1)
                                + "\" SET DEFAULT " + row.getString(2));
                    },
                    LIVE,
                    name);
            copyIndexes(jdbc, name, true);
        }
    }

    @Override
    public void createIndexes(JdbcTemplate jdbc, List<String> tables) {
        tables.forEach(table -> copyIndexes(jdbc, table.toUpperCase(Locale.ROOT), false));
    }

    private record Index(String name, boolean unique, List<String> columns) {}

    private static void copyIndexes(JdbcTemplate jdbc, String table, boolean unique) {
        List<Index> indexes = jdbc.execute((ConnectionCallback<List<Index>>) connection -> {
            Map<String, Index> byName = new LinkedHashMap<>();
            DatabaseMetaData metaData = connection.getMetaData();
            try (ResultSet rows = metaData.getIndexInfo(null, LIVE, table, false, false)) {
                while (rows.next()) {
                    String column = rows.getString("COLUMN_NAME");
                    if (column == null) {
                        continue;
                    }
                    String order = "D".equals(rows.getString("ASC_OR_DESC")) ? " DESC" : "";
                    boolean isUnique = !rows.getBoolean("NON_UNIQUE");
                    byName.computeIfAbsent(
                                    rows.getString("INDEX_NAME"), name -> new Index(name, isUnique, new ArrayList<>()))
                            .columns()
                            .add("\"" + column + "\"" + order);
                }
            }
            return new ArrayList<>(byName.values());
        });
        for (Index index : indexes) {
            if (index.unique() == unique) {
                jdbc.execute("CREATE " + (unique ? "UNIQUE " : "") + "INDEX " + COPY + ".\"" + index.name() + "\" ON "
                        + COPY + "." + table + " (" + String.join(", ", index.columns()) + ")");
            }
        }
    }

    @Override
    public void enter(JdbcTemplate jdbc) {
        jdbc.execute("SET SCHEMA " + COPY);
        jdbc.execute("SET SCHEMA_SEARCH_PATH " + COPY + ", " + LIVE);
    }

    @Override
    public void leave(JdbcTemplate jdbc) {
        jdbc.execute("SET SCHEMA " + LIVE);
        jdbc.execute("SET SCHEMA_SEARCH_PATH " + LIVE);
    }

    @Override
    public void switchTo(JdbcTemplate jdbc, List<String> tables) {
        for (String table : tables) {
            String name = table.toUpperCase(Locale.ROOT);
            jdbc.execute("DELETE FROM " + LIVE + "." + name);
            jdbc.execute("INSERT INTO " + LIVE + "." + name + " SELECT * FROM " + COPY + "." + name);
        }
    }

    @Override
    public void drop(JdbcTemplate jdbc, List<String> tables) {
        for (String table : tables) {
            jdbc.execute("DROP TABLE IF EXISTS " + COPY + "." + table.toUpperCase(Locale.ROOT));
        }
    }
}
