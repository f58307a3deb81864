package io.dirsync.command.rolemapping;

import io.dirsync.api.connection.CreateConnectionCommand;
import io.dirsync.api.connection.TokenDigest;
import io.dirsync.api.organization.CreateOrganizationCommand;
import io.dirsync.api.rolemapping.ResolveMemberRoleCommand;
import io.dirsync.command.connection.Connection;
import io.dirsync.command.organization.Organization;
import org.axonframework.commandhandling.gateway.CommandGateway;
import org.axonframework.common.transaction.NoTransactionManager;
import org.axonframework.config.Configuration;
import org.axonframework.config.DefaultConfigurer;
import org.axonframework.config.EventProcessingConfiguration;
import org.axonframework.eventhandling.AnnotationEventHandlerAdapter;
import org.axonframework.eventhandling.EventMessage;
import org.axonframework.eventhandling.GenericEventMessage;
import org.axonframework.eventsourcing.eventstore.inmemory.InMemoryEventStorageEngine;
import org.axonframework.messaging.unitofwork.DefaultUnitOfWork;
import org.axonframework.messaging.unitofwork.UnitOfWork;
import org.axonframework.serialization.json.JacksonSerializer;
import org.springframework.core.io.ClassPathResource;
import org.springframework.jdbc.core.JdbcTemplate;
import org.springframework.jdbc.datasource.DataSourceTransactionManager;
import org.springframework.jdbc.datasource.SingleConnectionDataSource;
import org.springframework.jdbc.datasource.init.ResourceDatabasePopulator;

import java.util.ArrayDeque;
import java.util.ArrayList;
import java.util.Collections;
import java.util.Deque;
import java.util.List;
import java.util.Objects;
import java.util.Random;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.function.Consumer;
import java.util.function.Predicate;

import static org.mockito.ArgumentMatchers.any;
import static org.mockito.Mockito.mock;
import static org.mockito.Mockito.when;

/**
 * The real role-resolution pieces wired together, with the test as their scheduler. Real: the Organization,
 * Connection and MemberRole aggregates behind a command bus, the {@link DirectoryCatalog} (fed in the
 * publishing command's flow, as its subscribing processor is), {@link RoleResolutionProcess} and
 * {@link RoleResolutionState} on an in-memory H2 database with the Flyway schema, {@link RoleResolver#drain()}.
 * Simulated: the IdP (its user and group events are published directly) and time, i.e. when the process
 * follows the stream ({@link #follow}), when the resolver drains ({@link #drain}) and what happens between
 * the resolver reading a member's facts and its command landing ({@link #beforeLanding}).
 */
final class RoleResolutionHarness implements AutoCloseable {
    static final TokenDigest TOKEN = new TokenDigest("tok", "0".repeat(64));

    final PublishedFacts facts = new PublishedFacts();
    final List<String> trace = new ArrayList<>();
    final RoleResolutionState state;
    /** Runs after the resolver read a member's facts and chose a command, before the command lands. */
    Consumer<ResolveMemberRoleCommand> beforeLanding = command -> {};
    /** For a second resolver node: its command lands whenever {@link #landInFlight} is called, not at once. */
    Predicate<ResolveMemberRoleCommand> landsLater = command -> false;

    private final SingleConnectionDataSource dataSource;
    private final Random random;
    private final AnnotationEventHandlerAdapter catalogHandlers;
    private final AnnotationEventHandlerAdapter processHandlers;
    private final RoleResolver resolver;
    private final ExecutorService elsewhere = Executors.newSingleThreadExecutor();
    private final Configuration axon;
    private final CommandGateway commands;
    /** Published events the process has not followed yet, oldest first. */
    private final Deque<EventMessage<?>> unfollowed = new ArrayDeque<>();

    private final List<ResolveMemberRoleCommand> inFlight = new ArrayList<>();
    private final List<String> processFailures = new ArrayList<>();

    RoleResolutionHarness(String name, Random random) {
        this.random = random;
        this.dataSource = new SingleConnectionDataSource("jdbc:h2:mem:" + name, "sa", "", true);
        new ResourceDatabasePopulator(
                        new ClassPathResource("db/migration/V11__directory_catalog.sql"),
                        new ClassPathResource("db/migration/V12__role_resolution.sql"))
                .execute(dataSource);
        JdbcTemplate jdbc = new JdbcTemplate(dataSource);
        this.state = new RoleResolutionState(jdbc, new DataSourceTransactionManager(dataSource));
        DirectoryCatalog catalog = new DirectoryCatalog(jdbc);
        this.catalogHandlers = new AnnotationEventHandlerAdapter(catalog);
        this.axon = DefaultConfigurer.defaultConfiguration()
                .configureSerializer(c -> JacksonSerializer.defaultSerializer())
                .configureEmbeddedEventStore(c -> new InMemoryEventStorageEngine())
                .configureAggregate(Organization.class)
                .configureAggregate(Connection.class)
                .configureAggregate(MemberRole.class)
                .registerComponent(DirectoryCatalog.class, c -> catalog)
                .buildConfiguration();
        axon.start();
        this.commands = axon.commandGateway();
        axon.eventBus().subscribe(messages -> messages.forEach(this::published));
        this.processHandlers = new AnnotationEventHandlerAdapter(new RoleResolutionProcess(state, commands));
        CommandGateway resolverGateway = mock(CommandGateway.class);
        when(resolverGateway.sendAndWait(any())).thenAnswer(call -> {
            resolverSends(call.getArgument(0));
            return null;
        });
        this.resolver = new RoleResolver(
                state, resolverGateway, mock(EventProcessingConfiguration.class), NoTransactionManager.INSTANCE);
    }

    /** Organizations org-a (default member) and org-b (default basic); c1, c2 on org-a, c3 on org-b, c4 unlinked. */
    RoleResolutionHarness withTwoOrganizations() {
        admin(new CreateOrganizationCommand(
                "org-a", "Acme", List.of("member", "admin", "viewer", "billing"), "member"));
        admin(new CreateOrganizationCommand("org-b", "Beta", List.of("basic", "lead"), "basic"));
        admin(new CreateConnectionCommand("c1", "Acme Entra", "org-a", TOKEN));
        admin(new CreateConnectionCommand("c2", "Acme Okta", "org-a", TOKEN));
        admin(new CreateConnectionCommand("c3", "Beta Okta", "org-b", TOKEN));
        admin(new CreateConnectionCommand("c4", "Unlinked", null, TOKEN));
        return this;
    }

    /** The IdP pushed something: published as the User and Group aggregates would publish it. */
    void idp(Object event) {
        trace.add("idp " + event);
        axon.eventBus().publish(GenericEventMessage.asEventMessage(event));
    }

    /** An admin's command; a refusal is an answer (4xx), not a failure. Returns whether it was accepted. */
    boolean admin(Object command) {
        try {
            commands.sendAndWait(command);
            trace.add("admin " + command);
            return true;
        } catch (RuntimeException refused) {
            trace.add("admin " + command + " refused: " + refused.getClass().getSimpleName() + ": "
                    + refused.getMessage());
            return false;
        }
    }

    /**
     * The process follows up to {@code events} more events of the stream, as one of its processor's batches: what it
     * writes lands when the batch commits.
     */
    void follow(int events) {
        UnitOfWork<?> batch = DefaultUnitOfWork.startAndGet(GenericEventMessage.asEventMessage("batch of " + events));
        for (int i = 0; i < events && !unfollowed.isEmpty(); i++) {
            EventMessage<?> event = unfollowed.poll();
            try {
                if (processHandlers.canHandle(event)) {
                    processHandlers.handle(event);
                }
            } catch (Exception e) {
                // its processor keeps Axon's default LoggingErrorHandler: logged, then on to the next event
                String failure = "process failed on " + event.getPayload() + ": " + e;
                trace.add("! " + failure);
                processFailures.add(failure);
            }
        }
        batch.commit();
    }

    void followAll() {
        follow(unfollowed.size());
    }

    int unfollowed() {
        return unfollowed.size();
    }

    void drain() {
        trace.add("drain "
                + state.marked(Integer.MAX_VALUE).stream()
                        .map(RoleResolutionState.Mark::userId)
                        .toList());
        resolver.drain();
    }

    void landInFlight() {
        List<ResolveMemberRoleCommand> landing = new ArrayList<>(inFlight);
        inFlight.clear();
        Collections.shuffle(landing, random);
        for (ResolveMemberRoleCommand command : landing) {
            trace.add("  lands " + command);
            commands.sendAndWait(command);
        }
    }

    /** Lets everything run out: the stream followed, every command landed, no member marked. */
    void quiesce() {
        beforeLanding = command -> {};
        for (int round = 0;
                !(unfollowed.isEmpty() && inFlight.isEmpty() && state.marked(1).isEmpty());
                round++) {
            if (round == 1_000) {
                throw new AssertionError("never became idle; history:\n  " + String.join("\n  ", trace));
            }
            followAll();
            landInFlight();
            drain();
        }
    }

    /**
     * What is wrong once idle: a member of a linked connection with sync on who does not hold what
     * {@link RoleResolution} gives from the facts computed fresh, or whose assignment the resolver's own
     * record has wrong; and any event the process failed on.
     */
    List<String> problems() {
        List<String> wrong = new ArrayList<>(processFailures);
        for (String user : facts.governedUsers()) {
            RoleResolution.Assignment held = facts.assignment.get(user);
            RoleResolution.Assignment expected = facts.resolved(user);
            if (!expected.equals(held)) {
                wrong.add(user + " holds " + held + ", resolution gives " + expected);
            }
            RoleResolution.Assignment recorded =
                    state.facts(user).map(RoleResolutionState.Facts::current).orElse(null);
            if (!Objects.equals(recorded, held)) {
                wrong.add(user + " holds " + held + ", the resolver's own record says " + recorded);
            }
        }
        return wrong;
    }

    String history() {
        return String.join("\n  ", trace);
    }

    /**
     * What happens meanwhile happens elsewhere: the resolver sends a chunk of commands in one unit of work, and an
     * IdP push or an admin's command run on this thread would join it instead of landing first.
     */
    private void resolverSends(ResolveMemberRoleCommand command) {
        try {
            elsewhere.submit(() -> beforeLanding.accept(command)).get();
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new IllegalStateException(e);
        } catch (ExecutionException e) {
            if (e.getCause() instanceof Error error) {
                throw error;
            }
            throw e.getCause() instanceof RuntimeException failure ? failure : new IllegalStateException(e.getCause());
        }
        if (landsLater.test(command)) {
            trace.add("  resolver sends (lands later) " + command);
            inFlight.add(command);
        } else {
            trace.add("  resolver sends " + command);
            commands.sendAndWait(command);
        }
    }

    private void published(EventMessage<?> event) {
        try {
            if (catalogHandlers.canHandle(event)) {
                catalogHandlers.handle(event);
            }
        } catch (Exception e) {
            throw new IllegalStateException(e);
        }
        facts.apply(event.getPayload());
        unfollowed.add(event);
    }

    @Override
    public void close() {
        elsewhere.shutdownNow();
        axon.shutdown();
        dataSource.destroy();
    }
}
