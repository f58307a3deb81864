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
import io.dirsync.query.support.BatchRows;
import io.dirsync.query.support.MultiRowInsert;
import io.dirsync.scim.user.PublicMetadataEvaluator;
import org.axonframework.config.ProcessingGroup;
import org.axonframework.eventhandling.DomainEventMessage;
import org.axonframework.eventhandling.EventHandler;
import org.axonframework.eventhandling.ResetHandler;
import org.axonframework.messaging.unitofwork.CurrentUnitOfWork;
import org.axonframework.queryhandling.QueryHandler;
import org.springframework.jdbc.core.JdbcTemplate;
import org.springframework.jdbc.core.RowCallbackHandler;
import org.springframework.stereotype.Component;

import java.sql.ResultSet;
import java.sql.SQLException;
import java.util.ArrayList;
import java.util.Collection;
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
 * same table. It also keeps each user's values over time, citing the events that set them, for the access review's
 * snapshot ({@link MetadataHistory}).
 */
@Component
@ProcessingGroup(UserPublicMetadataProjection.PROCESSING_GROUP)
public class UserPublicMetadataProjection {
    public static final String PROCESSING_GROUP = "user-public-metadata";
    private static final int PAGE = 500;
    private static final String ROW = "user_id, profile, active, manual";
    private static final String PENDING = UserPublicMetadataProjection.class.getName() + ".pending";
    private static final String COMPILED_MAPPINGS = UserPublicMetadataProjection.class.getName() + ".compiledMappings";
    private static final TypeReference<List<AttributeMapping>> MAPPINGS = new TypeReference<>() {};
    private static final TypeReference<Map<String, Object>> METADATA = new TypeReference<>() {};

    private final JdbcTemplate jdbc;
    private final StoredJson json;
    private final PublicMetadataEvaluator evaluator;
    private final MetadataHistory history;

    public UserPublicMetadataProjection(
            JdbcTemplate jdbc, ObjectMapper objectMapper, PublicMetadataEvaluator evaluator) {
        this.jdbc = jdbc;
        this.json = new StoredJson(objectMapper);
        this.evaluator = evaluator;
        this.history = new MetadataHistory(jdbc);
    }

    private record Row(String userId, UserProfile profile, boolean active, Map<String, Object> manual) {}

    /**
     * What a batch's writes need of a stored row: its status, hand edits and the profile as stored, parsed only when a
     * status change has no newer profile (parsing it cost as much as the rest).
     */
    private record Stored(boolean active, Map<String, Object> manual, String profile) {}

    /** A profile or status change of a user; null fields keep what the user had. */
    private record Change(String connectionId, UserProfile profile, Boolean active, DomainEventMessage<?> event) {}

    /**
     * Profile and status changes are written together when the processor's batch commits: an IdP's full sync, or a
     * replay, is mostly these events, and every user's row needed a read and a write of its own. One connection's
     * events go through one segment, so this projection has no other thread to spread them over. Every other handler
     * writes what is pending first, so each user's statements still run in event order.
     */
    @EventHandler
    void on(UserProvisionedEvent event, DomainEventMessage<?> message) {
        change(event.userId(), new Change(event.connectionId(), event.profile(), event.active(), message));
    }

    @EventHandler
    void on(UserReprovisionedEvent event, DomainEventMessage<?> message) {
        change(event.userId(), new Change(event.connectionId(), event.profile(), event.active(), message));
    }

    @EventHandler
    void on(UserProfileUpdatedEvent event, DomainEventMessage<?> message) {
        change(event.userId(), new Change(event.connectionId(), event.profile(), null, message));
    }

    @EventHandler
    void on(UserDeactivatedEvent event, DomainEventMessage<?> message) {
        change(event.userId(), new Change(event.connectionId(), null, false, message));
    }

    @EventHandler
    void on(UserReactivatedEvent event, DomainEventMessage<?> message) {
        change(event.userId(), new Change(event.connectionId(), null, true, message));
    }

    /** The directory user stays (deactivated, history kept), and so do its values. */
    @EventHandler
    void on(UserDeletedEvent event, DomainEventMessage<?> message) {
        change(event.userId(), new Change(event.connectionId(), null, false, message));
    }

    /**
     * Unlike a deletion, an erasure takes the copied profile and the values derived from it, in the history too: the
     * user's intervals keep their times and evidence, not their values.
     */
    @EventHandler
    void on(UserErasedEvent event, DomainEventMessage<?> message) {
        writePending();
        jdbc.update("DELETE FROM user_public_metadata WHERE user_id = ?", event.userId());
        history.write(List.of(new MetadataHistory.Value(event.userId(), event.connectionId(), null, message)));
    }

    @EventHandler
    void on(PublicMetadataEditedEvent event, DomainEventMessage<?> message) {
        writePending();
        row(event.userId()).ifPresent(row -> {
            Map<String, Object> manual = new LinkedHashMap<>(row.manual());
            manual.putAll(event.set());
            event.removed().forEach(manual::remove);
            String metadata =
                    json.write(overlay(compiled(event.connectionId()).valuesFor(row.profile(), row.active()), manual));
            jdbc.update(
                    "UPDATE user_public_metadata SET metadata = ?, manual = ? WHERE user_id = ?",
                    metadata,
                    json.write(manual),
                    row.userId());
            history.write(List.of(new MetadataHistory.Value(row.userId(), event.connectionId(), metadata, message)));
        });
    }

    @EventHandler
    void on(AttributeMappingsReplacedEvent event, DomainEventMessage<?> message) {
        writePending();
        String mappings = json.write(event.mappings());
        if (jdbc.update(
                        "UPDATE public_metadata_mapping SET mappings = ? WHERE connection_id = ?",
                        mappings,
                        event.connectionId())
                == 0) {
            jdbc.update(
                    "INSERT INTO public_metadata_mapping (connection_id, mappings) VALUES (?, ?)",
                    event.connectionId(),
                    mappings);
        }
        compiledInThisBatch().remove(event.connectionId());
        reevaluate(event.connectionId(), message);
    }

    @EventHandler
    void on(DirectorySyncDisabledEvent event) {
        writePending();
        switchSync(event.connectionId(), false);
    }

    @EventHandler
    void on(DirectorySyncEnabledEvent event, DomainEventMessage<?> message) {
        writePending();
        switchSync(event.connectionId(), true);
        reevaluate(event.connectionId(), message);
    }

    @ResetHandler
    void reset() {
        jdbc.update("DELETE FROM user_public_metadata");
        jdbc.update("DELETE FROM public_metadata_mapping");
        history.reset();
    }

    /**
     * Answers an empty map for a user without mapped values or not seen yet. Declared with the raw {@code Map}
     * because Axon matches {@code ResponseTypes.instanceOf(Map.class)} only against a raw return type, not
     * against {@code Map<String, Object>}.
     */
    @QueryHandler
    @SuppressWarnings("rawtypes")
    public Map handle(FindUserPublicMetadataQuery query) {
        return jdbc
                .queryForList(
                        "SELECT metadata FROM user_public_metadata WHERE user_id = ?", String.class, query.userId())
                .stream()
                .findFirst()
                .map(metadata -> json.read(metadata, METADATA))
                .orElse(Map.of());
    }

    /**
     * Every user of the connection, a page at a time so memory stays flat however many there are: mapped values
     * again, and while sync is on, hand edits of mapped keys dropped. Users whose values change get an interval in the
     * history citing {@code cause}.
     */
    private void reevaluate(String connectionId, DomainEventMessage<?> cause) {
        List<AttributeMapping> mappings = mappings(connectionId);
        PublicMetadataEvaluator.Compiled compiled = evaluator.compile(mappings);
        Set<String> locked = syncEnabled(connectionId)
                ? mappings.stream().map(AttributeMapping::attribute).collect(Collectors.toSet())
                : Set.of();
        String after = "";
        List<Row> page;
        do {
            page = jdbc.query(
                    "SELECT " + ROW + " FROM user_public_metadata WHERE connection_id = ? AND user_id > ?"
                            + " ORDER BY user_id LIMIT ?",
                    this::toRow,
                    connectionId,
                    after,
                    PAGE);
            List<Object[]> updates = new ArrayList<>();
            List<MetadataHistory.Value> values = new ArrayList<>();
            for (Row row : page) {
                Map<String, Object> manual = new LinkedHashMap<>(row.manual());
                manual.keySet().removeAll(locked);
                String metadata = json.write(overlay(compiled.valuesFor(row.profile(), row.active()), manual));
                updates.add(new Object[] {metadata, json.write(manual), row.userId()});
                values.add(new MetadataHistory.Value(row.userId(), connectionId, metadata, cause));
                after = row.userId();
            }
            jdbc.batchUpdate("UPDATE user_public_metadata SET metadata = ?, manual = ? WHERE user_id = ?", updates);
            history.write(values);
        } while (page.size() == PAGE);
    }

    private void switchSync(String connectionId, boolean enabled) {
        if (jdbc.update(
                        "UPDATE public_metadata_mapping SET sync_enabled = ? WHERE connection_id = ?",
                        enabled,
                        connectionId)
                == 0) {
            jdbc.update(
                    "INSERT INTO public_metadata_mapping (connection_id, mappings, sync_enabled) VALUES (?, '[]', ?)",
                    connectionId,
                    enabled);
        }
    }

    private void change(String userId, Change change) {
        Map<String, List<Change>> pending = BatchRows.ofThisBatch(PENDING, LinkedHashMap::new, this::write);
        if (pending == null) {
            write(new HashMap<>(Map.of(userId, List.of(change))));
            return;
        }
        pending.computeIfAbsent(userId, id -> new ArrayList<>()).add(change);
    }

    private void writePending() {
        Map<String, List<Change>> pending = BatchRows.collected(PENDING);
        if (pending != null) {
            write(pending);
        }
    }

    /**
     * One read of the stored rows, then one batch of updates and one of inserts. Each user's changes are applied in
     * order, each giving a value for the history. A user without a row gets one from a profile (a status change alone
     * has nothing to map and leaves no row), active unless the batch said otherwise.
     */
    private void write(Map<String, List<Change>> pending) {
        if (pending.isEmpty()) {
            return;
        }
        Map<String, Stored> stored = stored(pending.keySet());
        List<Object[]> updates = new ArrayList<>();
        List<Object[]> inserts = new ArrayList<>();
        List<MetadataHistory.Value> values = new ArrayList<>();
        pending.forEach((userId, changes) -> {
            Stored row = stored.get(userId);
            Map<String, Object> manual = row == null ? Map.of() : row.manual();
            String profileJson = row == null ? null : row.profile();
            UserProfile profile = null;
            boolean active = row == null || row.active();
            String connectionId = null;
            String metadata = null;
            for (Change change : changes) {
                if (profileJson == null && profile == null && change.profile() == null) {
                    continue;
                }
                if (change.profile() != null) {
                    profile = change.profile();
                    profileJson = null;
                } else if (profile == null) {
                    profile = json.read(profileJson, UserProfile.class);
                }
                active = change.active() != null ? change.active() : active;
                connectionId = change.connectionId();
                metadata = json.write(overlay(compiled(connectionId).valuesFor(profile, active), manual));
                values.add(new MetadataHistory.Value(userId, connectionId, metadata, change.event()));
            }
            if (metadata == null) {
                return;
            }
            String profileText = profileJson != null ? profileJson : json.write(profile);
            if (row == null) {
                inserts.add(new Object[] {userId, connectionId, profileText, active, metadata, json.write(manual)});
            } else {
                updates.add(new Object[] {connectionId, profileText, active, metadata, json.write(manual), userId});
            }
        });
        pending.clear();
        jdbc.batchUpdate(
                "UPDATE user_public_metadata SET connection_id = ?, profile = ?, active = ?, metadata = ?, manual = ?"
                        + " WHERE user_id = ?",
                updates);
        MultiRowInsert.insert(
                jdbc, "user_public_metadata", "user_id, connection_id, profile, active, metadata, manual", inserts);
        history.write(values);
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

    private Map<String, Stored> stored(Collection<String> userIds) {
        Map<String, Stored> stored = new HashMap<>();
        jdbc.query(
                "SELECT user_id, active, manual, profile FROM user_public_metadata WHERE user_id = ANY(?)",
                (RowCallbackHandler) rs -> stored.put(
                        rs.getString(1),
                        new Stored(rs.getBoolean(2), json.read(rs.getString(3), METADATA), rs.getString(4))),
                (Object) userIds.toArray(String[]::new));
        return stored;
    }

    private Optional<Row> row(String userId) {
        return jdbc
                .query("SELECT " + ROW + " FROM user_public_metadata WHERE user_id = ?", this::toRow, userId)
                .stream()
                .findFirst();
    }

    private Row toRow(ResultSet rs, int rowNumber) throws SQLException {
        return new Row(
                rs.getString(1),
                json.read(rs.getString(2), UserProfile.class),
                rs.getBoolean(3),
                json.read(rs.getString(4), METADATA));
    }

    private boolean syncEnabled(String connectionId) {
        return jdbc
                .queryForList(
                        "SELECT sync_enabled FROM public_metadata_mapping WHERE connection_id = ?",
                        Boolean.class,
                        connectionId)
                .stream()
                .findFirst()
                .orElse(true);
    }

    private List<AttributeMapping> mappings(String connectionId) {
        return jdbc
                .queryForList(
                        "SELECT mappings FROM public_metadata_mapping WHERE connection_id = ?",
                        String.class,
                        connectionId)
                .stream()
                .findFirst()
                .map(mappings -> json.read(mappings, MAPPINGS))
                .orElse(List.of());
    }
}
