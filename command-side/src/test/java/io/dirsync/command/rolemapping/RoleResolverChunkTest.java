package io.dirsync.command.rolemapping;

import io.dirsync.api.rolemapping.MemberRoleChangedEvent;
import io.dirsync.api.rolemapping.MembershipIds;
import io.dirsync.api.rolemapping.ResolveMemberRoleCommand;
import io.dirsync.api.rolemapping.RoleSource;
import org.axonframework.common.transaction.Transaction;
import org.axonframework.common.transaction.TransactionManager;
import org.axonframework.config.Configuration;
import org.axonframework.config.DefaultConfigurer;
import org.axonframework.config.EventProcessingConfiguration;
import org.axonframework.eventhandling.DomainEventMessage;
import org.axonframework.eventsourcing.eventstore.inmemory.InMemoryEventStorageEngine;
import org.axonframework.serialization.json.JacksonSerializer;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.springframework.core.io.ClassPathResource;
import org.springframework.dao.PessimisticLockingFailureException;
import org.springframework.jdbc.core.JdbcTemplate;
import org.springframework.jdbc.datasource.DataSourceTransactionManager;
import org.springframework.jdbc.datasource.SingleConnectionDataSource;
import org.springframework.jdbc.datasource.init.ResourceDatabasePopulator;

import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.stream.IntStream;

import static org.assertj.core.api.Assertions.assertThat;
import static org.mockito.Mockito.mock;

/**
 * The resolver sends a batch's commands in chunks of fifty, each chunk in one unit of work and one transaction, and
 * falls back to one member at a time when a chunk fails: on real Axon (its command bus, repository and event store)
 * and the resolver's tables on H2.
 */
class RoleResolverChunkTest {
    private static final String CONNECTION = "c1";

    private final SingleConnectionDataSource dataSource =
            new SingleConnectionDataSource("jdbc:h2:mem:chunks;DB_CLOSE_DELAY=-1", "sa", "", true);
    private final JdbcTemplate jdbc = new JdbcTemplate(dataSource);
    private final RoleResolutionState state =
            new RoleResolutionState(jdbc, new DataSourceTransactionManager(dataSource));
    private final List<String> transactions = new ArrayList<>();
    private Configuration axon;
    private RoleResolver resolver;

    @BeforeEach
    void setUp() {
        jdbc.execute("DROP ALL OBJECTS");
        new ResourceDatabasePopulator(
                        new ClassPathResource("db/migration/V11__directory_catalog.sql"),
                        new ClassPathResource("db/migration/V12__role_resolution.sql"))
                .execute(dataSource);
        axon = DefaultConfigurer.defaultConfiguration()
                .configureSerializer(c -> JacksonSerializer.defaultSerializer())
                .configureEmbeddedEventStore(c -> new InMemoryEventStorageEngine())
                .configureAggregate(MemberRole.class)
                .registerComponent(DirectoryCatalog.class, c -> new DirectoryCatalog(jdbc))
                .buildConfiguration();
        axon.start();
        resolver = new RoleResolver(
                state, axon.commandGateway(), mock(EventProcessingConfiguration.class), countingTransactions());
        state.organizationCreated("org", "member", List.of("member", "admin"));
        state.connectionCreated(CONNECTION, "org");
    }

    @AfterEach
    void tearDown() {
        axon.shutdown();
        dataSource.destroy();
    }

    @Test
    void aBatchIsSentInChunksOfFiftyEachInOneTransaction() {
        List<String> users = users(120);

        resolver.drain();

        assertThat(transactions).containsExactly("committed", "committed", "committed");
        users.forEach(user -> assertThat(roleEvents(user)).as(user).containsExactly("member"));
        assertThat(state.marked(1)).isEmpty();
    }

    @Test
    void aChunkWithAFailingMemberIsRolledBackWholeThenSentOneMemberAtATime() {
        List<String> users = users(120);
        String failing = users.get(70);
        axon.commandBus().registerHandlerInterceptor((unitOfWork, chain) -> {
            if (unitOfWork.getMessage().getPayload() instanceof ResolveMemberRoleCommand command
                    && command.userId().equals(failing)) {
                throw new IllegalStateException("the member's command fails");
            }
            return chain.proceed();
        });

        resolver.drain();

        // the first and last chunks land together; the second is rolled back, then its members go one by one; the
        // drain's next round tries the member still marked once more, alone, and stops when that fails too
        assertThat(transactions).containsExactly("committed", "rolled back", "committed", "rolled back");
        users.stream()
                .filter(user -> !user.equals(failing))
                .forEach(user -> assertThat(roleEvents(user)).as(user).containsExactly("member"));
        assertThat(roleEvents(failing)).isEmpty();
        assertThat(state.marked(10))
                .extracting(RoleResolutionState.Mark::userId)
                .containsExactly(failing);
    }

    @Test
    void membersWhoseRoleDoesNotChangeSendNothingAndAreUnmarked() {
        List<String> users = users(3);
        users.forEach(user -> state.assigned(user, "member", RoleSource.DEFAULT, null));

        resolver.drain();

        assertThat(transactions).isEmpty();
        users.forEach(user -> assertThat(roleEvents(user)).isEmpty());
        assertThat(state.marked(1)).isEmpty();
    }

    /**
     * The resolver's unmarking and the process's marking lock the same marks in different orders, and PostgreSQL breaks
     * such a deadlock by failing one of them: when it is the unmarking, the members stay marked and come again.
     */
    @Test
    void anUnmarkingThatLosesADeadlockLeavesTheMembersMarkedForTheNextRound() {
        List<String> users = users(3);
        AtomicInteger unmarkings = new AtomicInteger();
        RoleResolutionState deadlocking = new RoleResolutionState(jdbc, new DataSourceTransactionManager(dataSource)) {
            @Override
            public void resolved(List<Mark> marks) {
                if (unmarkings.getAndIncrement() == 0) {
                    throw new PessimisticLockingFailureException("deadlock detected");
                }
                super.resolved(marks);
            }
        };
        RoleResolver resolver = new RoleResolver(
                deadlocking, axon.commandGateway(), mock(EventProcessingConfiguration.class), countingTransactions());

        resolver.drain();
        assertThat(state.marked(10))
                .extracting(RoleResolutionState.Mark::userId)
                .containsExactlyElementsOf(users);
        resolver.drain();

        users.forEach(user -> assertThat(roleEvents(user))
                .as("resolved once, the second look changed nothing")
                .containsExactly("member"));
        assertThat(state.marked(1)).isEmpty();
    }

    /** Active users of the connection, marked, with no role yet: each resolves to the default role. */
    private List<String> users(int count) {
        List<String> users =
                IntStream.range(0, count).mapToObj(i -> "u%03d".formatted(i)).toList();
        users.forEach(user -> state.user(user, CONNECTION, true));
        return users;
    }

    private List<String> roleEvents(String userId) {
        return axon.eventStore()
                .readEvents(MembershipIds.of(userId))
                .asStream()
                .map(DomainEventMessage::getPayload)
                .map(payload -> ((MemberRoleChangedEvent) payload).role())
                .toList();
    }

    /** The resolver's own transactions (its chunks), recorded by how they ended; the commands inside have none. */
    private TransactionManager countingTransactions() {
        return () -> new Transaction() {
            @Override
            public void commit() {
                transactions.add("committed");
            }

            @Override
            public void rollback() {
                transactions.add("rolled back");
            }
        };
    }
}
