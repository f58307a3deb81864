package io.dirsync.app;

import org.springframework.jdbc.core.JdbcTemplate;
import org.springframework.jdbc.core.RowCallbackHandler;

import java.nio.charset.StandardCharsets;
import java.sql.Clob;
import java.sql.Connection;
import java.sql.DatabaseMetaData;
import java.sql.ResultSet;
import java.sql.ResultSetMetaData;
import java.sql.SQLException;
import java.util.ArrayList;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Locale;
import java.util.Set;

/**
 * Reads every column of every table of the application's schema, whatever its type, looking for a marker: text
 * compared case-insensitively (search keys are lower-cased copies), binary columns both as raw bytes and decoded as
 * UTF-8, anything else through its string form. Lists the table and column of every hit. The table list comes from
 * the database itself, so a table added later is scanned without editing this class.
 */
final class PersonalDataScan {
    private final JdbcTemplate jdbc;

    PersonalDataScan(JdbcTemplate jdbc) {
        this.jdbc = jdbc;
    }

    /** "table.column" of every value holding the marker (case-insensitive), each named once. */
    Set<String> find(String marker) {
        String lower = marker.toLowerCase(Locale.ROOT);
        byte[] markerBytes = marker.getBytes(StandardCharsets.UTF_8);
        byte[] lowerBytes = lower.getBytes(StandardCharsets.UTF_8);
        Set<String> hits = new LinkedHashSet<>();
        for (String table : tables()) {
            jdbc.query("SELECT * FROM \"" + table + "\"", (RowCallbackHandler) rs -> {
                ResultSetMetaData columns = rs.getMetaData();
                for (int i = 1; i <= columns.getColumnCount(); i++) {
                    if (holds(rs.getObject(i), lower, markerBytes, lowerBytes)) {
                        hits.add(table.toLowerCase(Locale.ROOT) + "."
                                + columns.getColumnName(i).toLowerCase(Locale.ROOT));
                    }
                }
            });
        }
        return hits;
    }

    /** As the database spells them: quoted, they are found on H2 (which folds to upper case) and PostgreSQL alike. */
    List<String> tables() {
        return jdbc.execute((Connection connection) -> {
            DatabaseMetaData metaData = connection.getMetaData();
            List<String> tables = new ArrayList<>();
            try (ResultSet rs =
                    metaData.getTables(connection.getCatalog(), connection.getSchema(), "%", new String[] {"TABLE"})) {
                while (rs.next()) {
                    tables.add(rs.getString("TABLE_NAME"));
                }
            }
            return tables;
        });
    }

    private static boolean holds(Object value, String lower, byte[] markerBytes, byte[] lowerBytes)
            throws SQLException {
        if (value == null) {
            return false;
        }
        if (value instanceof byte[] bytes) {
            return indexOf(bytes, markerBytes) >= 0
                    || indexOf(bytes, lowerBytes) >= 0
                    || new String(bytes, StandardCharsets.UTF_8)
                            .toLowerCase(Locale.ROOT)
                            .contains(lower);
        }
        String text = value instanceof Clob clob ? clob.getSubString(1, (int) clob.length()) : value.toString();
        return text.toLowerCase(Locale.ROOT).contains(lower);
    }

    private static int indexOf(byte[] haystack, byte[] needle) {
        outer:
        for (int i = 0; i <= haystack.length - needle.length; i++) {
            for (int j = 0; j < needle.length; j++) {
                if (haystack[i + j] != needle[j]) {
                    continue outer;
                }
            }
            return i;
        }
        return -1;
    }
}
