package io.dirsync.app.axon;

import io.dirsync.app.audit.ChainHeadRecordingEventStore;
import io.dirsync.app.cluster.ClusterProperties;
import io.dirsync.app.cluster.FairShareOfSegments;
import io.dirsync.query.accessreview.AccessHistoryProjection;
import io.dirsync.query.attributemapping.UserPublicMetadataProjection;
import io.dirsync.query.audit.EventLogProjection;
import io.dirsync.query.connection.ConnectionOverviewProjection;
import io.dirsync.query.directoryuser.DirectoryUserProjection;
import io.dirsync.query.organization.OrganizationOverviewProjection;
import io.dirsync.query.rolemapping.OrganizationMemberProjection;
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
import org.axonframework.modelling.saga.repository.SagaStore;
import org.axonframework.modelling.saga.repository.jdbc.GenericSagaSqlSchema;
import org.axonframework.modelling.saga.repository.jdbc.JdbcSagaStore;
import org.axonframework.modelling.saga.repository.jdbc.PostgresSagaSqlSchema;
import org.axonframework.modelling.saga.repository.jdbc.SagaSchema;
import org.axonframework.modelling.saga.repository.jdbc.SagaSqlSchema;
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
 * Axon's storage, declared rather than auto-configured: with JPA on the class path Spring Boot would pick
 * the JPA engine, whose {@code @Lob} payloads become leaking large objects on PostgreSQL. Flyway owns the
 * tables (db/migration); the names here are the snake_case ones it creates.
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

    @Bean
    public EventStorageEngine eventStorageEngine(ConnectionProvider connectionProvider,
                                                 TransactionManager transactionManager,
                                                 Serializer serializer,
                                                 @Qualifier("eventSerializer") Serializer eventSerializer,
                                                 PersistenceExceptionResolver persistenceExceptionResolver,
                                                 org.axonframework.config.Configuration configuration,
                                                 JdbcTemplate jdbc) {
        return new KnownSnapshotsStorageEngine(JdbcEventStorageEngine.builder()
                .connectionProvider(connectionProvider)
                .transactionManager(transactionManager)
                .snapshotSerializer(serializer)
                .eventSerializer(eventSerializer)
                .upcasterChain(configuration.upcasterChain())
                .persistenceExceptionResolver(persistenceExceptionResolver)
                .batchSize(EVENT_BATCH)
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
                .build(),
                () -> Set.copyOf(jdbc.queryForList("SELECT DISTINCT aggregate_identifier FROM snapshot_event_entry", String.class)),
                SNAPSHOTS_REREAD_EVERY, Clock.systemUTC());
    }

    /**
     * Every streaming processor reads the store through its own query. With the shared in-memory stream
     * (Axon's default "optimised" consumption) we saw, under load on H2, a processor pass two events of a
     * transaction that committed after a later one and never come back for them: the event log stayed two
     * events short. The private streams re-query the gaps their tokens record, which is what closes them.
     */
    @Bean
    public EventStore eventStore(EventStorageEngine storageEngine, org.axonframework.config.Configuration configuration) {
        return new ChainHeadRecordingEventStore(EmbeddedEventStore.builder()
                .storageEngine(storageEngine)
                .messageMonitor(configuration.messageMonitor(EventStore.class, "eventStore"))
                .optimizeEventConsumption(false));
    }

    @Bean
    public TokenStore tokenStore(ConnectionProvider connectionProvider, Serializer serializer, ClusterProperties cluster) {
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

    @Bean
    public SagaStore<Object> sagaStore(ConnectionProvider connectionProvider, DataSource dataSource, Serializer serializer)
            throws SQLException {
        SagaSchema schema = SagaSchema.builder()
                .sagaEntryTable("saga_entry")
                .associationValueEntryTable("association_value_entry")
                .sagaIdColumn("saga_id")
                .revisionColumn("revision")
                .sagaTypeColumn("saga_type")
                .serializedSagaColumn("serialized_saga")
                .associationKeyColumn("association_key")
                .associationValueColumn("association_value")
                .build();
        SagaSqlSchema sqlSchema = isPostgres(dataSource) ? new PostgresSagaSqlSchema(schema) : new GenericSagaSqlSchema(schema);
        return JdbcSagaStore.builder().connectionProvider(connectionProvider).sqlSchema(sqlSchema).serializer(serializer).build();
    }

    /**
     * Streaming projections default to pooled processors: replayable, and segments spread across nodes.
     * Batches of 100 events per transaction: a replay of one event per transaction runs four times slower.
     * Four segments, not Axon's sixteen: each segment's work package commits its own batch and token, so at a SCIM
     * write rate of a hundred or two a second sixteen segments meant many tiny transactions per processor, and the
     * coordinator offers every event to every segment. In an A/B on the benchmark machine four took about 10% less
     * JVM CPU per create (docs/benchmarks/ANALYSIS.md). Four still spread over four nodes; the count is fixed when a
     * processor's tokens are first created ({@code dirsync.projections.segments}), so existing stores keep theirs.
     * Each node holds its fair share of segments and looks for segments to claim or release every heartbeat;
     * an idle segment's claim is extended well within the claim timeout, so only a dead node loses its share.
     * An idle stream asks the store once per pass, not three times ({@link RecentlyEmptyEventSource}).
     * With {@code dirsync.projections.commit-signals=true} they read the store through {@link CommitSignallingEventSource},
     * which wakes them when events commit: about a quarter of the lag at p99 (150 against 600 ms), but about 30% fewer
     * SCIM creates per second at 16 clients and 45% fewer at 4 on the benchmark machine (docs/benchmarks/commit-signals.md,
     * measured again on 2026-11-29). Off by default: IdPs wait on writes, the admin views can wait.
     */
    @Bean(destroyMethod = "close")
    CommitSignallingEventSource commitSignallingEventSource(@Value("${dirsync.projections.poll-interval:250ms}") Duration tick,
                                                            @Value("${dirsync.projections.commit-signal-delay:50ms}") Duration gather) {
        return new CommitSignallingEventSource(tick, gather);
    }

    @Bean
    public ConfigurerModule pooledStreamingByDefault(FairShareOfSegments fairShare, ClusterProperties cluster,
                                                     CommitSignallingEventSource signalledSource,
                                                     @Value("${dirsync.projections.commit-signals:false}") boolean signalled,
                                                     @Value("${dirsync.projections.segments:4}") int segments) {
        return configurer -> configurer.eventProcessing()
                .usingPooledStreamingEventProcessors((configuration, builder) -> builder.batchSize(100)
                        .initialSegmentCount(segments)
                        .messageSource(new RecentlyEmptyEventSource(
                                signalled ? signalledSource.reading(configuration.eventStore()) : configuration.eventStore(),
                                QUIET_AFTER_EMPTY_READ, Clock.systemUTC()))
                        .maxSegmentProvider(fairShare)
                        .tokenClaimInterval(cluster.heartbeat().toMillis())
                        .claimExtensionThreshold(cluster.claimTimeout().toMillis() / 3));
    }

    /**
     * The streaming projections that only hold rebuildable read models commit asynchronously on PostgreSQL
     * ({@link ProjectionTransactionManager} says why that is safe). Not the role-resolution process or the webhook
     * outbox: what they write leads to commands and deliveries, so their commits stay durable.
     */
    @Bean
    public ConfigurerModule asynchronousProjectionCommits(DataSource dataSource, JdbcTemplate jdbc,
                                                          @Value("${dirsync.projections.asynchronous-commit:true}") boolean enabled)
            throws SQLException {
        if (!enabled || !isPostgres(dataSource)) {
            return configurer -> { };
        }
        return configurer -> {
            for (String group : new String[]{DirectoryUserProjection.PROCESSING_GROUP, EventLogProjection.PROCESSING_GROUP,
                    UserPublicMetadataProjection.PROCESSING_GROUP, OrganizationMemberProjection.PROCESSING_GROUP,
                    ConnectionOverviewProjection.PROCESSING_GROUP, OrganizationOverviewProjection.PROCESSING_GROUP,
                    AccessHistoryProjection.PROCESSING_GROUP}) {
                configurer.eventProcessing().registerTransactionManager(group,
                        configuration -> new ProjectionTransactionManager(configuration.getComponent(TransactionManager.class), jdbc));
            }
        };
    }

    private static boolean isPostgres(DataSource dataSource) throws SQLException {
        try (var connection = dataSource.getConnection()) {
            return connection.getMetaData().getDatabaseProductName().toLowerCase().contains("postgres");
        }
    }
}
