package io.dirsync.query.support;

import io.dirsync.query.MigratedDatabase;
import io.dirsync.query.support.KeyedUpdates.Column;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;
import org.springframework.jdbc.core.JdbcTemplate;

import java.sql.Timestamp;
import java.time.Instant;
import java.time.OffsetDateTime;
import java.util.List;
import java.util.Locale;
import java.util.Map;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * Keyed updates write what a JDBC batch of single updates would, on H2 (which gets that batch) and on PostgreSQL (one
 * statement joining text arrays cast to each column's type): nulls, instants, numbers, composite keys, and for each row
 * whether it found one.
 */
abstract class KeyedUpdatesTests {
    @RegisterExtension
    final MigratedDatabase database;

    KeyedUpdatesTests(MigratedDatabase database) {
        this.database = database;
    }

    @Test
    void updatesTheRowsItFindsAndSaysWhichItFound() {
        JdbcTemplate jdbc = database.jdbc();
        for (String user : List.of("u1", "u2")) {
            jdbc.update(
                    "INSERT INTO org_member (user_id, organization_id, connection_id, role_key, role_source,"
                            + " mapped_group_id) VALUES (?, 'org', 'c1', 'member', 'DEFAULT', NULL)",
                    user);
        }
        KeyedUpdates roles = new KeyedUpdates(
                jdbc,
                "org_member",
                List.of(Column.text("role_key"), Column.text("role_source"), Column.text("mapped_group_id")),
                List.of(Column.text("user_id")));

        boolean[] found = roles.update(List.of(
                new Object[] {"admin", "MAPPING", "g-admins", "u2"},
                new Object[] {"viewer", "MAPPING", "g-viewers", "nobody"},
                new Object[] {null, "NONE", null, "u1"}));

        assertThat(found).containsExactly(true, false, true);
        assertThat(jdbc.queryForList(
                        "SELECT user_id, role_key, role_source, mapped_group_id FROM org_member ORDER BY user_id"))
                .extracting(row -> List.of(
                        value(row, "user_id"),
                        String.valueOf(value(row, "role_key")),
                        value(row, "role_source"),
                        String.valueOf(value(row, "mapped_group_id"))))
                .containsExactly(List.of("u1", "null", "NONE", "null"), List.of("u2", "admin", "MAPPING", "g-admins"));
        assertThat(roles.update(List.of())).isEmpty();
    }

    @Test
    void castsInstantsAndNumbersAndFindsRowsByCompositeKeys() {
        JdbcTemplate jdbc = database.jdbc();
        Timestamp from = Timestamp.from(Instant.parse("2026-01-01T00:00:00Z"));
        for (long position : List.of(5L, 9L)) {
            jdbc.update(
                    "INSERT INTO access_membership_interval (group_id, user_id, from_position, connection_id,"
                            + " valid_from, from_aggregate, from_sequence, from_type)"
                            + " VALUES ('g1', 'u1', ?, 'c1', ?, 'g1', 0, 'GroupMembersAddedEvent')",
                    position,
                    from);
        }
        Timestamp to = Timestamp.from(Instant.parse("2026-03-04T05:06:07.123456Z"));
        KeyedUpdates closes = new KeyedUpdates(
                jdbc,
                "access_membership_interval",
                List.of(
                        Column.timestamp("valid_to"),
                        Column.bigint("to_position"),
                        Column.text("to_aggregate"),
                        Column.bigint("to_sequence"),
                        Column.text("to_type")),
                List.of(Column.text("group_id"), Column.text("user_id"), Column.bigint("from_position")));

        boolean[] found = closes.update(List.of(
                new Object[] {to, 12L, "g1", 3L, "GroupMembersRemovedEvent", "g1", "u1", 9L},
                new Object[] {to, 12L, "g1", 3L, "GroupMembersRemovedEvent", "g2", "u1", 5L}));

        assertThat(found).containsExactly(true, false);
        List<Map<String, Object>> rows = jdbc.queryForList(
                "SELECT from_position, valid_to, to_position, to_sequence, to_type FROM access_membership_interval"
                        + " ORDER BY from_position");
        assertThat(value(rows.get(0), "valid_to")).isNull();
        assertThat(instant(value(rows.get(1), "valid_to"))).isEqualTo(to.toInstant());
        assertThat(((Number) value(rows.get(1), "to_position")).longValue()).isEqualTo(12L);
        assertThat(((Number) value(rows.get(1), "to_sequence")).longValue()).isEqualTo(3L);
        assertThat(value(rows.get(1), "to_type")).isEqualTo("GroupMembersRemovedEvent");
    }

    /** PostgreSQL's driver reads a timestamp with time zone as a Timestamp, H2's as an OffsetDateTime. */
    private static Instant instant(Object value) {
        return value instanceof OffsetDateTime offset ? offset.toInstant() : ((Timestamp) value).toInstant();
    }

    /** H2 names columns in capitals, PostgreSQL in lower case. */
    private static Object value(Map<String, Object> row, String column) {
        return row.containsKey(column) ? row.get(column) : row.get(column.toUpperCase(Locale.ROOT));
    }
}
