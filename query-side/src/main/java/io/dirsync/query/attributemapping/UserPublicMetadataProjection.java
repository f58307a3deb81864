package io.dirsync.query.attributemapping;

import com.fasterxml.jackson.core.type.TypeReference;
import com.fasterxml.jackson.databind.ObjectMapper;
import io.dirsync.api.attributemapping.AttributeMapping;
import io.dirsync.api.attributemapping.AttributeMappingsReplacedEvent;
import io.dirsync.api.attributemapping.FindUserPublicMetadataQuery;
import io.dirsync.api.attributemapping.PublicMetadataEditedEvent;
import io.dirsync.api.rolemapping.DirectorySyncDisabledEvent;
import io.dirsync.api.rolemapping.DirectorySyncEnabledEvent;
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
import org.axonframework.messaging.unitofwork.CurrentUnitOfWork;
import org.axonframework.queryhandling.QueryHandler;
import org.springframework.jdbc.core.JdbcTemplate;
import org.springframework.stereotype.Component;

import java.sql.ResultSet;
import java.sql.SQLException;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.stream.Collectors;

/**
 * Each user's {@code publicMetadata}: the connection's attribute mappings evaluated against the user's SCIM
 * rendering, after every profile or status change and, for every user of the connection, after every mapping
 * change; overlaid with the keys an admin set by hand. A hand edit of a mapped key is only accepted while sync
 * is off, and dropped when sync comes back on or a mapping change maps the key while sync is on: so while sync
 * is on, mapped keys always show the IdP's value, as mapped roles do. A pooled streaming projection ordered per connection ({@link ConnectionSequencingPolicy}); it
 * keeps the last profile it saw of each user so a mapping change needs no other view, and every handler
 * overwrites rather than accumulates, so applying an event twice or replaying from the first event gives the
 * same table.
 */
@Component
@ProcessingGroup(UserPublicMetadataProjection.PROCESSING_GROUP)
public class UserPublicMetadataProjection {
    public static final String PROCESSING_GROUP = "user-public-metadata";
    private static final int PAGE = 500;
    private static final String ROW = "user_id, profile, active, manual";
    private static final String COMPILED_MAPPINGS = UserPublicMetadataProjection.class.getName() + ".compiledMappings";
    private static final TypeReference<List<AttributeMapping>> MAPPINGS = new TypeReference<>() {
    };
    private static final TypeReference<Map<String, Object>> METADATA = new TypeReference<>() {
    };

    private final JdbcTemplate jdbc;
    private final StoredJson json;
    private final PublicMetadataEvaluator evaluator;

    public UserPublicMetadataProjection(JdbcTemplate jdbc, ObjectMapper objectMapper, PublicMetadataEvaluator evaluator) {
        this.jdbc = jdbc;
        this.json = new StoredJson(objectMapper);
        this.evaluator = evaluator;
    }

    private record Row(String userId, UserProfile profile, boolean active, Map<String, Object> manual) {
    }

    /** What a new profile needs of the stored row: not the old profile, whose parsing cost as much as the rest. */
    private record Stored(boolean active, Map<String, Object> manual) {
    }

    @EventHandler
    void on(UserProvisionedEvent event) {
        write(event.userId(), event.connectionId(), event.profile(), event.active(), stored(event.userId()));
    }

    @EventHandler
    void on(UserReprovisionedEvent event) {
        write(event.userId(), event.connectionId(), event.profile(), event.active(), stored(event.userId()));
    }

    @EventHandler
    void on(UserProfileUpdatedEvent event) {
        Optional<Stored> stored = stored(event.userId());
        write(event.userId(), event.connectionId(), event.profile(), stored.map(Stored::active).orElse(true), stored);
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

    @EventHandler
    void on(PublicMetadataEditedEvent event) {
        row(event.userId()).ifPresent(row -> {
            Map<String, Object> manual = new LinkedHashMap<>(row.manual());
            manual.putAll(event.set());
            event.removed().forEach(manual::remove);
            write(event.userId(), event.connectionId(), row.profile(), row.active(), manual, true);
        });
    }

    @EventHandler
    void on(AttributeMappingsReplacedEvent event) {
        String mappings = json.write(event.mappings());
        if (jdbc.update("UPDATE public_metadata_mapping SET mappings = ? WHERE connection_id = ?", mappings, event.connectionId()) == 0) {
            jdbc.update("INSERT INTO public_metadata_mapping (connection_id, mappings) VALUES (?, ?)", event.connectionId(), mappings);
        }
        compiledInThisBatch().remove(event.connectionId());
        reevaluate(event.connectionId());
    }

    @EventHandler
    void on(DirectorySyncDisabledEvent event) {
        switchSync(event.connectionId(), false);
    }

    @EventHandler
    void on(DirectorySyncEnabledEvent event) {
        switchSync(event.connectionId(), true);
        reevaluate(event.connectionId());
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
                .stream().findFirst().map(metadata -> json.read(metadata, METADATA)).orElse(Map.of());
    }

    /**
     * Every user of the connection, a page at a time so memory stays flat however many there are: mapped values
     * again, and while sync is on, hand edits of mapped keys dropped.
     */
    private void reevaluate(String connectionId) {
        List<AttributeMapping> mappings = mappings(connectionId);
        PublicMetadataEvaluator.Compiled compiled = evaluator.compile(mappings);
        Set<String> locked = syncEnabled(connectionId)
                ? mappings.stream().map(AttributeMapping::attribute).collect(Collectors.toSet()) : Set.of();
        String after = "";
        List<Row> page;
        do {
            page = jdbc.query("SELECT " + ROW + " FROM user_public_metadata WHERE connection_id = ? AND user_id > ?"
                    + " ORDER BY user_id LIMIT ?", this::toRow, connectionId, after, PAGE);
            List<Object[]> updates = new ArrayList<>();
            for (Row row : page) {
                Map<String, Object> manual = new LinkedHashMap<>(row.manual());
                manual.keySet().removeAll(locked);
                updates.add(new Object[]{json.write(overlay(compiled.valuesFor(row.profile(), row.active()), manual)), json.write(manual), row.userId()});
                after = row.userId();
            }
            jdbc.batchUpdate("UPDATE user_public_metadata SET metadata = ?, manual = ? WHERE user_id = ?", updates);
        } while (page.size() == PAGE);
    }

    private void switchSync(String connectionId, boolean enabled) {
        if (jdbc.update("UPDATE public_metadata_mapping SET sync_enabled = ? WHERE connection_id = ?", enabled, connectionId) == 0) {
            jdbc.update("INSERT INTO public_metadata_mapping (connection_id, mappings, sync_enabled) VALUES (?, '[]', ?)",
                    connectionId, enabled);
        }
    }

    private void status(String userId, String connectionId, boolean active) {
        row(userId).ifPresent(row -> write(userId, connectionId, row.profile(), active, row.manual(), true));
    }

    private void write(String userId, String connectionId, UserProfile profile, boolean active, Optional<Stored> stored) {
        write(userId, connectionId, profile, active, stored.map(Stored::manual).orElse(Map.of()), stored.isPresent());
    }

    private void write(String userId, String connectionId, UserProfile profile, boolean active, Map<String, Object> manual,
                       boolean stored) {
        String metadata = json.write(overlay(compiled(connectionId).valuesFor(profile, active), manual));
        if (stored) {
            jdbc.update("UPDATE user_public_metadata SET connection_id = ?, profile = ?, active = ?, metadata = ?, manual = ?"
                    + " WHERE user_id = ?", connectionId, json.write(profile), active, metadata, json.write(manual), userId);
        } else {
            jdbc.update("INSERT INTO user_public_metadata (user_id, connection_id, profile, active, metadata, manual)"
                    + " VALUES (?, ?, ?, ?, ?, ?)", userId, connectionId, json.write(profile), active, metadata, json.write(manual));
        }
    }

    /**
     * The connection's mappings, read and compiled once per batch of events rather than once per event. Not kept
     * longer: this projection's segment may move to another node and back, and the mappings with it.
     */
    private PublicMetadataEvaluator.Compiled compiled(String connectionId) {
        return compiledInThisBatch().computeIfAbsent(connectionId, id -> evaluator.compile(mappings(id)));
    }

    private Map<String, PublicMetadataEvaluator.Compiled> compiledInThisBatch() {
        return CurrentUnitOfWork.isStarted()
                ? CurrentUnitOfWork.get().root().getOrComputeResource(COMPILED_MAPPINGS, key -> new HashMap<>())
                : new HashMap<>();
    }

    /** Hand edits win: while sync is on they hold no mapped key, while it is off they are the admin's override. */
    private static Map<String, Object> overlay(Map<String, Object> mapped, Map<String, Object> manual) {
        Map<String, Object> metadata = new LinkedHashMap<>(mapped);
        metadata.putAll(manual);
        return metadata;
    }

    private Optional<Stored> stored(String userId) {
        return jdbc.query("SELECT active, manual FROM user_public_metadata WHERE user_id = ?",
                (rs, i) -> new Stored(rs.getBoolean(1), json.read(rs.getString(2), METADATA)), userId).stream().findFirst();
    }

    private Optional<Row> row(String userId) {
        return jdbc.query("SELECT " + ROW + " FROM user_public_metadata WHERE user_id = ?", this::toRow, userId).stream().findFirst();
    }

    private Row toRow(ResultSet rs, int rowNumber) throws SQLException {
        return new Row(rs.getString(1), json.read(rs.getString(2), UserProfile.class), rs.getBoolean(3), json.read(rs.getString(4), METADATA));
    }

    private boolean syncEnabled(String connectionId) {
        return jdbc.queryForList("SELECT sync_enabled FROM public_metadata_mapping WHERE connection_id = ?", Boolean.class, connectionId)
                .stream().findFirst().orElse(true);
    }

    private List<AttributeMapping> mappings(String connectionId) {
        return jdbc.queryForList("SELECT mappings FROM public_metadata_mapping WHERE connection_id = ?", String.class, connectionId)
                .stream().findFirst().map(mappings -> json.read(mappings, MAPPINGS)).orElse(List.of());
    }
}
