package io.dirsync.query.accessreview;

import com.fasterxml.jackson.core.JsonGenerator;
import com.fasterxml.jackson.core.SerializableString;
import com.fasterxml.jackson.core.io.SerializedString;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.util.RawValue;

import java.io.BufferedWriter;
import java.io.IOException;
import java.io.OutputStream;
import java.io.OutputStreamWriter;
import java.io.Writer;
import java.nio.charset.StandardCharsets;
import java.time.Instant;
import java.util.Collection;
import java.util.List;
import java.util.Map;

/**
 * Writes rows (column name to value, in column order) as they come, in one {@link ExportFormat}. Cells are written
 * straight from the row's values ({@link ReviewRow}), without a map or string per row between. In CSV a list becomes
 * its values joined by {@code ;}, a JSON value its JSON text, and a value a spreadsheet would run as a formula
 * (starting with {@code = + - @}, a tab or a carriage return) is prefixed with {@code '}: userNames and group names
 * come from the IdP. In JSON an instant is its ISO-8601 text, as the API's other instants.
 */
abstract class RowWriter implements AutoCloseable {
    private static final int BUFFER = 64 * 1024;

    final List<String> columns;

    RowWriter(List<String> columns) {
        this.columns = columns;
    }

    static RowWriter of(ExportFormat format, OutputStream out, ObjectMapper json, List<String> columns)
            throws IOException {
        return switch (format) {
            case JSON -> new Json(json.getFactory().createGenerator(out), columns, true);
            case NDJSON -> new Json(json.getFactory().createGenerator(out), columns, false);
            case CSV ->
                new Csv(new BufferedWriter(new OutputStreamWriter(out, StandardCharsets.UTF_8), BUFFER), columns);
        };
    }

    /** Writes one row whose columns are this writer's. */
    final void write(Map<String, Object> row) throws IOException {
        if (row instanceof ReviewRow review && review.columns().names.equals(columns)) {
            write(review.cells());
        } else {
            Object[] values = new Object[columns.size()];
            for (int i = 0; i < values.length; i++) {
                values[i] = row.get(columns.get(i));
            }
            write(values);
        }
    }

    abstract void write(Object[] values) throws IOException;

    @Override
    public abstract void close() throws IOException;

    /** A JSON array of objects, or one object a line (NDJSON). */
    private static final class Json extends RowWriter {
        private final JsonGenerator generator;
        private final SerializableString[] names;
        private final boolean array;

        Json(JsonGenerator generator, List<String> columns, boolean array) throws IOException {
            super(columns);
            this.generator = generator;
            this.array = array;
            this.names = columns.stream().map(SerializedString::new).toArray(SerializableString[]::new);
            generator.setRootValueSeparator(null); // NDJSON: a line break after each object, nothing before the next
            if (array) {
                generator.writeStartArray();
            }
        }

        @Override
        void write(Object[] values) throws IOException {
            generator.writeStartObject();
            for (int i = 0; i < values.length; i++) {
                generator.writeFieldName(names[i]);
                value(values[i]);
            }
            generator.writeEndObject();
            if (!array) {
                generator.writeRaw('\n');
            }
        }

        private void value(Object value) throws IOException {
            if (value == null) {
                generator.writeNull();
            } else if (value instanceof String text) {
                generator.writeString(text);
            } else if (value instanceof Long number) {
                generator.writeNumber(number);
            } else if (value instanceof Boolean flag) {
                generator.writeBoolean(flag);
            } else if (value instanceof Instant instant) {
                generator.writeString(instant.toString());
            } else if (value instanceof RawValue raw) {
                generator.writeRawValue(String.valueOf(raw.rawValue()));
            } else if (value instanceof Collection<?> list) {
                generator.writeStartArray();
                for (Object item : list) {
                    value(item);
                }
                generator.writeEndArray();
            } else {
                generator.writeObject(value);
            }
        }

        @Override
        public void close() throws IOException {
            if (array) {
                generator.writeEndArray();
            }
            generator.close();
        }
    }

    private static final class Csv extends RowWriter {
        private final Writer out;
        private final StringBuilder cell = new StringBuilder(256);

        Csv(Writer out, List<String> columns) throws IOException {
            super(columns);
            this.out = out;
            write(columns.toArray());
        }

        @Override
        void write(Object[] values) throws IOException {
            for (int i = 0; i < values.length; i++) {
                if (i > 0) {
                    out.write(',');
                }
                cell(values[i]);
            }
            out.write("\r\n");
        }

        /** Writes one cell, guarded against formulas and quoted where it holds a comma, quote or line break. */
        private void cell(Object value) throws IOException {
            if (value == null) {
                return;
            }
            if (value instanceof Boolean || value instanceof Long number && number >= 0) {
                out.write(value.toString()); // never starts a formula, never needs quotes
                return;
            }
            if (value instanceof String text) {
                text(text);
            } else if (value instanceof Collection<?> list) {
                cell.setLength(0);
                for (Object item : list) {
                    if (!cell.isEmpty()) {
                        cell.append(';');
                    }
                    cell.append(item);
                }
                text(cell.toString());
            } else {
                text(String.valueOf(value instanceof RawValue json ? json.rawValue() : value));
            }
        }

        /** The text as it is where it can be, without copying it first. */
        private void text(String text) throws IOException {
            if (text.isEmpty()) {
                return;
            }
            boolean quote = false;
            for (int i = 0; i < text.length() && !quote; i++) {
                char c = text.charAt(i);
                quote = c == ',' || c == '"' || c == '\n' || c == '\r';
            }
            if (quote) {
                out.write('"');
            }
            if ("=+-@\t\r".indexOf(text.charAt(0)) >= 0) {
                out.write('\'');
            }
            if (!quote) {
                out.write(text);
                return;
            }
            int from = 0;
            for (int i = text.indexOf('"'); i >= 0; i = text.indexOf('"', from)) {
                out.write(text, from, i + 1 - from);
                out.write('"');
                from = i + 1;
            }
            out.write(text, from, text.length() - from);
            out.write('"');
        }

        @Override
        public void close() throws IOException {
            out.flush();
        }
    }
}
