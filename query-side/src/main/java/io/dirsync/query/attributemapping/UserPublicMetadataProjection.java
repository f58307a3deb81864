package io.dirsync.query.attributemapping;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.core.type.TypeReference;
import com.fasterxml.jackson.databind.ObjectMapper;
import io.dirsync.api.attributemapping.AttributeMapping;
import io.dirsync.api.attributemapping.AttributeMappingsReplacedEvent;
import io.dirsync.api.attributemapping.FindUserPublicMetadataQuery;
import io.dirsync.api.user.UserDeactivatedEvent;
import io.dirsync.api.user.UserDeletedEvent;
import io.dirsync.api.user.UserErasedEvent;
import io.dirsync.api.user.UserProfile;
import io.dirsync.api.user.UserProfileUpdatedEvent;
import io.dirsync.api.user.UserProvisionedEvent;
import io.dirsync.api.user.UserReactivatedEvent;
import io.dirsync.api.user.UserReprovisionedEvent;
import io.dirsync.scim.user.PublicMetadataEvaluator;
import org.axonframework.config.ProcessingGroup;
import org.axonframework.eventhandling.EventHandler;
import org.axonframework.eventhandling.ResetHandler;
import org.axonframework.queryhandling.QueryHandler;
import org.springframework.jdbc.core.JdbcTemplate;
import org.springframework.stereotype.Component;

import java.util.ArrayList;
import java.util.List;
import java.util.Map;

/**
 * Each user's mapped {@code publicMetadata}: the connection's attribute mappings evaluated against the user's
 * SCIM rendering, after every profile or status change and, for every user of the connection, after every
 * mapping change. A pooled streaming projection ordered per connection ({@link ConnectionSequencingPolicy}); it
 * keeps the last profile it saw of each user so a mapping change needs no other view, and every handler
 * overwrites rather than accumulates, so applying an event twice or replaying from the first event gives the
 * same table.
 */
@Component
@ProcessingGroup(UserPublicMetadataProjection.PROCESSING_GROUP)
public class UserPublicMetadataProjection {
    public static final String PROCESSING_GROUP = "user-public-metadata";
    private static final int PAGE = 500;
    private static final TypeReference<List<AttributeMapping>> MAPPINGS = new TypeReference<>() {
    };
    private static final TypeReference<Map<String, Object>> METADATA = new TypeReference<>() {
    };

    private final JdbcTemplate jdbc;
    private final ObjectMapper objectMapper;
    private final PublicMetadataEvaluator evaluator;

    public UserPublicMetadataProjection(JdbcTemplate jdbc, ObjectMapper objectMapper, PublicMetadataEvaluator evaluator) {
        this.jdbc = jdbc;
        this.objectMapper = objectMapper;
        this.evaluator = evaluator;
    }

    private record Row(String userId, UserProfile profile, boolean active) {
    }

    @EventHandler
    void on(UserProvisionedEvent event) {
        write(event.userId(), event.connectionId(), event.profile(), event.active());
    }

    @EventHandler
    void on(UserReprovisionedEvent event) {
        write(event.userId(), event.connectionId(), event.profile(), event.active());
    }

    @EventHandler
    void on(UserProfileUpdatedEvent event) {
        write(event.userId(), event.connectionId(), event.profile(), active(event.userId()));
    }

    @EventHandler
    void on(UserDeactivatedEvent event) {
        status(event.userId(), event.connectionId(), false);
    }

    @EventHandler
    void on(UserReactivatedEvent event) {
        status(event.userId(), event.connectionId(), true);
    }

    /** The directory user stays (deactivated, history kept), and so do its values. */
    @EventHandler
    void on(UserDeletedEvent event) {
        status(event.userId(), event.connectionId(), false);
    }

    /** Unlike a deletion, an erasure takes the copied profile and the values derived from it. */
    @EventHandler
    void on(UserErasedEvent event) {
        jdbc.update("DELETE FROM user_public_metadata WHERE user_id = ?", event.userId());
    }

    /** Re-evaluates every user of the connection, a page at a time, so memory stays flat however many there are. */
    @EventHandler
    void on(AttributeMappingsReplacedEvent event) {
        String mappings = json(event.mappings());
        if (jdbc.update("UPDATE public_metadata_mapping SET mappings = ? WHERE connection_id = ?", mappings, event.connectionId()) == 0) {
            jdbc.update("INSERT INTO public_metadata_mapping (connection_id, mappings) VALUES (?, ?)", event.connectionId(), mappings);
        }
        PublicMetadataEvaluator.Compiled compiled = evaluator.compile(event.mappings());
        String after = "";
        List<Row> page;
        do {
            page = jdbc.query("SELECT user_id, profile, active FROM user_public_metadata WHERE connection_id = ? AND user_id > ?"
                            + " ORDER BY user_id LIMIT ?",
                    (rs, i) -> new Row(rs.getString(1), read(rs.getString(2), UserProfile.class), rs.getBoolean(3)),
                    event.connectionId(), after, PAGE);
            List<Object[]> updates = new ArrayList<>();
            for (Row row : page) {
                updates.add(new Object[]{json(compiled.valuesFor(row.profile(), row.active())), row.userId()});
                after = row.userId();
            }
            jdbc.batchUpdate("UPDATE user_public_metadata SET metadata = ? WHERE user_id = ?", updates);
        } while (page.size() == PAGE);
    }

    @ResetHandler
    void reset() {
        jdbc.update("DELETE FROM user_public_metadata");
        jdbc.update("DELETE FROM public_metadata_mapping");
    }

    /**
     * Answers an empty map for a user without mapped values or not seen yet. Declared with the raw {@code Map}
     * because Axon matches {@code ResponseTypes.instanceOf(Map.class)} only against a raw return type, not
     * against {@code Map<String, Object>}.
     */
    @QueryHandler
    @SuppressWarnings("rawtypes")
    public Map handle(FindUserPublicMetadataQuery query) {
        return jdbc.queryForList("SELECT metadata FROM user_public_metadata WHERE user_id = ?", String.class, query.userId())
                .stream().findFirst().map(metadata -> read(metadata, METADATA)).orElse(Map.of());
    }

    private void status(String userId, String connectionId, boolean active) {
        jdbc.queryForList("SELECT profile FROM user_public_metadata WHERE user_id = ?", String.class, userId).stream().findFirst()
                .ifPresent(profile -> write(userId, connectionId, read(profile, UserProfile.class), active));
    }

    private boolean active(String userId) {
        return jdbc.queryForList("SELECT active FROM user_public_metadata WHERE user_id = ?", Boolean.class, userId)
                .stream().findFirst().orElse(true);
    }

    private void write(String userId, String connectionId, UserProfile profile, boolean active) {
        String metadata = json(evaluator.compile(mappings(connectionId)).valuesFor(profile, active));
        if (jdbc.update("UPDATE user_public_metadata SET connection_id = ?, profile = ?, active = ?, metadata = ? WHERE user_id = ?",
                connectionId, json(profile), active, metadata, userId) == 0) {
            jdbc.update("INSERT INTO user_public_metadata (user_id, connection_id, profile, active, metadata) VALUES (?, ?, ?, ?, ?)",
                    userId, connectionId, json(profile), active, metadata);
        }
    }

    private List<AttributeMapping> mappings(String connectionId) {
        return jdbc.queryForList("SELECT mappings FROM public_metadata_mapping WHERE connection_id = ?", String.class, connectionId)
                .stream().findFirst().map(json -> read(json, MAPPINGS)).orElse(List.of());
    }

    private String json(Object value) {
        try {
            return objectMapper.writeValueAsString(value);
        } catch (JsonProcessingException e) {
            throw new IllegalStateException("Not serialisable: " + value.getClass().getName(), e);
        }
    }

    private <T> T read(String json, Class<T> type) {
        try {
            return objectMapper.readValue(json, type);
        } catch (JsonProcessingException e) {
            throw new IllegalStateException("Unreadable " + type.getSimpleName() + " in user_public_metadata", e);
        }
    }

    private <T> T read(String json, TypeReference<T> type) {
        try {
            return objectMapper.readValue(json, type);
        } catch (JsonProcessingException e) {
            throw new IllegalStateException("Unreadable JSON in user_public_metadata", e);
        }
    }
}
