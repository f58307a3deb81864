package io.dirsync.query.rebuild;

import io.dirsync.query.support.Databases;
import org.springframework.dao.DuplicateKeyException;
import org.springframework.jdbc.core.JdbcTemplate;

import java.util.List;
import java.util.Objects;
import java.util.function.BooleanSupplier;

/**
 * The main row of a {@link RebuildableReadModel} whose rows are a list per aggregate, with nothing of their own to
 * lock: a table of one key column, one row per aggregate. Every handler of the model {@link #write writes} it first,
 * which locks it until the transaction ends, and a rebuild {@link #lock locks} it first.
 *
 * <p>The write is an upsert that waits for a concurrent insert of the same key instead of failing: on PostgreSQL
 * {@code ON CONFLICT DO UPDATE} (which, unlike {@code DO NOTHING}, locks the row it finds); elsewhere (H2, where a
 * failed statement leaves the transaction usable) an update, an insert, and the update again when a concurrent
 * insert won.
 */
public final class HeadRow {
    private final JdbcTemplate jdbc;
    private final String table;
    private final String key;
    private final BooleanSupplier postgres;

    public HeadRow(JdbcTemplate jdbc, String table, String key) {
        this.jdbc = jdbc;
        this.table = table;
        this.key = key;
        this.postgres = Databases.postgres(jdbc);
    }

    /** Writes the aggregate's row, or locks it when it exists, until the transaction ends. */
    public void write(String aggregateId) {
        Objects.requireNonNull(aggregateId, "aggregateId");
        if (postgres.getAsBoolean()) {
            jdbc.update(
                    "INSERT INTO " + table + " (" + key + ") VALUES (?) ON CONFLICT (" + key + ") DO UPDATE SET " + key
                            + " = EXCLUDED." + key,
                    aggregateId);
            return;
        }
        String touch = "UPDATE " + table + " SET " + key + " = " + key + " WHERE " + key + " = ?";
        if (jdbc.update(touch, aggregateId) > 0) {
            return;
        }
        try {
            jdbc.update("INSERT INTO " + table + " (" + key + ") VALUES (?)", aggregateId);
        } catch (DuplicateKeyException concurrentInsert) {
            jdbc.update(touch, aggregateId);
        }
    }

    /** Locks the aggregate's row until the transaction ends; false when there is none. */
    public boolean lock(String aggregateId) {
        List<String> found = jdbc.queryForList(
                "SELECT " + key + " FROM " + table + " WHERE " + key + " = ? FOR UPDATE", String.class, aggregateId);
        return !found.isEmpty();
    }
}
