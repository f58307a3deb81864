package io.dirsync.query.rebuild;

import com.fasterxml.jackson.databind.ObjectMapper;
import io.dirsync.api.group.GroupCreatedEvent;
import io.dirsync.api.group.GroupMembersAddedEvent;
import io.dirsync.api.group.GroupMembersRemovedEvent;
import io.dirsync.api.group.GroupRenamedEvent;
import io.dirsync.api.rolemapping.RoleMapping;
import io.dirsync.api.rolemapping.RoleMappingsReplacedEvent;
import io.dirsync.api.session.SessionStartedEvent;
import io.dirsync.api.session.SessionsRevokedEvent;
import io.dirsync.api.user.UserDeactivatedEvent;
import io.dirsync.api.user.UserDeletedEvent;
import io.dirsync.api.user.UserErasedEvent;
import io.dirsync.api.user.UserProfile;
import io.dirsync.api.user.UserProfileUpdatedEvent;
import io.dirsync.api.user.UserProvisionedEvent;
import io.dirsync.api.user.UserReactivatedEvent;
import io.dirsync.api.user.UserReprovisionedEvent;
import io.dirsync.query.group.ScimGroupProjection;
import io.dirsync.query.rebuild.AggregateRebuild.Outcome;
import io.dirsync.query.rolemapping.RoleMappingProjection;
import io.dirsync.query.session.SessionProjection;
import io.dirsync.query.user.AttributeValuesBackfill;
import io.dirsync.query.user.CustomValuesBackfill;
import io.dirsync.query.user.ScimUserProjection;
import io.dirsync.query.user.SparseSearchIndexes;
import io.dirsync.query.user.UserSearchColumnsBackfill;
import org.axonframework.eventhandling.DomainEventMessage;
import org.axonframework.eventhandling.EventHandlerInvoker;
import org.axonframework.eventhandling.GenericDomainEventMessage;
import org.axonframework.eventhandling.PropagatingErrorHandler;
import org.axonframework.eventhandling.Segment;
import org.axonframework.eventhandling.SimpleEventHandlerInvoker;
import org.axonframework.eventsourcing.eventstore.DomainEventStream;
import org.flywaydb.core.Flyway;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestInstance;
import org.springframework.dao.DataAccessException;
import org.springframework.http.converter.json.Jackson2ObjectMapperBuilder;
import org.springframework.jdbc.core.JdbcTemplate;
import org.springframework.jdbc.datasource.DataSourceTransactionManager;
import org.springframework.transaction.support.TransactionTemplate;

import javax.sql.DataSource;
import java.time.Instant;
import java.time.temporal.ChronoUnit;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.UUID;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.TimeUnit;
import java.util.function.Function;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

/**
 * One aggregate's rows rebuilt from its events through the projections' own handlers, on a real database: the same
 * rows as the live handlers wrote, lost rows written again, an erased user's rows gone, and a command that waits for
 * the rebuild's lock applying its event on top of the rebuilt rows. Several users rebuilt in one set
 * ({@link AggregateSetRebuild}) likewise, with their {@code scim_user} rows written once per batch, and nothing changed
 * by a set that fails.
 */
@TestInstance(TestInstance.Lifecycle.PER_CLASS)
abstract class AggregateRebuildTests {
    private static final String ENTERPRISE = "urn:ietf:params:scim:schemas:extension:enterprise:2.0:User";
    private final ObjectMapper objectMapper = Jackson2ObjectMapperBuilder.json().build();
    private final Map<String, List<DomainEventMessage<?>>> store = new ConcurrentHashMap<>();
    private final Instant start = Instant.now().truncatedTo(ChronoUnit.SECONDS);
    private JdbcTemplate jdbc;
    private TransactionTemplate transactions;
    private ScimUserProjection users;
    private ScimGroupProjection groups;
    private EventHandlerInvoker userHandlers;
    private EventHandlerInvoker groupHandlers;
    private RoleMappingProjection roleMappings;
    private SessionProjection sessions;
    private EventHandlerInvoker roleMappingHandlers;
    private EventHandlerInvoker sessionHandlers;

    abstract DataSource dataSource();

    @BeforeAll
    void migrate() {
        Flyway.configure()
                .dataSource(dataSource())
                .locations("classpath:db/migration")
                .javaMigrations(
                        new UserSearchColumnsBackfill(objectMapper),
                        new CustomValuesBackfill(objectMapper),
                        new AttributeValuesBackfill(objectMapper),
                        new SparseSearchIndexes())
                .load()
                .migrate();
        jdbc = new JdbcTemplate(dataSource());
        transactions = new TransactionTemplate(new DataSourceTransactionManager(dataSource()));
        users = new ScimUserProjection(jdbc, objectMapper);
        groups = new ScimGroupProjection(jdbc);
        userHandlers = handlers(users);
        groupHandlers = handlers(groups);
        roleMappings = new RoleMappingProjection(jdbc);
        sessions = new SessionProjection(jdbc);
        roleMappingHandlers = handlers(roleMappings);
        sessionHandlers = handlers(sessions);
    }

    @Test
    void aRebuiltUserHasExactlyTheRowsTheLiveHandlersWrote() {
        String user = newId();
        live(userHandlers, "User", user, new UserProvisionedEvent(user, "acme", ada(user, "Countess"), true));
        live(userHandlers, "User", user, new UserProfileUpdatedEvent(user, "acme", ada(user, "Analyst")));
        live(userHandlers, "User", user, new UserDeactivatedEvent(user, "acme", "PATCH"));
        Map<String, List<String>> before = userRows(user);
        assertThat(before.get("scim_user_email")).hasSize(2);
        assertThat(before.get("scim_user_attribute_value")).isNotEmpty();

        assertThat(rebuild(users, userHandlers, user)).isEqualTo(new Outcome(true, true, 2));

        assertThat(userRows(user)).isEqualTo(before);
    }

    @Test
    void aUserWhoseRowsWereLostIsWrittenAgainAndReportedAsCreated() {
        String user = newId();
        live(userHandlers, "User", user, new UserProvisionedEvent(user, "acme", ada(user, "Countess"), true));
        Map<String, List<String>> before = userRows(user);
        for (String table : before.keySet()) {
            jdbc.update("DELETE FROM " + table + " WHERE user_id = ?", user);
        }

        assertThat(rebuild(users, userHandlers, user).createdMainRow()).isTrue();

        assertThat(userRows(user)).isEqualTo(before);
    }

    @Test
    void anErasedUserEndsWithNoRowsEvenWhenTheModelHadMissedTheErasure() {
        String user = newId();
        live(userHandlers, "User", user, new UserProvisionedEvent(user, "acme", ada(user, "Countess"), true));
        stored("User", user, new UserDeletedEvent(user, "acme"));
        stored("User", user, new UserErasedEvent(user, "acme"));

        assertThat(rebuild(users, userHandlers, user)).isEqualTo(new Outcome(true, false, 2));

        assertThat(userRows(user).values()).allSatisfy(rows -> assertThat(rows).isEmpty());
    }

    @Test
    void usersRebuiltInOneSetHaveExactlyTheRowsTheLiveHandlersWroteFromOneWriteOfTheirMainRows() {
        String changed = newId();
        live(userHandlers, "User", changed, new UserProvisionedEvent(changed, "acme", ada(changed, "Countess"), true));
        live(userHandlers, "User", changed, new UserProfileUpdatedEvent(changed, "acme", ada(changed, "Analyst")));
        live(userHandlers, "User", changed, new UserDeactivatedEvent(changed, "acme", "PATCH"));
        live(userHandlers, "User", changed, new UserReactivatedEvent(changed, "acme"));
        String reprovisioned = newId();
        live(
                userHandlers,
                "User",
                reprovisioned,
                new UserProvisionedEvent(reprovisioned, "acme", ada(reprovisioned, "Countess"), true));
        live(userHandlers, "User", reprovisioned, new UserDeletedEvent(reprovisioned, "acme"));
        live(
                userHandlers,
                "User",
                reprovisioned,
                new UserReprovisionedEvent(reprovisioned, "acme", ada(reprovisioned, "Engineer"), false));
        String lost = newId();
        live(userHandlers, "User", lost, new UserProvisionedEvent(lost, "acme", ada(lost, "Countess"), true));
        live(userHandlers, "User", lost, new UserProfileUpdatedEvent(lost, "acme", ada(lost, "Analyst")));
        String erased = newId();
        live(userHandlers, "User", erased, new UserProvisionedEvent(erased, "acme", ada(erased, "Countess"), true));
        stored("User", erased, new UserDeletedEvent(erased, "acme"));
        stored("User", erased, new UserErasedEvent(erased, "acme"));
        List<String> kept = List.of(changed, reprovisioned, lost);
        Map<String, Map<String, List<String>>> before = new HashMap<>();
        kept.forEach(user -> before.put(user, userRows(user)));
        for (String table : before.get(lost).keySet()) {
            jdbc.update("DELETE FROM " + table + " WHERE user_id = ?", lost);
        }
        jdbc.update(
                "UPDATE scim_user SET display_name = 'stale', display_name_key = 'stale' WHERE user_id = ?", changed);
        List<String> statements = new CopyOnWriteArrayList<>();
        ScimUserProjection counted = new ScimUserProjection(recording(statements), objectMapper);

        Map<String, Outcome> outcomes = rebuildInOneSet(counted, List.of(changed, reprovisioned, lost, erased));

        assertThat(outcomes)
                .containsEntry(changed, new Outcome(true, true, 3))
                .containsEntry(reprovisioned, new Outcome(true, true, 2))
                .containsEntry(lost, new Outcome(false, true, 1))
                .containsEntry(erased, new Outcome(true, false, 2));
        kept.forEach(user -> assertThat(userRows(user)).as(user).isEqualTo(before.get(user)));
        assertThat(userRows(erased).values())
                .allSatisfy(rows -> assertThat(rows).isEmpty());
        assertThat(statements.stream().filter(sql -> sql.matches("(?s)(UPDATE|INSERT INTO) scim_user[ (].*")))
                .as("one batch overwrites the rows found, one multi-row insert writes the lost one")
                .hasSize(2);
    }

    @Test
    void aSetThatFailsWhileWritingItsRowsLeavesEveryUsersRowsAsTheyWere() {
        String stale = newId();
        live(userHandlers, "User", stale, new UserProvisionedEvent(stale, "acme", ada(stale, "Countess"), true));
        stored("User", stale, new UserProfileUpdatedEvent(stale, "acme", ada(stale, "Analyst")));
        String tooLong = newId();
        Map<String, Object> attributes = new HashMap<>(ada(tooLong, "Countess").attributes());
        attributes.put("userName", "x".repeat(3000));
        stored("User", tooLong, new UserProvisionedEvent(tooLong, "acme", new UserProfile(attributes), true));
        Map<String, List<String>> before = userRows(stale);

        assertThatThrownBy(() -> rebuildInOneSet(users, List.of(stale, tooLong)))
                .as("the missing user's row is longer than its column allows")
                .isInstanceOf(DataAccessException.class);

        assertThat(userRows(stale))
                .as("not overwritten, email rows not deleted")
                .isEqualTo(before);
        assertThat(userRows(stale).get("scim_user").toString()).contains("Countess");
        assertThat(userRows(tooLong).values())
                .allSatisfy(rows -> assertThat(rows).isEmpty());
    }

    /** A command on a user of the set waits for the batch, whose row it then finds written and changes. */
    @Test
    void aCommandWaitingForASetRebuildsLockAppliesItsEventOnTopOfTheRowTheSetWrote() throws Exception {
        String user = newId();
        String other = newId();
        live(userHandlers, "User", user, new UserProvisionedEvent(user, "acme", ada(user, "Countess"), true));
        live(userHandlers, "User", other, new UserProvisionedEvent(other, "acme", ada(other, "Countess"), true));
        CountDownLatch read = new CountDownLatch(1);
        CountDownLatch release = new CountDownLatch(1);
        AggregateSetRebuild rebuild = new AggregateSetRebuild(
                users,
                userHandlers,
                ids -> {
                    List<DomainEventMessage<?>> committed = eventsOf(ids);
                    read.countDown();
                    await(release);
                    return committed;
                },
                transactions,
                () -> {});
        CompletableFuture<Map<String, Outcome>> rebuilt =
                CompletableFuture.supplyAsync(() -> rebuild.rebuild(List.of(user, other)));
        assertThat(read.await(10, TimeUnit.SECONDS)).isTrue();
        CompletableFuture<Void> commanded = CompletableFuture.runAsync(() ->
                live(userHandlers, "User", user, new UserProfileUpdatedEvent(user, "acme", ada(user, "Analyst"))));
        Thread.sleep(300);
        assertThat(commanded).as("the command waits for the set's lock").isNotDone();
        release.countDown();
        assertThat(rebuilt.get(10, TimeUnit.SECONDS).get(user).hadMainRow()).isTrue();
        commanded.get(10, TimeUnit.SECONDS);

        Map<String, List<String>> after = userRows(user);
        assertThat(after.get("scim_user").toString()).contains("Analyst").doesNotContain("Countess");
        rebuildInOneSet(users, List.of(user, other));
        assertThat(userRows(user)).as("what the events give").isEqualTo(after);
    }

    @Test
    void aRebuiltGroupCountsAndListsTheMembersItsEventsLeft() {
        String group = newId();
        live(groupHandlers, "Group", group, new GroupCreatedEvent(group, "acme", "Admins", "ext-admins"));
        live(groupHandlers, "Group", group, new GroupMembersAddedEvent(group, "acme", List.of("u-1", "u-2", "u-3")));
        live(groupHandlers, "Group", group, new GroupMembersRemovedEvent(group, "acme", List.of("u-2")));
        live(groupHandlers, "Group", group, new GroupRenamedEvent(group, "acme", "Owners"));
        Map<String, List<String>> before = groupRows(group);
        jdbc.update("UPDATE scim_group SET member_count = 7, display_name = 'stale' WHERE group_id = ?", group);
        jdbc.update("INSERT INTO scim_group_member (group_id, user_id, joined) VALUES (?, 'u-9', 9)", group);

        assertThat(rebuild(groups, groupHandlers, group)).isEqualTo(new Outcome(true, true, 3));

        assertThat(groupRows(group)).isEqualTo(before);
        assertThat(jdbc.queryForObject("SELECT member_count FROM scim_group WHERE group_id = ?", Integer.class, group))
                .isEqualTo(2);
    }

    /**
     * The command's event is stored but not committed when the rebuild reads, so the rebuild leaves it out; the command's
     * handler waits for the row the rebuild locked and then applies its event to the rebuilt row. Had the rebuild deleted
     * and inserted that row, the waiting UPDATE would have found its row gone and changed nothing.
     */
    @Test
    void aCommandWaitingForTheRebuildsLockAppliesItsEventOnTopOfTheRebuiltGroup() throws Exception {
        String group = newId();
        live(groupHandlers, "Group", group, new GroupCreatedEvent(group, "acme", "Admins", null));
        live(groupHandlers, "Group", group, new GroupMembersAddedEvent(group, "acme", List.of("u-1")));

        whileTheRebuildHoldsTheLock(
                groups,
                groupHandlers,
                group,
                () -> live(groupHandlers, "Group", group, new GroupMembersAddedEvent(group, "acme", List.of("u-2"))));

        assertThat(jdbc.queryForMap("SELECT member_count, version FROM scim_group WHERE group_id = ?", group)
                        .values())
                .containsExactly(2, 2L);
        assertThat(jdbc.queryForList(
                        "SELECT user_id FROM scim_group_member WHERE group_id = ? ORDER BY user_id",
                        String.class,
                        group))
                .containsExactly("u-1", "u-2");
    }

    @Test
    void aCommandWaitingForTheRebuildsLockAppliesItsEventOnTopOfTheRebuiltUser() throws Exception {
        String user = newId();
        live(userHandlers, "User", user, new UserProvisionedEvent(user, "acme", ada(user, "Countess"), true));

        whileTheRebuildHoldsTheLock(
                users,
                userHandlers,
                user,
                () -> live(
                        userHandlers, "User", user, new UserProfileUpdatedEvent(user, "acme", ada(user, "Analyst"))));

        Map<String, List<String>> after = userRows(user);
        assertThat(after.get("scim_user").toString()).contains("Analyst").doesNotContain("Countess");
        rebuild(users, userHandlers, user);
        assertThat(userRows(user)).as("what the events give").isEqualTo(after);
    }

    @Test
    void aConnectionsRoleMappingsRebuiltFromLostRowsAreTheLastListItsEventsLeft() {
        String connection = newId();
        live(
                roleMappingHandlers,
                "Connection",
                connection,
                new RoleMappingsReplacedEvent(
                        connection, List.of(new RoleMapping("g-1", "admin"), new RoleMapping("g-2", "member"))));
        live(
                roleMappingHandlers,
                "Connection",
                connection,
                new RoleMappingsReplacedEvent(connection, List.of(new RoleMapping("g-2", "admin"))));
        List<String> before = rows("connection_role_mapping", "connection_id", connection);
        assertThat(before).hasSize(1);

        assertThat(rebuild(roleMappings, roleMappingHandlers, connection)).isEqualTo(new Outcome(true, true, 1));
        assertThat(rows("connection_role_mapping", "connection_id", connection)).isEqualTo(before);

        jdbc.update("DELETE FROM connection_role_mapping_head WHERE connection_id = ?", connection);
        jdbc.update("DELETE FROM connection_role_mapping WHERE connection_id = ?", connection);
        assertThat(rebuild(roleMappings, roleMappingHandlers, connection))
                .as("reported as created")
                .isEqualTo(new Outcome(false, true, 1));
        assertThat(rows("connection_role_mapping", "connection_id", connection)).isEqualTo(before);
    }

    @Test
    void aSessionStartedWhileTheRebuildHoldsTheUsersLockIsAddedToTheRebuiltSessions() throws Exception {
        String user = newId();
        live(sessionHandlers, "User", user, new SessionStartedEvent(user, "acme", "s-1-" + user));
        live(sessionHandlers, "User", user, new SessionsRevokedEvent(user, "acme", List.of("s-1-" + user)));

        whileTheRebuildHoldsTheLock(
                sessions,
                sessionHandlers,
                user,
                () -> live(sessionHandlers, "User", user, new SessionStartedEvent(user, "acme", "s-2-" + user)));

        assertThat(jdbc.queryForList(
                        "SELECT status FROM user_session WHERE user_id = ? ORDER BY session_id", String.class, user))
                .containsExactly("revoked", "active");
        List<String> after = rows("user_session", "user_id", user);
        rebuild(sessions, sessionHandlers, user);
        assertThat(rows("user_session", "user_id", user))
                .as("what the events give")
                .isEqualTo(after);
    }

    /** Two transactions writing the same missing head row: the second waits for the first instead of failing. */
    @Test
    void aHeadRowWrittenByTwoTransactionsAtOnceIsInsertedOnce() throws Exception {
        HeadRow head = new HeadRow(jdbc, "user_session_head", "user_id");
        String user = newId();
        CountDownLatch inserted = new CountDownLatch(1);
        CountDownLatch release = new CountDownLatch(1);
        CompletableFuture<Void> first = CompletableFuture.runAsync(() -> transactions.executeWithoutResult(status -> {
            head.write(user);
            inserted.countDown();
            await(release);
        }));
        assertThat(inserted.await(10, TimeUnit.SECONDS)).isTrue();
        CompletableFuture<Void> second =
                CompletableFuture.runAsync(() -> transactions.executeWithoutResult(status -> head.write(user)));
        Thread.sleep(300);
        assertThat(second).as("the second waits for the first").isNotDone();
        release.countDown();
        first.get(10, TimeUnit.SECONDS);
        second.get(10, TimeUnit.SECONDS);
        assertThat(jdbc.queryForObject("SELECT COUNT(*) FROM user_session_head WHERE user_id = ?", Integer.class, user))
                .isOne();
    }

    private void whileTheRebuildHoldsTheLock(
            RebuildableReadModel model, EventHandlerInvoker handlers, String id, Runnable command) throws Exception {
        CountDownLatch locked = new CountDownLatch(1);
        CountDownLatch release = new CountDownLatch(1);
        AggregateRebuild rebuild = new AggregateRebuild(
                model,
                handlers,
                aggregateId -> {
                    List<DomainEventMessage<?>> committed = List.copyOf(store.get(aggregateId));
                    locked.countDown();
                    await(release);
                    return DomainEventStream.of(committed.stream());
                },
                transactions);
        CompletableFuture<Outcome> rebuilt = CompletableFuture.supplyAsync(() -> rebuild.rebuild(id));
        assertThat(locked.await(10, TimeUnit.SECONDS)).isTrue();
        CompletableFuture<Void> commanded = CompletableFuture.runAsync(command);
        Thread.sleep(300);
        assertThat(commanded).as("the command waits for the rebuild's lock").isNotDone();
        release.countDown();
        assertThat(rebuilt.get(10, TimeUnit.SECONDS).hadMainRow()).isTrue();
        commanded.get(10, TimeUnit.SECONDS);
    }

    private Outcome rebuild(RebuildableReadModel model, EventHandlerInvoker handlers, String id) {
        Function<String, DomainEventStream> events =
                aggregateId -> DomainEventStream.of(List.copyOf(store.get(aggregateId)).stream());
        return new AggregateRebuild(model, handlers, events, transactions).rebuild(id);
    }

    private Map<String, Outcome> rebuildInOneSet(ScimUserProjection model, List<String> ids) {
        return new AggregateSetRebuild(model, handlers(model), this::eventsOf, transactions, () -> {}).rebuild(ids);
    }

    /** Each aggregate's events in sequence order, aggregates in the order given, as the store's batch read gives them. */
    private List<DomainEventMessage<?>> eventsOf(List<String> sortedIds) {
        return sortedIds.stream()
                .flatMap(id -> List.copyOf(store.get(id)).stream())
                .toList();
    }

    /** A template on the same data source that records the SQL of every update and batch it runs. */
    private JdbcTemplate recording(List<String> statements) {
        return new JdbcTemplate(dataSource()) {
            @Override
            public int update(String sql, Object... args) {
                statements.add(sql);
                return super.update(sql, args);
            }

            @Override
            public int[] batchUpdate(String sql, List<Object[]> batchArgs) {
                statements.add(sql);
                return super.batchUpdate(sql, batchArgs);
            }
        };
    }

    /** Stores the event and applies it in its own transaction, as a command's subscribing processor does. */
    private void live(EventHandlerInvoker handlers, String type, String id, Object payload) {
        DomainEventMessage<?> event = stored(type, id, payload);
        transactions.executeWithoutResult(status -> {
            try {
                handlers.handle(event, Segment.ROOT_SEGMENT);
            } catch (Exception e) {
                throw new IllegalStateException(e);
            }
        });
    }

    private DomainEventMessage<?> stored(String type, String id, Object payload) {
        List<DomainEventMessage<?>> events = store.computeIfAbsent(id, key -> new ArrayList<>());
        DomainEventMessage<?> event = new GenericDomainEventMessage<>(
                type,
                id,
                events.size(),
                payload,
                Map.of(),
                UUID.randomUUID().toString(),
                start.plusMillis(events.size()).plusNanos(123_456));
        events.add(event);
        return event;
    }

    private Map<String, List<String>> userRows(String user) {
        return Map.of(
                "scim_user",
                rows("scim_user", "user_id", user),
                "scim_user_email",
                rows("scim_user_email", "user_id", user),
                "scim_user_attribute_value",
                rows("scim_user_attribute_value", "user_id", user));
    }

    private Map<String, List<String>> groupRows(String group) {
        return Map.of(
                "scim_group",
                rows("scim_group", "group_id", group),
                "scim_group_member",
                rows("scim_group_member", "group_id", group));
    }

    /** Every column of the aggregate's rows, in an order that does not depend on the database's. */
    private List<String> rows(String table, String key, String id) {
        return jdbc.queryForList("SELECT * FROM " + table + " WHERE " + key + " = ?", id).stream()
                .map(String::valueOf)
                .sorted(Comparator.naturalOrder())
                .toList();
    }

    private static UserProfile ada(String id, String title) {
        return new UserProfile(Map.of(
                "userName",
                id + "@example.com",
                "externalId",
                "ext-" + id,
                "displayName",
                "Ada Lovelace",
                "name",
                Map.of("givenName", "Ada", "familyName", "Lovelace"),
                "title",
                title,
                "emails",
                List.of(
                        Map.of("value", id + "@example.com", "type", "work", "primary", true),
                        Map.of("value", "ada@home.org", "type", "home")),
                "phoneNumbers",
                List.of(Map.of("value", "+44 20 7946 0000", "type", "work")),
                ENTERPRISE,
                Map.of("department", "R&D", "employeeNumber", "701")));
    }

    private static SimpleEventHandlerInvoker handlers(Object projection) {
        return SimpleEventHandlerInvoker.builder()
                .eventHandlers(projection)
                .listenerInvocationErrorHandler(PropagatingErrorHandler.instance())
                .build();
    }

    private static String newId() {
        return UUID.randomUUID().toString();
    }

    private static void await(CountDownLatch latch) {
        try {
            latch.await(10, TimeUnit.SECONDS);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
    }
}
