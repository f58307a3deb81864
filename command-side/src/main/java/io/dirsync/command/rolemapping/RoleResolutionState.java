package io.dirsync.command.rolemapping;

import io.dirsync.api.rolemapping.RoleMapping;
import io.dirsync.api.rolemapping.RoleSource;
import org.axonframework.messaging.unitofwork.CurrentUnitOfWork;
import org.axonframework.messaging.unitofwork.UnitOfWork;
import org.springframework.jdbc.core.ConnectionCallback;
import org.springframework.jdbc.core.JdbcTemplate;
import org.springframework.jdbc.core.RowCallbackHandler;
import org.springframework.stereotype.Component;
import org.springframework.transaction.PlatformTransactionManager;
import org.springframework.transaction.support.TransactionTemplate;

import java.util.ArrayList;
import java.util.Collection;
import java.util.Comparator;
import java.util.HashMap;
import java.util.HashSet;
import java.util.LinkedHashMap;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;

/**
 * The role resolver's own tables (rm_*): the facts {@link RoleResolution} needs, and the queue of members
 * to re-resolve ({@code rm_dirty}, with a version so that a mark made while a member is being resolved is
 * not lost). Written only by {@link RoleResolutionProcess}; rebuilt by replay.
 *
 * <p>The marks and assignments of one of the process's batches are written when the batch commits, a few statements
 * for the whole batch: a mapping reorder brings one role event per member, and one statement per event and table was
 * most of what following them cost. Nothing but the process reads them before its batch commits (the resolver sees
 * committed rows only), and the process's own reads of them write the pending ones first.
 */
@Component
public class RoleResolutionState {
    private final JdbcTemplate jdbc;
    private final TransactionTemplate transaction;
    private volatile Boolean postgres;

    public RoleResolutionState(JdbcTemplate jdbc, PlatformTransactionManager transactions) {
        this.jdbc = jdbc;
        this.transaction = new TransactionTemplate(transactions);
    }

    /** Members marked for re-resolution and not yet resolved (committed marks only): the resolver's backlog. */
    public long markedMembers() {
        Long marked = jdbc.queryForObject("SELECT COUNT(*) FROM rm_dirty", Long.class);
        return marked == null ? 0 : marked;
    }

    /** Everything needed to resolve one member. */
    public record Facts(
            String userId,
            String connectionId,
            String organizationId,
            boolean syncEnabled,
            boolean active,
            String defaultRole,
            Set<String> roles,
            List<RoleMapping> mappings,
            Set<String> groups,
            RoleResolution.Assignment current) {

        /** The rule applied to these facts: the resolver passes the connection's mappings, the preview a proposal. */
        public RoleResolution.Assignment resolvedWith(List<RoleMapping> proposed) {
            return RoleResolution.resolve(active, proposed, groups, current, defaultRole, roles);
        }

        /**
         * The assignment the member must be brought to, if it does not hold it. None with sync off: roles are then
         * the admin's to edit until it is back on.
         */
        public Optional<RoleResolution.Assignment> change() {
            if (!syncEnabled) {
                return Optional.empty();
            }
            RoleResolution.Assignment target = resolvedWith(mappings);
            return target.equals(current) ? Optional.empty() : Optional.of(target);
        }
    }

    public record Mark(String userId, long version) {}

    /** The ids of a resolver batch, bound as one array parameter (H2 and PostgreSQL both read it this way). */
    private static final String BATCH = "UNNEST(?) AS b(user_id)";
    /** PostgreSQL: a mark that exists gets a newer version, in the same statement that inserts the missing ones. */
    private static final String RAISE_ON_CONFLICT =
            " ON CONFLICT (user_id) DO UPDATE SET version = rm_dirty.version + 1";

    private static final String PENDING = RoleResolutionState.class.getName() + ".pending";

    /**
     * What the process's current batch has marked and assigned. A mark only has to exist with a version newer than any
     * the resolver read, so marking a member twice in a batch is marking it once; an assignment keeps the batch's last.
     * The members whose assignment changed are looked at once the batch's facts are written ({@link #assigned}).
     */
    private static final class Pending {
        private final Set<String> marks = new LinkedHashSet<>();
        private final Map<String, RoleResolution.Assignment> assignments = new LinkedHashMap<>();
        private final Set<String> rechecks = new LinkedHashSet<>();
    }

    void organizationCreated(String organizationId, String defaultRole, List<String> roles) {
        jdbc.update(
                "INSERT INTO rm_organization (organization_id, default_role) VALUES (?, ?)",
                organizationId,
                defaultRole);
        roles.forEach(role -> roleAdded(organizationId, role));
    }

    void roleAdded(String organizationId, String role) {
        jdbc.update("INSERT INTO rm_role (organization_id, role_key) VALUES (?, ?)", organizationId, role);
    }

    void roleDeleted(String organizationId, String role) {
        jdbc.update("DELETE FROM rm_role WHERE organization_id = ? AND role_key = ?", organizationId, role);
    }

    List<String> connectionsMappingRole(String organizationId, String role) {
        return jdbc.queryForList(
                "SELECT DISTINCT m.connection_id FROM rm_mapping m JOIN rm_connection c ON c.connection_id = m.connection_id"
                        + " WHERE c.organization_id = ? AND m.role_key = ?",
                String.class,
                organizationId,
                role);
    }

    void markHoldersOf(String organizationId, String role) {
        writePendingAssignments();
        jdbc.queryForList(
                        "SELECT a.user_id FROM rm_assignment a JOIN rm_user u ON u.user_id = a.user_id"
                                + " JOIN rm_connection c ON c.connection_id = u.connection_id WHERE c.organization_id = ? AND a.role_key = ?",
                        String.class,
                        organizationId,
                        role)
                .forEach(this::mark);
    }

    void connectionCreated(String connectionId, String organizationId) {
        jdbc.update(
                "INSERT INTO rm_connection (connection_id, organization_id, sync_enabled) VALUES (?, ?, TRUE)",
                connectionId,
                organizationId);
    }

    void mappingsReplaced(String connectionId, List<RoleMapping> mappings) {
        jdbc.update("DELETE FROM rm_mapping WHERE connection_id = ?", connectionId);
        List<Object[]> rows = new ArrayList<>();
        for (int i = 0; i < mappings.size(); i++) {
            rows.add(new Object[] {
                connectionId, i, mappings.get(i).groupId(), mappings.get(i).role()
            });
        }
        jdbc.batchUpdate(
                "INSERT INTO rm_mapping (connection_id, position, group_id, role_key) VALUES (?, ?, ?, ?)", rows);
    }

    void syncEnabled(String connectionId, boolean enabled) {
        jdbc.update("UPDATE rm_connection SET sync_enabled = ? WHERE connection_id = ?", enabled, connectionId);
    }

    /** Marks every user of the connection with set-based statements, however many there are. */
    void markConnection(String connectionId) {
        if (postgres()) {
            jdbc.update(
                    "INSERT INTO rm_dirty (user_id, version) SELECT u.user_id, 1 FROM rm_user u WHERE u.connection_id = ?"
                            + " ORDER BY u.user_id" + RAISE_ON_CONFLICT,
                    connectionId);
            return;
        }
        lockMarksInOrder("user_id IN (SELECT user_id FROM rm_user WHERE connection_id = ?)", connectionId);
        jdbc.update(
                "UPDATE rm_dirty SET version = version + 1 WHERE user_id IN (SELECT user_id FROM rm_user WHERE connection_id = ?)",
                connectionId);
        jdbc.update(
                "INSERT INTO rm_dirty (user_id, version) SELECT u.user_id, 1 FROM rm_user u WHERE u.connection_id = ?"
                        + " AND NOT EXISTS (SELECT 1 FROM rm_dirty d WHERE d.user_id = u.user_id)",
                connectionId);
    }

    /** A user's row, made or brought up to date: on PostgreSQL in one statement, a create's only one here. */
    void user(String userId, String connectionId, boolean active) {
        if (postgres()) {
            jdbc.update(
                    "INSERT INTO rm_user (user_id, connection_id, active) VALUES (?, ?, ?)"
                            + " ON CONFLICT (user_id) DO UPDATE SET active = EXCLUDED.active",
                    userId,
                    connectionId,
                    active);
        } else if (jdbc.update("UPDATE rm_user SET active = ? WHERE user_id = ?", active, userId) == 0) {
            jdbc.update(
                    "INSERT INTO rm_user (user_id, connection_id, active) VALUES (?, ?, ?)",
                    userId,
                    connectionId,
                    active);
        }
        mark(userId);
    }

    void membersAdded(String groupId, List<String> userIds) {
        jdbc.batchUpdate(
                "INSERT INTO rm_membership (group_id, user_id) VALUES (?, ?)",
                userIds.stream().map(id -> new Object[] {groupId, id}).toList());
        userIds.forEach(this::mark);
    }

    void membersRemoved(String groupId, List<String> userIds) {
        jdbc.batchUpdate(
                "DELETE FROM rm_membership WHERE group_id = ? AND user_id = ?",
                userIds.stream().map(id -> new Object[] {groupId, id}).toList());
        userIds.forEach(this::mark);
    }

    void groupDeleted(String groupId) {
        List<String> members =
                jdbc.queryForList("SELECT user_id FROM rm_membership WHERE group_id = ?", String.class, groupId);
        jdbc.update("DELETE FROM rm_membership WHERE group_id = ?", groupId);
        members.forEach(this::mark);
    }

    /**
     * A member's role changed: the assignment is recorded and the member marked if its facts, as followed so far,
     * resolve to something else. The resolver decides from these tables, which follow the events late, so its command
     * may rest on facts that changed before it landed; and a look it took before this event was followed compared the
     * target with the assignment this event replaced, so it may have skipped a member that needed a change. Checked
     * here, once the batch's facts are written, a member whose new role is the one its facts give is not marked: in a
     * mapping reorder that is every member, each of which the resolver would otherwise read and unmark a second time.
     */
    void assigned(String userId, String role, RoleSource source, String mappedGroupId) {
        RoleResolution.Assignment assignment = new RoleResolution.Assignment(role, source, mappedGroupId);
        Pending pending = pending();
        if (pending == null) {
            writeAssignments(Map.of(userId, assignment));
            writeMarks(needingChange(Set.of(userId)));
        } else {
            pending.assignments.put(userId, assignment);
            pending.rechecks.add(userId);
        }
    }

    /** Of these members, those whose facts resolve to an assignment they do not hold. */
    private Set<String> needingChange(Set<String> userIds) {
        Set<String> changing = new LinkedHashSet<>();
        facts(userIds).forEach((userId, facts) -> {
            if (facts.change().isPresent()) {
                changing.add(userId);
            }
        });
        return changing;
    }

    void clear() {
        Pending pending = pendingIfAny();
        if (pending != null) {
            pending.marks.clear();
            pending.assignments.clear();
            pending.rechecks.clear();
        }
        for (String table : List.of(
                "rm_dirty",
                "rm_assignment",
                "rm_membership",
                "rm_user",
                "rm_mapping",
                "rm_connection",
                "rm_role",
                "rm_organization")) {
            jdbc.update("DELETE FROM " + table);
        }
    }

    void mark(String userId) {
        Pending pending = pending();
        if (pending == null) {
            writeMarks(Set.of(userId));
        } else {
            pending.marks.add(userId);
        }
    }

    /** The current batch's pending writes, made on first use and written when it commits; null outside a batch. */
    private Pending pending() {
        if (!CurrentUnitOfWork.isStarted()) {
            return null;
        }
        UnitOfWork<?> batch = CurrentUnitOfWork.get().root();
        return batch.getOrComputeResource(PENDING, key -> {
            Pending pending = new Pending();
            batch.onPrepareCommit(unitOfWork -> {
                writeAssignments(pending.assignments);
                pending.assignments.clear();
                pending.rechecks.removeAll(pending.marks);
                pending.marks.addAll(needingChange(pending.rechecks));
                pending.rechecks.clear();
                writeMarks(pending.marks);
                pending.marks.clear();
            });
            return pending;
        });
    }

    private Pending pendingIfAny() {
        return CurrentUnitOfWork.isStarted() ? CurrentUnitOfWork.get().root().getResource(PENDING) : null;
    }

    private void writePendingAssignments() {
        Pending pending = pendingIfAny();
        if (pending != null) {
            writeAssignments(pending.assignments);
            pending.assignments.clear();
        }
    }

    /**
     * Set-based statements, as {@link #markConnection} has: a newer version where marked, a row where not. On
     * PostgreSQL one upsert in user order: it finds each mark through the primary key whatever the statistics say,
     * and locks the marks in the order the resolver deletes them. The update and the anti-join it replaces were
     * planned from statistics that a table this busy outruns, and could scan the whole table per member while the
     * resolver waited on their locks ({@code docs/benchmarks/access-reviews.md}).
     */
    private void writeMarks(Set<String> userIds) {
        if (userIds.isEmpty()) {
            return;
        }
        Object ids = userIds.toArray(String[]::new);
        if (postgres()) {
            jdbc.update(
                    "INSERT INTO rm_dirty (user_id, version) SELECT b.user_id, 1 FROM " + BATCH + " ORDER BY b.user_id"
                            + RAISE_ON_CONFLICT,
                    ids);
            return;
        }
        // not IN (SELECT ... FROM UNNEST(?)): H2 2.3 matches no row that way
        lockMarksInOrder("user_id = ANY(?)", ids);
        jdbc.update("UPDATE rm_dirty SET version = version + 1 WHERE user_id = ANY(?)", ids);
        jdbc.update(
                "INSERT INTO rm_dirty (user_id, version) SELECT b.user_id, 1 FROM " + BATCH
                        + " WHERE NOT EXISTS (SELECT 1 FROM rm_dirty d WHERE d.user_id = b.user_id)",
                ids);
    }

    /**
     * Locks the marks an update is about to raise in user order, the order {@link #resolved} deletes them in. An
     * update alone locks rows in whatever order its plan visits them, and two segments marking overlapping members
     * (a mapping reorder and a membership change) then deadlocked now and then: PostgreSQL aborted one batch, which
     * Axon retried.
     */
    private void lockMarksInOrder(String condition, Object parameter) {
        jdbc.query(
                "SELECT user_id FROM rm_dirty WHERE " + condition + " ORDER BY user_id FOR UPDATE",
                (RowCallbackHandler) row -> {},
                parameter);
    }

    /**
     * On PostgreSQL one upsert of the batch's arrays; elsewhere one JDBC batch of updates, then one of inserts for the
     * members that had no row. In a mapping reorder every member's assignment changes: one statement per member was
     * the process's most expensive one ({@code docs/benchmarks/role-reresolution.md}).
     */
    private void writeAssignments(Map<String, RoleResolution.Assignment> assignments) {
        if (assignments.isEmpty()) {
            return;
        }
        if (postgres()) {
            List<RoleResolution.Assignment> values = List.copyOf(assignments.values());
            jdbc.update(
                    "INSERT INTO rm_assignment (user_id, role_key, source, mapped_group_id)"
                            + " SELECT * FROM UNNEST(?::text[], ?::text[], ?::text[], ?::text[])"
                            + " ON CONFLICT (user_id) DO UPDATE SET role_key = EXCLUDED.role_key,"
                            + " source = EXCLUDED.source, mapped_group_id = EXCLUDED.mapped_group_id",
                    assignments.keySet().toArray(String[]::new),
                    values.stream().map(RoleResolution.Assignment::role).toArray(String[]::new),
                    values.stream().map(value -> value.source().name()).toArray(String[]::new),
                    values.stream()
                            .map(RoleResolution.Assignment::mappedGroupId)
                            .toArray(String[]::new));
            return;
        }
        List<Object[]> rows = assignments.entrySet().stream()
                .map(entry -> new Object[] {
                    entry.getValue().role(),
                    entry.getValue().source().name(),
                    entry.getValue().mappedGroupId(),
                    entry.getKey()
                })
                .toList();
        int[] updated = jdbc.batchUpdate(
                "UPDATE rm_assignment SET role_key = ?, source = ?, mapped_group_id = ? WHERE user_id = ?", rows);
        List<Object[]> missing = new ArrayList<>();
        for (int i = 0; i < rows.size(); i++) {
            if (updated[i] == 0) {
                Object[] row = rows.get(i);
                missing.add(new Object[] {row[3], row[0], row[1], row[2]});
            }
        }
        if (!missing.isEmpty()) {
            jdbc.batchUpdate(
                    "INSERT INTO rm_assignment (user_id, role_key, source, mapped_group_id) VALUES (?, ?, ?, ?)",
                    missing);
        }
    }

    public List<Mark> marked(int limit) {
        return jdbc.query(
                "SELECT user_id, version FROM rm_dirty ORDER BY user_id LIMIT ?",
                (rs, i) -> new Mark(rs.getString(1), rs.getLong(2)),
                limit);
    }

    /**
     * Unmarks a batch in one transaction (one commit), each member only if no newer mark came meanwhile. On PostgreSQL
     * one delete joined with the batch's ids and versions as two arrays, sorted by user as the process locks marks
     * (a statement per member was a quarter of a reorder's statements, {@code docs/benchmarks/role-reresolution.md});
     * elsewhere one delete by primary key per member, sent as a batch. A single statement with a pair of conditions
     * per member cost PostgreSQL about 30 ms to plan and run for a batch of 200.
     */
    public void resolved(List<Mark> marks) {
        if (marks.isEmpty()) {
            return;
        }
        if (postgres()) {
            List<Mark> inOrder =
                    marks.stream().sorted(Comparator.comparing(Mark::userId)).toList();
            transaction.executeWithoutResult(status -> jdbc.update(
                    "DELETE FROM rm_dirty d USING UNNEST(?::text[], ?::bigint[]) AS v(user_id, version)"
                            + " WHERE d.user_id = v.user_id AND d.version = v.version",
                    inOrder.stream().map(Mark::userId).toArray(String[]::new),
                    inOrder.stream().map(Mark::version).toArray(Long[]::new)));
            return;
        }
        transaction.executeWithoutResult(status -> jdbc.batchUpdate(
                "DELETE FROM rm_dirty WHERE user_id = ? AND version = ?",
                marks.stream()
                        .map(mark -> new Object[] {mark.userId(), mark.version()})
                        .toList()));
    }

    public Optional<Facts> facts(String userId) {
        return Optional.ofNullable(facts(List.of(userId)).get(userId));
    }

    /**
     * The facts of the given users (a resolver batch), read in six statements however many users there are; users
     * without an organization linked are left out, as {@link #facts(String)} leaves them empty.
     * <p>
     * The batch's ids are one array parameter joined as a table ({@link #BATCH}), not an {@code IN} list of 200
     * parameters: PostgreSQL caches a generic plan for a statement run often, and the one it made while the tables were
     * still empty, before their first ANALYZE, scanned all of {@code rm_membership} comparing each row with each of the
     * 200 parameters: 100 ms and more per batch once a directory's groups had filled it. A join with the array hashes
     * it in that case, and uses the indexes once the tables have statistics.
     */
    public Map<String, Facts> facts(Collection<String> userIds) {
        if (userIds.isEmpty()) {
            return Map.of();
        }
        Object ids = userIds.toArray(String[]::new);
        record Head(
                String userId,
                String connectionId,
                boolean active,
                String organizationId,
                boolean syncEnabled,
                String defaultRole) {}
        List<Head> heads = jdbc.query(
                "SELECT u.user_id, u.connection_id, u.active, c.organization_id, c.sync_enabled, o.default_role"
                        + " FROM " + BATCH
                        + " JOIN rm_user u ON u.user_id = b.user_id JOIN rm_connection c ON c.connection_id = u.connection_id"
                        + " JOIN rm_organization o ON o.organization_id = c.organization_id",
                (rs, i) -> new Head(
                        rs.getString(1),
                        rs.getString(2),
                        rs.getBoolean(3),
                        rs.getString(4),
                        rs.getBoolean(5),
                        rs.getString(6)),
                ids);
        Map<String, Set<String>> roles = new HashMap<>();
        Map<String, List<RoleMapping>> mappings = new HashMap<>();
        for (Head head : heads) {
            roles.computeIfAbsent(
                    head.organizationId(),
                    organization -> new HashSet<>(jdbc.queryForList(
                            "SELECT role_key FROM rm_role WHERE organization_id = ?", String.class, organization)));
            mappings.computeIfAbsent(head.connectionId(), this::mappings);
        }
        Map<String, Set<String>> groups = new HashMap<>();
        jdbc.query(
                "SELECT m.user_id, m.group_id FROM " + BATCH + " JOIN rm_membership m ON m.user_id = b.user_id",
                (RowCallbackHandler) rs -> groups.computeIfAbsent(rs.getString(1), id -> new HashSet<>())
                        .add(rs.getString(2)),
                ids);
        Map<String, RoleResolution.Assignment> current = new HashMap<>();
        jdbc.query(
                "SELECT a.user_id, a.role_key, a.source, a.mapped_group_id FROM " + BATCH
                        + " JOIN rm_assignment a ON a.user_id = b.user_id",
                (RowCallbackHandler) rs -> current.put(
                        rs.getString(1),
                        new RoleResolution.Assignment(
                                rs.getString(2), RoleSource.valueOf(rs.getString(3)), rs.getString(4))),
                ids);
        Map<String, Facts> facts = new HashMap<>();
        for (Head head : heads) {
            facts.put(
                    head.userId(),
                    new Facts(
                            head.userId(),
                            head.connectionId(),
                            head.organizationId(),
                            head.syncEnabled(),
                            head.active(),
                            head.defaultRole(),
                            roles.get(head.organizationId()),
                            mappings.get(head.connectionId()),
                            groups.getOrDefault(head.userId(), Set.of()),
                            current.get(head.userId())));
        }
        return facts;
    }

    /** The facts of every user of the connection, read in five statements however many users it has. */
    public List<Facts> connectionFacts(String connectionId) {
        record Head(String organizationId, boolean syncEnabled, String defaultRole) {}
        Optional<Head> head = jdbc
                .query(
                        "SELECT c.organization_id, c.sync_enabled, o.default_role FROM rm_connection c"
                                + " JOIN rm_organization o ON o.organization_id = c.organization_id WHERE c.connection_id = ?",
                        (rs, i) -> new Head(rs.getString(1), rs.getBoolean(2), rs.getString(3)),
                        connectionId)
                .stream()
                .findFirst();
        if (head.isEmpty()) {
            return List.of();
        }
        Set<String> roles = new HashSet<>(jdbc.queryForList(
                "SELECT role_key FROM rm_role WHERE organization_id = ?",
                String.class,
                head.get().organizationId()));
        List<RoleMapping> mappings = mappings(connectionId);
        Map<String, Set<String>> groups = new HashMap<>();
        jdbc.query(
                "SELECT m.user_id, m.group_id FROM rm_membership m JOIN rm_user u ON u.user_id = m.user_id WHERE u.connection_id = ?",
                (RowCallbackHandler) rs -> groups.computeIfAbsent(rs.getString(1), id -> new HashSet<>())
                        .add(rs.getString(2)),
                connectionId);
        Map<String, RoleResolution.Assignment> current = new HashMap<>();
        jdbc.query(
                "SELECT a.user_id, a.role_key, a.source, a.mapped_group_id FROM rm_assignment a JOIN rm_user u ON u.user_id = a.user_id"
                        + " WHERE u.connection_id = ?",
                (RowCallbackHandler) rs -> current.put(
                        rs.getString(1),
                        new RoleResolution.Assignment(
                                rs.getString(2), RoleSource.valueOf(rs.getString(3)), rs.getString(4))),
                connectionId);
        return jdbc.query(
                "SELECT user_id, active FROM rm_user WHERE connection_id = ? ORDER BY user_id",
                (rs, i) -> new Facts(
                        rs.getString(1),
                        connectionId,
                        head.get().organizationId(),
                        head.get().syncEnabled(),
                        rs.getBoolean(2),
                        head.get().defaultRole(),
                        roles,
                        mappings,
                        groups.getOrDefault(rs.getString(1), Set.of()),
                        current.get(rs.getString(1))),
                connectionId);
    }

    private List<RoleMapping> mappings(String connectionId) {
        return jdbc.query(
                "SELECT group_id, role_key FROM rm_mapping WHERE connection_id = ? ORDER BY position",
                (rs, i) -> new RoleMapping(rs.getString(1), rs.getString(2)),
                connectionId);
    }

    private boolean postgres() {
        Boolean known = postgres;
        if (known == null) {
            known = Boolean.TRUE.equals(jdbc.execute((ConnectionCallback<Boolean>) connection ->
                    connection.getMetaData().getDatabaseProductName().equals("PostgreSQL")));
            postgres = known;
        }
        return known;
    }
}
