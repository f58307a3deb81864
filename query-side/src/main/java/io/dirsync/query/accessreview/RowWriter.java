package io.dirsync.query.accessreview;

import com.fasterxml.jackson.core.JsonGenerator;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.util.RawValue;

import java.io.IOException;
import java.io.OutputStream;
import java.io.OutputStreamWriter;
import java.io.Writer;
import java.nio.charset.StandardCharsets;
import java.util.Collection;
import java.util.List;
import java.util.Map;
import java.util.stream.Collectors;

/**
 * Writes rows (column name to value, in column order) as they come, in one {@link ExportFormat}. In CSV a list becomes
 * its values joined by {@code ;}, a JSON value its JSON text, and a value a spreadsheet would run as a formula (starting with {@code = + - @}, a tab
 * or a carriage return) is prefixed with {@code '}: userNames and group names come from the IdP.
 */
abstract class RowWriter implements AutoCloseable {

    static RowWriter of(ExportFormat format, OutputStream out, ObjectMapper json, List<String> columns)
            throws IOException {
        return switch (format) {
            case JSON -> new Json(json.getFactory().createGenerator(out));
            case NDJSON -> new Ndjson(json, out);
            case CSV -> new Csv(new OutputStreamWriter(out, StandardCharsets.UTF_8), columns);
        };
    }

    abstract void write(Map<String, Object> row) throws IOException;

    @Override
    public abstract void close() throws IOException;

    private static final class Json extends RowWriter {
        private final JsonGenerator generator;

        Json(JsonGenerator generator) throws IOException {
            this.generator = generator;
            generator.writeStartArray();
        }

        @Override
        void write(Map<String, Object> row) throws IOException {
            generator.writeObject(row);
        }

        @Override
        public void close() throws IOException {
            generator.writeEndArray();
            generator.close();
        }
    }

    private static final class Ndjson extends RowWriter {
        private final ObjectMapper json;
        private final OutputStream out;

        Ndjson(ObjectMapper json, OutputStream out) {
            this.json = json;
            this.out = out;
        }

        @Override
        void write(Map<String, Object> row) throws IOException {
            out.write(json.writeValueAsBytes(row));
            out.write('\n');
        }

        @Override
        public void close() throws IOException {
            out.flush();
        }
    }

    private static final class Csv extends RowWriter {
        private final Writer out;
        private final List<String> columns;

        Csv(Writer out, List<String> columns) throws IOException {
            this.out = out;
            this.columns = columns;
            line(columns.stream().map(name -> (Object) name).toList());
        }

        @Override
        void write(Map<String, Object> row) throws IOException {
            line(columns.stream().map(row::get).toList());
        }

        private void line(List<Object> values) throws IOException {
            out.write(values.stream().map(Csv::cell).collect(Collectors.joining(",")));
            out.write("\r\n");
        }

        static String cell(Object value) {
            if (value == null) {
                return "";
            }
            String text = value instanceof Collection<?> list
                    ? list.stream().map(String::valueOf).collect(Collectors.joining(";"))
                    : value instanceof RawValue json ? String.valueOf(json.rawValue()) : String.valueOf(value);
            if (!text.isEmpty() && "=+-@\t\r".indexOf(text.charAt(0)) >= 0) {
                text = "'" + text;
            }
            if (text.contains(",") || text.contains("\"") || text.contains("\n") || text.contains("\r")) {
                text = "\"" + text.replace("\"", "\"\"") + "\"";
            }
            return text;
        }

        @Override
        public void close() throws IOException {
            out.flush();
        }
    }
}
