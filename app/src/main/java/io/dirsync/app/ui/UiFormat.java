package io.dirsync.app.ui;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.util.RawValue;
import org.springframework.stereotype.Component;

import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.time.ZoneOffset;
import java.time.format.DateTimeFormatter;
import java.util.ArrayList;
import java.util.List;

/** How the admin pages write instants and stored JSON; templates call it as {@code @ui}. */
@Component("ui")
public class UiFormat {
    private static final DateTimeFormatter WHEN =
            DateTimeFormatter.ofPattern("yyyy-MM-dd HH:mm:ss 'UTC'").withZone(ZoneOffset.UTC);
    private final ObjectMapper objectMapper;
    private final Clock clock = Clock.systemUTC();

    public UiFormat(ObjectMapper objectMapper) {
        this.objectMapper = objectMapper;
    }

    public String when(Instant instant) {
        return instant == null ? "" : WHEN.format(instant);
    }

    /** "just now", "5 min ago", "3 h ago", "2 days ago": the question is usually "recently or not?". */
    public String ago(Instant instant) {
        if (instant == null) {
            return "never";
        }
        Duration elapsed = Duration.between(instant, clock.instant());
        if (elapsed.toMinutes() < 1) {
            return "just now";
        }
        if (elapsed.toHours() < 1) {
            return elapsed.toMinutes() + " min ago";
        }
        if (elapsed.toDays() < 1) {
            return elapsed.toHours() + " h ago";
        }
        return elapsed.toDays() == 1 ? "1 day ago" : elapsed.toDays() + " days ago";
    }

    /** "UserProfileUpdatedEvent" reads "User profile updated". */
    public String eventLabel(String type) {
        String name = type.endsWith("Event") ? type.substring(0, type.length() - 5) : type;
        String spaced = name.replaceAll("(?<=[a-z])(?=[A-Z])", " ").toLowerCase();
        return spaced.isEmpty() ? type : Character.toUpperCase(spaced.charAt(0)) + spaced.substring(1);
    }

    public String prettyJson(String json) {
        try {
            return objectMapper.writerWithDefaultPrettyPrinter().writeValueAsString(objectMapper.readTree(json));
        } catch (JsonProcessingException e) {
            return json;
        }
    }

    /**
     * A JSON object (stored JSON text, as the access review's rows carry it, or a map) as compact {@code key=value}
     * pairs, a nested value as its JSON text: "—" for none, "{}" for an empty one. Templates escape the result.
     */
    public String pairs(Object value) {
        if (value == null) {
            return "—";
        }
        try {
            JsonNode node = value instanceof RawValue raw
                    ? objectMapper.readTree(String.valueOf(raw.rawValue()))
                    : objectMapper.valueToTree(value);
            if (!node.isObject() || node.isEmpty()) {
                return node.toString();
            }
            List<String> pairs = new ArrayList<>();
            node.fields()
                    .forEachRemaining(field -> pairs.add(field.getKey() + "="
                            + (field.getValue().isTextual()
                                    ? field.getValue().asText()
                                    : field.getValue().toString())));
            return String.join(", ", pairs);
        } catch (JsonProcessingException e) {
            return String.valueOf(value);
        }
    }

    public String json(Object value) {
        try {
            return value instanceof String s ? s : objectMapper.writeValueAsString(value);
        } catch (JsonProcessingException e) {
            return String.valueOf(value);
        }
    }
}
