package io.dirsync.query.support;

import io.dirsync.query.support.KeyedUpdates.Column;
import org.springframework.jdbc.core.JdbcTemplate;

import java.util.ArrayList;
import java.util.Arrays;
import java.util.Collection;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import java.util.function.Function;

/**
 * Writes validity intervals (the access history's tables, each user's publicMetadata over time) a batch of events at a
 * time. An interval is keyed by the global index of the event that opened it, and opening one closes the key's open one
 * at the same instant, citing the event. A batch first {@link #undo undoes} what an earlier application of its own
 * events wrote (rows they opened go, rows they closed open again), so applying events again rewrites their rows rather
 * than adding some; then the caller loads the open intervals of the keys it touches into {@link Intervals}, applies its
 * events in order in memory, and {@link #close closes} and {@link #insert inserts} a few statements per table.
 * Every table has {@code from_position}, {@code valid_from}, {@code from_aggregate}, {@code from_sequence},
 * {@code from_type}, {@code valid_to} and {@code to_position}; one that {@code citesEnd} also has {@code to_aggregate},
 * {@code to_sequence} and {@code to_type}.
 */
public final class IntervalWriter {
    private static final String EVIDENCE = "valid_from, from_aggregate, from_sequence, from_type";
    private final JdbcTemplate jdbc;
    private final Map<String, KeyedUpdates> closes = new ConcurrentHashMap<>();

    public IntervalWriter(JdbcTemplate jdbc) {
        this.jdbc = jdbc;
    }

    /** An interval of one key: stored (read from the table) or opened by this batch, and the event that ends it. */
    public static final class Interval<K, V> {
        private final K key;
        private final long fromPosition;
        private final V value;
        private final Evidence opened;
        private Evidence closedBy;

        Interval(K key, long fromPosition, V value, Evidence opened) {
            this.key = key;
            this.fromPosition = fromPosition;
            this.value = value;
            this.opened = opened;
        }

        public K key() {
            return key;
        }

        public long fromPosition() {
            return fromPosition;
        }

        public V value() {
            return value;
        }

        boolean stored() {
            return opened == null;
        }
    }

    /** The open intervals of one table for the keys a batch touches, and what the batch writes to it. */
    public static final class Intervals<K, V> {
        private final Map<K, Interval<K, V>> open = new HashMap<>();
        private final List<Interval<K, V>> inserts = new ArrayList<>();
        private final List<Interval<K, V>> storedCloses = new ArrayList<>();

        /** An interval read from the table, open before the batch. */
        public void loaded(K key, long fromPosition, V value) {
            open.put(key, new Interval<>(key, fromPosition, value, null));
        }

        public boolean isOpen(K key) {
            return open.containsKey(key);
        }

        /** The open interval's value, null if none is open. */
        public V current(K key) {
            Interval<K, V> interval = open.get(key);
            return interval == null ? null : interval.value;
        }

        public List<K> openKeys() {
            return new ArrayList<>(open.keySet());
        }

        /** Closes the key's open interval, if any, and opens one with {@code value} at the event. */
        public void open(K key, V value, Evidence evidence) {
            close(key, evidence);
            Interval<K, V> interval = new Interval<>(key, evidence.position(), value, evidence);
            open.put(key, interval);
            inserts.add(interval);
        }

        public void close(K key, Evidence evidence) {
            Interval<K, V> interval = open.remove(key);
            if (interval != null) {
                interval.closedBy = evidence;
                if (interval.stored()) {
                    storedCloses.add(interval);
                }
            }
        }
    }

    /** Rows an earlier application of these events opened go; rows it closed are open again. */
    public void undo(String table, String keyColumn, Collection<String> keys, Long[] positions, boolean citesEnd) {
        if (BatchRows.intoFreshTables()) {
            return;
        }
        String[] keyArray = keys.toArray(String[]::new);
        jdbc.update(
                "DELETE FROM " + table + " WHERE " + keyColumn + " = ANY(?) AND from_position = ANY(?)",
                keyArray,
                positions);
        jdbc.update(
                "UPDATE " + table + " SET valid_to = NULL, to_position = NULL"
                        + (citesEnd ? ", to_aggregate = NULL, to_sequence = NULL, to_type = NULL" : "")
                        + " WHERE " + keyColumn + " = ANY(?) AND to_position = ANY(?)",
                keyArray,
                positions);
    }

    /**
     * Ends the stored intervals the batch closed, in one statement per table on PostgreSQL ({@link KeyedUpdates}).
     *
     * @param key the columns that, with {@code from_position}, find a key's rows, such as {@code user_id}
     * @param keyValues the values of those columns for a key
     */
    public <K> void close(
            String table,
            List<Column> key,
            Intervals<K, ?> intervals,
            Function<K, Object[]> keyValues,
            boolean citesEnd) {
        if (intervals.storedCloses.isEmpty()) {
            return;
        }
        List<Object[]> rows = new ArrayList<>();
        for (Interval<K, ?> row : intervals.storedCloses) {
            List<Object> values = new ArrayList<>(Arrays.asList(row.closedBy.at(), row.closedBy.position()));
            if (citesEnd) {
                values.addAll(Arrays.asList(row.closedBy.aggregateId(), row.closedBy.sequence(), row.closedBy.type()));
            }
            values.addAll(Arrays.asList(keyValues.apply(row.key)));
            values.add(row.fromPosition);
            rows.add(values.toArray());
        }
        closes.computeIfAbsent(table, name -> closes(name, key, citesEnd)).update(rows);
    }

    private KeyedUpdates closes(String table, List<Column> key, boolean citesEnd) {
        List<Column> set = new ArrayList<>(List.of(Column.timestamp("valid_to"), Column.bigint("to_position")));
        if (citesEnd) {
            set.addAll(List.of(Column.text("to_aggregate"), Column.bigint("to_sequence"), Column.text("to_type")));
        }
        List<Column> found = new ArrayList<>(key);
        found.add(Column.bigint("from_position"));
        return new KeyedUpdates(jdbc, table, set, found);
    }

    /**
     * The intervals the batch opened, with their evidence, and their end where a later event of the same batch closed
     * them.
     *
     * @param columns the table's own columns, {@code from_position} among them, which {@code values} gives for a row
     */
    public <K, V> void insert(
            String table,
            String columns,
            Intervals<K, V> intervals,
            Function<Interval<K, V>, Object[]> values,
            boolean citesEnd) {
        if (intervals.inserts.isEmpty()) {
            return;
        }
        List<Object[]> batch = new ArrayList<>();
        for (Interval<K, V> row : intervals.inserts) {
            List<Object> all = new ArrayList<>(Arrays.asList(values.apply(row)));
            Evidence from = row.opened;
            Evidence to = row.closedBy;
            all.addAll(Arrays.asList(from.at(), from.aggregateId(), from.sequence(), from.type()));
            all.add(to == null ? null : to.at());
            all.add(to == null ? null : to.position());
            if (citesEnd) {
                all.add(to == null ? null : to.aggregateId());
                all.add(to == null ? null : to.sequence());
                all.add(to == null ? null : to.type());
            }
            batch.add(all.toArray());
        }
        String allColumns = columns + ", " + EVIDENCE + ", valid_to, to_position"
                + (citesEnd ? ", to_aggregate, to_sequence, to_type" : "");
        MultiRowInsert.insert(jdbc, table, allColumns, batch);
    }
}
