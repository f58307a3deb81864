package io.dirsync.query.accessreview;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.SerializationFeature;
import com.fasterxml.jackson.databind.util.RawValue;
import com.fasterxml.jackson.datatype.jsr310.JavaTimeModule;
import org.junit.jupiter.api.Test;

import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.time.Instant;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

/** The writers' cells against what Jackson makes of the same rows as maps, and the CSV rules cell by cell. */
class RowWriterTest {
    private static final ObjectMapper JSON = new ObjectMapper()
            .registerModule(new JavaTimeModule())
            .disable(SerializationFeature.WRITE_DATES_AS_TIMESTAMPS);
    private static final List<String> COLUMNS = List.of("id", "name", "count", "flag", "at", "json", "list", "none");
    private static final ReviewRow.Columns ROW = new ReviewRow.Columns(COLUMNS);

    private static ReviewRow row(String id, String name, long count) {
        ReviewRow row = new ReviewRow(ROW);
        row.put("id", id);
        row.put("name", name);
        row.put("count", count);
        row.put("flag", count % 2 == 0);
        row.put("at", Instant.parse("2026-03-31T23:59:59.123456Z"));
        row.put("json", new RawValue("{\"dept\":\"R&D\",\"n\":[1,2]}"));
        row.put("list", new ArrayList<>(List.of("a", "b,c")));
        return row;
    }

    private static String written(ExportFormat format, List<Map<String, Object>> rows) throws IOException {
        ByteArrayOutputStream out = new ByteArrayOutputStream();
        try (RowWriter writer = RowWriter.of(format, out, JSON, COLUMNS)) {
            for (Map<String, Object> row : rows) {
                writer.write(row);
            }
        }
        return out.toString(StandardCharsets.UTF_8);
    }

    @Test
    void jsonAndNdjsonWriteWhatJacksonWritesOfTheRowAsAMap() throws IOException {
        List<Map<String, Object>> rows = List.of(row("u1", "Ann \"Q\" \u00e9", 7), row("u2", null, -3));
        String array = written(ExportFormat.JSON, rows);
        List<Map<String, Object>> asMaps = rows.stream()
                .map(row -> (Map<String, Object>) new LinkedHashMap<>(row))
                .toList();
        assertThat(array).isEqualTo(JSON.writeValueAsString(asMaps));

        String[] lines = written(ExportFormat.NDJSON, rows).split("\n", -1);
        assertThat(lines).hasSize(3);
        assertThat(lines[2]).isEmpty();
        for (int i = 0; i < 2; i++) {
            assertThat(lines[i]).isEqualTo(JSON.writeValueAsString(asMaps.get(i)));
        }
        JsonNode first = JSON.readTree(lines[0]);
        assertThat(first.get("at").asText()).isEqualTo("2026-03-31T23:59:59.123456Z");
        assertThat(first.get("json").get("n").get(1).asInt()).isEqualTo(2);
        assertThat(first.get("none").isNull()).isTrue();
    }

    @Test
    void aMapThatIsNotAReviewRowIsWrittenByItsColumnNames() throws IOException {
        Map<String, Object> plain = new LinkedHashMap<>();
        plain.put("name", "x");
        plain.put("id", "u9");
        assertThat(written(ExportFormat.CSV, List.of(plain))).endsWith("\r\nu9,x,,,,,,\r\n");
    }

    @Test
    void csvQuotesListsJsonAndGuardsFormulas() throws IOException {
        ReviewRow formula = row("=cmd|' /C calc'!A0", "-2+3", 4);
        formula.put("list", List.of("@x", "y"));
        String csv = written(ExportFormat.CSV, List.of(row("u1", "Ann \"Q\"", 7), formula));
        String[] lines = csv.split("\r\n", -1);
        assertThat(lines[0]).isEqualTo(String.join(",", COLUMNS));
        assertThat(lines[1])
                .isEqualTo("u1,\"Ann \"\"Q\"\"\",7,false,2026-03-31T23:59:59.123456Z,"
                        + "\"{\"\"dept\"\":\"\"R&D\"\",\"\"n\"\":[1,2]}\",\"a;b,c\",");
        assertThat(lines[2]).startsWith("'=cmd|' /C calc'!A0,'-2+3,4,true,");
        assertThat(lines[2]).endsWith(",'@x;y,");
        assertThat(lines[3]).isEmpty();
    }

    @Test
    void aQuotedFormulaIsGuardedInsideItsQuotes() throws IOException {
        ReviewRow row = row("=1,2", "a\"b\"\"c", 1);
        row.put("list", List.of());
        assertThat(written(ExportFormat.CSV, List.of(row)).split("\r\n")[1])
                .startsWith("\"'=1,2\",\"a\"\"b\"\"\"\"c\",1,false,")
                .endsWith(",,");
    }

    @Test
    void aNegativeNumberIsGuardedAsTheTextWouldBe() throws IOException {
        assertThat(written(ExportFormat.CSV, List.of(row("u", "n", -5))).split("\r\n")[1])
                .startsWith("u,n,'-5,");
    }

    @Test
    void aRowRefusesAColumnItDoesNotHave() {
        assertThatThrownBy(() -> new ReviewRow(ROW).put("other", 1)).isInstanceOf(IllegalArgumentException.class);
        ReviewRow row = row("u", "n", 1);
        assertThat(row.get("other")).isNull();
        assertThat(row.keySet()).containsExactlyElementsOf(COLUMNS);
        assertThat(row).containsEntry("count", 1L).hasSize(COLUMNS.size());
    }
}
