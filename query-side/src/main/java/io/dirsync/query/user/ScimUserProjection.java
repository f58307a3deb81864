package io.dirsync.query.user;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.ObjectMapper;
import io.dirsync.api.user.FindScimUserQuery;
import io.dirsync.api.user.ListScimUsersQuery;
import io.dirsync.api.user.UserDeactivatedEvent;
import io.dirsync.api.user.UserDeletedEvent;
import io.dirsync.api.user.UserErasedEvent;
import io.dirsync.api.user.UserPage;
import io.dirsync.api.user.UserProfile;
import io.dirsync.api.user.UserProfileUpdatedEvent;
import io.dirsync.api.user.UserProvisionedEvent;
import io.dirsync.api.user.UserReactivatedEvent;
import io.dirsync.api.user.UserReprovisionedEvent;
import io.dirsync.api.user.UserState;
import io.dirsync.query.filter.FilterSql;
import io.dirsync.query.filter.PagedSelect;
import io.dirsync.query.filter.SqlCondition;
import io.dirsync.query.rebuild.AggregateRebuild;
import io.dirsync.query.rebuild.RebuildableReadModel;
import io.dirsync.query.support.EventTimes;
import io.dirsync.query.support.SqlLists;
import org.axonframework.config.ProcessingGroup;
import org.axonframework.eventhandling.EventHandler;
import org.axonframework.eventhandling.SequenceNumber;
import org.axonframework.eventhandling.Timestamp;
import org.axonframework.queryhandling.QueryHandler;
import org.springframework.jdbc.core.JdbcTemplate;
import org.springframework.jdbc.core.RowMapper;
import org.springframework.stereotype.Component;

import java.sql.ResultSet;
import java.sql.SQLException;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.HashSet;
import java.util.List;
import java.util.Locale;
import java.util.Optional;
import java.util.Set;

/**
 * The SCIM read model of users. It runs in a subscribing processor, in the transaction that stores the
 * event, so a GET that follows an answered write sees it, on any node sharing the database. Rebuilt one user at a
 * time ({@link RebuildableReadModel}): every handler writes the {@code scim_user} row before the search rows.
 */
@Component
@ProcessingGroup(ScimUserProjection.PROCESSING_GROUP)
public class ScimUserProjection implements RebuildableReadModel {
    public static final String PROCESSING_GROUP = "scim-users";
    private static final String COLUMNS = "user_id, connection_id, profile, active, version, created_at, last_modified";
    /** Every column of a user's row but its id, in the order the creating handler gives their values. */
    private static final String[] NEW_USER_COLUMNS =
            ("connection_id, user_name, user_name_key, external_id, display_name,"
                            + " primary_email, profile, active, deleted, version, created_at, last_modified, "
                            + UserSearchColumns.KEY_COLUMNS)
                    .split(", ");

    private static final String OVERWRITE_USER =
            "UPDATE scim_user SET " + String.join(" = ?, ", NEW_USER_COLUMNS) + " = ? WHERE user_id = ?";
    private static final String INSERT_USER = "INSERT INTO scim_user (" + String.join(", ", NEW_USER_COLUMNS)
            + ", user_id) VALUES (" + "?, ".repeat(NEW_USER_COLUMNS.length) + "?)";
    // Where a value sits in a row's parameters (INSERT_USER's order), for the later events of a held row.
    private static final int CONNECTION = column("connection_id");
    private static final int ACTIVE = column("active");
    private static final int DELETED = column("deleted");
    private static final int VERSION = column("version");
    private static final int CREATED_AT = column("created_at");
    private static final int LAST_MODIFIED = column("last_modified");

    private final JdbcTemplate jdbc;
    private final ObjectMapper objectMapper;
    private final RowMapper<UserState> rowMapper = this::toState;
    private final UserSearchColumns searchColumns;
    private final HeldUserRows heldRows;

    public ScimUserProjection(JdbcTemplate jdbc, ObjectMapper objectMapper) {
        this.jdbc = jdbc;
        this.objectMapper = objectMapper;
        this.searchColumns = new UserSearchColumns(jdbc);
        String[] columns = Arrays.copyOf(NEW_USER_COLUMNS, NEW_USER_COLUMNS.length + 1);
        columns[NEW_USER_COLUMNS.length] = "user_id";
        this.heldRows = new HeldUserRows(jdbc, columns, OVERWRITE_USER);
    }

    /**
     * Inserts the row; a rebuild overwrites the row if there is one ({@link RebuildableReadModel}), which live, for an
     * id the command has just chosen, there never is. A rebuild in sets holds the row until its batch is applied.
     */
    @EventHandler
    void on(UserProvisionedEvent event, @SequenceNumber long sequence, @Timestamp Instant at) {
        var stored = EventTimes.stored(at);
        Object[] parameters = row(
                event.userId(), event.connectionId(), event.profile(), event.active(), false, sequence, stored, stored);
        if (!heldRows.hold(event.userId(), parameters)
                && (!AggregateRebuild.rebuilding() || jdbc.update(OVERWRITE_USER, parameters) == 0)) {
            jdbc.update(INSERT_USER, parameters);
        }
        searchColumns.writeRowsOfNewUser(event.userId(), event.connectionId(), event.profile());
    }

    @EventHandler
    void on(UserReprovisionedEvent event, @SequenceNumber long sequence, @Timestamp Instant at) {
        writeProfile(event.userId(), event.connectionId(), event.profile(), sequence, at);
        Object[] held = heldRows.held(event.userId());
        if (held != null) {
            held[ACTIVE] = event.active();
            held[DELETED] = false;
            return;
        }
        jdbc.update(
                "UPDATE scim_user SET active = ?, deleted = FALSE WHERE user_id = ?", event.active(), event.userId());
    }

    @EventHandler
    void on(UserProfileUpdatedEvent event, @SequenceNumber long sequence, @Timestamp Instant at) {
        writeProfile(event.userId(), event.connectionId(), event.profile(), sequence, at);
    }

    @EventHandler
    void on(UserDeactivatedEvent event, @SequenceNumber long sequence, @Timestamp Instant at) {
        writeStatus(event.userId(), false, false, sequence, at);
    }

    @EventHandler
    void on(UserReactivatedEvent event, @SequenceNumber long sequence, @Timestamp Instant at) {
        writeStatus(event.userId(), true, false, sequence, at);
    }

    @EventHandler
    void on(UserDeletedEvent event, @SequenceNumber long sequence, @Timestamp Instant at) {
        writeStatus(event.userId(), false, true, sequence, at);
    }

    /** The row and its search indexes go; a deleted-but-kept row would still hold the profile. */
    @EventHandler
    void on(UserErasedEvent event) {
        heldRows.drop(event.userId());
        jdbc.update("DELETE FROM scim_user WHERE user_id = ?", event.userId());
        searchColumns.delete(event.userId());
    }

    @Override
    public String processingGroup() {
        return PROCESSING_GROUP;
    }

    @Override
    public Class<?> creatingEvent() {
        return UserProvisionedEvent.class;
    }

    @Override
    public boolean lockMainRow(String userId) {
        return !jdbc.queryForList("SELECT user_id FROM scim_user WHERE user_id = ? FOR UPDATE", String.class, userId)
                .isEmpty();
    }

    @Override
    public void deleteDependentRows(String userId) {
        searchColumns.delete(userId);
    }

    /** Ascending order, as the default's one by one: PostgreSQL locks the rows in the order they are returned. */
    @Override
    public Set<String> lockMainRows(List<String> sortedIds) {
        return new HashSet<>(jdbc.queryForList(
                "SELECT user_id FROM scim_user WHERE user_id IN (" + SqlLists.placeholders(sortedIds.size())
                        + ") ORDER BY user_id FOR UPDATE",
                String.class,
                sortedIds.toArray()));
    }

    @Override
    public void deleteDependentRows(List<String> userIds) {
        searchColumns.delete(userIds);
    }

    @QueryHandler
    public Optional<UserState> handle(FindScimUserQuery query) {
        return jdbc
                .query(
                        "SELECT " + COLUMNS + " FROM scim_user WHERE user_id = ? AND connection_id = ? AND NOT deleted",
                        rowMapper,
                        query.userId(),
                        query.connectionId())
                .stream()
                .findFirst();
    }

    @QueryHandler
    public UserPage handle(ListScimUsersQuery query) {
        SqlCondition condition = FilterSql.where(query.filter(), UserColumns.USERS);
        String orderBy = UserColumns.USERS.orderBy(query.sortBy(), query.descending());
        String where = " FROM scim_user WHERE connection_id = ? AND NOT deleted AND (" + condition.sql() + ")";
        List<Object> params = new ArrayList<>();
        params.add(query.connectionId());
        params.addAll(condition.parameters());
        PagedSelect.Page<UserState> page =
                PagedSelect.read(jdbc, COLUMNS, where, params, orderBy, query.startIndex(), query.count(), rowMapper);
        return new UserPage(page.totalResults(), page.resources());
    }

    /** A user's row as {@link #INSERT_USER} takes it: {@link #NEW_USER_COLUMNS}, then the id. */
    private Object[] row(
            String userId,
            String connectionId,
            UserProfile p,
            boolean active,
            boolean deleted,
            long version,
            Object createdAt,
            Object lastModified) {
        return concat(
                new Object[] {connectionId},
                profileColumns(p),
                new Object[] {active, deleted, version, createdAt, lastModified},
                UserSearchColumns.keys(p),
                new Object[] {userId});
    }

    /** The columns a profile sets, in {@link #NEW_USER_COLUMNS}' order from {@code user_name} to {@code profile}. */
    private Object[] profileColumns(UserProfile p) {
        return new Object[] {p.userName(), key(p.userName()), p.externalId(), p.displayName(), p.primaryEmail(), json(p)
        };
    }

    private static Object[] concat(Object[]... parts) {
        return Arrays.stream(parts).flatMap(Arrays::stream).toArray();
    }

    private static int column(String name) {
        return Arrays.asList(NEW_USER_COLUMNS).indexOf(name);
    }

    private void writeProfile(String userId, String connectionId, UserProfile p, long sequence, Instant at) {
        Object[] held = heldRows.held(userId);
        if (held != null) {
            Object[] row = row(
                    userId,
                    (String) held[CONNECTION],
                    p,
                    (boolean) held[ACTIVE],
                    (boolean) held[DELETED],
                    sequence,
                    held[CREATED_AT],
                    EventTimes.stored(at));
            System.arraycopy(row, 0, held, 0, row.length);
            searchColumns.rewriteCollected(userId, connectionId, p);
            return;
        }
        jdbc.update(
                "UPDATE scim_user SET user_name = ?, user_name_key = ?, external_id = ?, display_name = ?, primary_email = ?,"
                        + " profile = ?, version = ?, last_modified = ? WHERE user_id = ?",
                concat(profileColumns(p), new Object[] {sequence, EventTimes.stored(at), userId}));
        searchColumns.write(userId, connectionId, p);
    }

    private void writeStatus(String userId, boolean active, boolean deleted, long sequence, Instant at) {
        Object[] held = heldRows.held(userId);
        if (held != null) {
            held[ACTIVE] = active;
            held[DELETED] = deleted;
            held[VERSION] = sequence;
            held[LAST_MODIFIED] = EventTimes.stored(at);
            return;
        }
        jdbc.update(
                "UPDATE scim_user SET active = ?, deleted = ?, version = ?, last_modified = ? WHERE user_id = ?",
                active,
                deleted,
                sequence,
                EventTimes.stored(at),
                userId);
    }

    private UserState toState(ResultSet rs, int row) throws SQLException {
        try {
            return new UserState(
                    rs.getString("user_id"),
                    rs.getString("connection_id"),
                    objectMapper.readValue(rs.getString("profile"), UserProfile.class),
                    rs.getBoolean("active"),
                    rs.getLong("version"),
                    rs.getTimestamp("created_at").toInstant(),
                    rs.getTimestamp("last_modified").toInstant());
        } catch (JsonProcessingException e) {
            throw new IllegalStateException("Unreadable profile of user " + rs.getString("user_id"), e);
        }
    }

    private String json(UserProfile profile) {
        try {
            return objectMapper.writeValueAsString(profile);
        } catch (JsonProcessingException e) {
            throw new IllegalStateException("Profile not serialisable", e);
        }
    }

    static String key(String userName) {
        return userName.toLowerCase(Locale.ROOT);
    }
}
