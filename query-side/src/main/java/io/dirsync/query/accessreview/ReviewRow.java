package io.dirsync.query.accessreview;

import java.util.AbstractMap;
import java.util.AbstractSet;
import java.util.HashMap;
import java.util.Iterator;
import java.util.List;
import java.util.Map;
import java.util.NoSuchElementException;
import java.util.Set;

/**
 * One row of an access review: its values in an array, in the order of its columns. It reads as a map of column name
 * to value (the admin UI filters and shows rows by name), while {@link RowWriter} writes the array as it is, without
 * a map entry or a look-up per cell: an export of 100,000 users writes about three million cells.
 */
final class ReviewRow extends AbstractMap<String, Object> {
    private final Columns columns;
    private final Object[] values;
    /** Where a value set in column order goes next: rows are filled in that order, so most sets need no look-up. */
    private int next;

    ReviewRow(Columns columns) {
        this.columns = columns;
        this.values = new Object[columns.names.size()];
    }

    /** The columns of one kind of row, with each name's place. */
    static final class Columns {
        final List<String> names;
        private final String[] order;
        private final Map<String, Integer> index = new HashMap<>();

        Columns(List<String> names) {
            this.names = List.copyOf(names);
            this.order = this.names.toArray(String[]::new);
            for (int i = 0; i < order.length; i++) {
                index.put(order[i], i);
            }
        }

        private int of(Object name) {
            Integer at = index.get(name);
            return at == null ? -1 : at;
        }
    }

    Columns columns() {
        return columns;
    }

    /** The values in column order; the writers read them in place. */
    Object[] cells() {
        return values;
    }

    /** Sets a column's value; a name that is not one of the row's columns is a programming error. */
    @Override
    public Object put(String name, Object value) {
        // the same name constant as the column list's is the same String: no hash, no comparison of characters
        int at = next < values.length && columns.order[next] == name ? next : columns.of(name);
        if (at < 0) {
            throw new IllegalArgumentException("no column " + name);
        }
        Object old = values[at];
        values[at] = value;
        next = at + 1;
        return old;
    }

    @Override
    public Object get(Object name) {
        int at = columns.of(name);
        return at < 0 ? null : values[at];
    }

    @Override
    public boolean containsKey(Object name) {
        return columns.of(name) >= 0;
    }

    @Override
    public int size() {
        return values.length;
    }

    @Override
    public Set<Entry<String, Object>> entrySet() {
        return new AbstractSet<>() {
            @Override
            public Iterator<Entry<String, Object>> iterator() {
                return new Iterator<>() {
                    private int next;

                    @Override
                    public boolean hasNext() {
                        return next < values.length;
                    }

                    @Override
                    public Entry<String, Object> next() {
                        if (next >= values.length) {
                            throw new NoSuchElementException();
                        }
                        int at = next++;
                        return new SimpleImmutableEntry<>(columns.names.get(at), values[at]);
                    }
                };
            }

            @Override
            public int size() {
                return values.length;
            }
        };
    }
}
