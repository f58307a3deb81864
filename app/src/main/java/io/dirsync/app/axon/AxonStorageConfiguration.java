package io.dirsync.app.axon;

import io.dirsync.app.cluster.ClusterProperties;
import io.dirsync.app.cluster.FairShareOfSegments;
import io.dirsync.app.storage.Databases;
import org.axonframework.common.jdbc.ConnectionProvider;
import org.axonframework.common.jdbc.PersistenceExceptionResolver;
import org.axonframework.common.jdbc.UnitOfWorkAwareConnectionProviderWrapper;
import org.axonframework.common.transaction.TransactionManager;
import org.axonframework.config.ConfigurerModule;
import org.axonframework.eventhandling.tokenstore.TokenStore;
import org.axonframework.eventhandling.tokenstore.jdbc.JdbcTokenStore;
import org.axonframework.eventhandling.tokenstore.jdbc.TokenSchema;
import org.axonframework.eventsourcing.eventstore.EmbeddedEventStore;
import org.axonframework.eventsourcing.eventstore.EventStorageEngine;
import org.axonframework.eventsourcing.eventstore.EventStore;
import org.axonframework.eventsourcing.eventstore.jdbc.EventSchema;
import org.axonframework.eventsourcing.eventstore.jdbc.JdbcEventStorageEngine;
import org.axonframework.serialization.Serializer;
import org.axonframework.spring.jdbc.SpringDataSourceConnectionProvider;
import org.springframework.beans.factory.annotation.Qualifier;
import org.springframework.beans.factory.annotation.Value;
import org.springframework.context.annotation.Bean;
import org.springframework.context.annotation.Configuration;
import org.springframework.jdbc.core.JdbcTemplate;

import javax.sql.DataSource;
import java.sql.SQLException;
import java.time.Clock;
import java.time.Duration;
import java.util.Set;

/**
 * Axon's storage, declared rather than auto-configured: Axon's JDBC defaults name the tables in CamelCase, which H2
 * and PostgreSQL fold differently, and its JPA engine (were JPA on the class path) stores payloads as large objects
 * that leak on PostgreSQL. Flyway owns the tables (db/migration); the names here are the snake_case ones it creates.
 * There is no saga, so no saga store.
 */
@Configuration
public class AxonStorageConfiguration {
    /**
     * How long a processor's stream that found nothing new answers so without asking the store again: longer than
     * one coordinator pass takes, far shorter than the 500 ms between idle passes.
     */
    private static final Duration QUIET_AFTER_EMPTY_READ = Duration.ofMillis(50);
    /** Events per query, Axon's default: when reading an aggregate, and when a processor reads the stream. */
    private static final int EVENT_BATCH = 100;
    /** How late a node may learn that another node stored an aggregate's first snapshot (it loads from events meanwhile). */
    private static final Duration SNAPSHOTS_REREAD_EVERY = Duration.ofSeconds(10);

    @Bean
    public ConnectionProvider axonConnectionProvider(DataSource dataSource) {
        return new UnitOfWorkAwareConnectionProviderWrapper(new SpringDataSourceConnectionProvider(dataSource));
    }

    @Bean
    public PersistenceExceptionResolver persistenceExceptionResolver() {
        return new DuplicateKeyExceptionResolver();
    }

    /**
     * Axon's JDBC engine, without the snapshot query for aggregates that have none, with the aggregates a unit of work
     * announces read in one query ({@link AnnouncedLoadsStorageEngine}), and with the recent events of the processors'
     * streams opened once per node ({@code dirsync.projections.opened-events} slots, 0 to open them in every stream).
     */
    @Bean
    public EventStorageEngine eventStorageEngine(
            ConnectionProvider connectionProvider,
            TransactionManager transactionManager,
            Serializer serializer,
            @Qualifier("eventSerializer") Serializer eventSerializer,
            PersistenceExceptionResolver persistenceExceptionResolver,
            org.axonframework.config.Configuration configuration,
            JdbcTemplate jdbc,
            @Value("${dirsync.events.gap-timeout:60s}") Duration gapTimeout,
            @Value("${dirsync.events.gap-cleaning-threshold:250}") int gapCleaningThreshold,
            @Value("${dirsync.projections.opened-events:2048}") int openedEvents,
            CommitHorizon commitHorizon) {
        EventStorageEngine jdbcEngine = new HorizonBoundedStatements(commitHorizon)
                .applyTo(JdbcEventStorageEngine.builder())
                .connectionProvider(connectionProvider)
                .transactionManager(transactionManager)
                .snapshotSerializer(serializer)
                .eventSerializer(eventSerializer)
                .upcasterChain(configuration.upcasterChain())
                .persistenceExceptionResolver(persistenceExceptionResolver)
                .batchSize(EVENT_BATCH)
                .gapTimeout(Math.toIntExact(gapTimeout.toMillis()))
                .gapCleaningThreshold(gapCleaningThreshold)
                .finalAggregateBatchPredicate(new ContiguousAggregateBatches(EVENT_BATCH))
                .dataType(byte[].class)
                .schema(EventSchema.builder()
                        .eventTable("domain_event_entry")
                        .snapshotTable("snapshot_event_entry")
                        .globalIndexColumn("global_index")
                        .timestampColumn("time_stamp")
                        .eventIdentifierColumn("event_identifier")
                        .aggregateIdentifierColumn("aggregate_identifier")
                        .sequenceNumberColumn("sequence_number")
                        .typeColumn("type")
                        .payloadTypeColumn("payload_type")
                        .payloadRevisionColumn("payload_revision")
                        .payloadColumn("payload")
                        .metaDataColumn("meta_data")
                        .build())
                .build();
        return new KnownSnapshotsStorageEngine(
                new AnnouncedLoadsStorageEngine(
                        openedEvents > 0 ? new OpenedOnceStorageEngine(jdbcEngine, openedEvents) : jdbcEngine,
                        jdbc,
                        eventSerializer,
                        configuration.upcasterChain()),
                () -> Set.copyOf(jdbc.queryForList(
                        "SELECT DISTINCT aggregate_identifier FROM snapshot_event_entry", String.class)),
                SNAPSHOTS_REREAD_EVERY,
                Clock.systemUTC());
    }

    /** See {@link CommitHorizon}: one per node, shared by every stream the node reads. */
    @Bean
    CommitHorizon commitHorizon(DataSource dataSource) throws SQLException {
        return Databases.isPostgres(dataSource)
                ? new PostgresCommitHorizon("domain_event_entry", "global_index", Clock.systemUTC())
                : new InProcessCommitHorizon("domain_event_entry", "global_index", Clock.systemUTC());
    }

    /**
     * With {@code dirsync.projections.shared-stream} (off by default) the streaming processors of a node follow one
     * reader of the store (Axon's shared stream), woken by local commits and, on PostgreSQL, by other nodes'
     * ({@link PostgresCommitNotifications}); it polls every {@code dirsync.projections.poll-interval} besides. Axon's
     * shared stream once lost events that committed late; every read now stops at the {@link CommitHorizon}
     * (docs/late-commits.md). Off by default: on a quiet machine it cost half the SCIM creates a second
     * (docs/benchmarks/shared-stream.md); each processor then reads the store on its own stream.
     */
    @Bean
    public EventStore eventStore(
            EventStorageEngine storageEngine,
            org.axonframework.config.Configuration configuration,
            SharedStreamSignals signals,
            @Value("${dirsync.projections.shared-stream:false}") boolean shared,
            @Value("${dirsync.projections.poll-interval:250ms}") Duration pollInterval) {
        WakeableEventStore store = new WakeableEventStore(EmbeddedEventStore.builder()
                .storageEngine(shared ? signals.signalling(storageEngine) : storageEngine)
                .messageMonitor(configuration.messageMonitor(EventStore.class, "eventStore"))
                .fetchDelay(pollInterval.toMillis())
                .optimizeEventConsumption(shared));
        signals.wakeReaderWith(store::wake);
        return store;
    }

    /** See {@link SharedStreamSignals}: reads of the shared reader are at least this far apart. */
    @Bean
    SharedStreamSignals sharedStreamSignals(
            @Value("${dirsync.projections.read-interval:10ms}") Duration readInterval, CommitHorizon commitHorizon) {
        return new SharedStreamSignals(readInterval, commitHorizon);
    }

    /** See {@link PostgresCommitNotifications}: only for the shared stream on PostgreSQL (null otherwise). */
    @Bean(destroyMethod = "close")
    PostgresCommitNotifications commitNotifications(
            DataSource dataSource,
            EventStore eventStore,
            ClusterProperties cluster,
            @Value("${dirsync.projections.shared-stream:false}") boolean shared,
            @Value("${dirsync.projections.read-interval:10ms}") Duration readInterval,
            @Value("${dirsync.projections.listen-retry:1s}") Duration retry)
            throws SQLException {
        if (!shared || !Databases.isPostgres(dataSource) || !(eventStore instanceof WakeableEventStore store)) {
            return null;
        }
        PostgresCommitNotifications notifications =
                new PostgresCommitNotifications(dataSource, cluster.nodeId(), store::wake, readInterval, retry);
        store.afterLocalCommit(notifications::committedLocally);
        return notifications.start();
    }

    @Bean
    public TokenStore tokenStore(
            ConnectionProvider connectionProvider, Serializer serializer, ClusterProperties cluster) {
        return JdbcTokenStore.builder()
                .connectionProvider(connectionProvider)
                .serializer(serializer)
                .contentType(byte[].class)
                .nodeId(cluster.nodeId())
                .claimTimeout(cluster.claimTimeout())
                .schema(TokenSchema.builder()
                        .setTokenTable("token_entry")
                        .setProcessorNameColumn("processor_name")
                        .setSegmentColumn("segment")
                        .setTokenColumn("token")
                        .setTokenTypeColumn("token_type")
                        .setTimestampColumn("time_stamp")
                        .setOwnerColumn("owner")
                        .build())
                .build();
    }

    /**
     * Without the shared stream, and with {@code dirsync.projections.commit-signals=true}, the streaming processors
     * are woken when events commit rather than at their next pass: less lag in the admin views, fewer SCIM creates a
     * second. Off by default: IdPs wait on writes, the admin views can wait (docs/benchmarks/design-notes.md).
     */
    @Bean(destroyMethod = "close")
    CommitSignallingEventSource commitSignallingEventSource(
            @Value("${dirsync.projections.poll-interval:250ms}") Duration tick,
            @Value("${dirsync.projections.commit-signal-delay:50ms}") Duration gather) {
        return new CommitSignallingEventSource(tick, gather);
    }

    /**
     * Streaming processors are pooled (replayable, segments spread across nodes), in batches of 100 events, with
     * {@code dirsync.projections.segments} segments fixed when a processor's tokens are first created: one by default,
     * since each segment commits its own batches and tokens, and a single node made about half again as many SCIM
     * creates a second with one as with four (docs/benchmarks/segments.md); a cluster sets as many as it has nodes.
     * Each node claims its fair share every heartbeat and extends idle claims well within the claim timeout, so only a
     * dead node loses its share. Why these numbers: docs/benchmarks/design-notes.md.
     */
    @Bean
    public ConfigurerModule pooledStreamingByDefault(
            FairShareOfSegments fairShare,
            ClusterProperties cluster,
            CommitSignallingEventSource signalledSource,
            SharedStreamSignals sharedStreamSignals,
            @Value("${dirsync.projections.shared-stream:false}") boolean shared,
            @Value("${dirsync.projections.commit-signals:false}") boolean signalled,
            @Value("${dirsync.projections.segments:1}") int segments) {
        return configurer -> configurer
                .eventProcessing()
                .usingPooledStreamingEventProcessors((configuration, builder) -> builder.batchSize(100)
                        .initialSegmentCount(segments)
                        .messageSource(
                                shared
                                        ? sharedStreamSignals.source(configuration.eventStore())
                                        : new RecentlyEmptyEventSource(
                                                signalled
                                                        ? signalledSource.reading(configuration.eventStore())
                                                        : configuration.eventStore(),
                                                QUIET_AFTER_EMPTY_READ,
                                                Clock.systemUTC()))
                        .maxSegmentProvider(fairShare)
                        .tokenClaimInterval(cluster.heartbeat().toMillis())
                        .claimExtensionThreshold(cluster.claimTimeout().toMillis() / 3));
    }
}
