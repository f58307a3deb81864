package io.dirsync.app.rebuild;

import io.dirsync.app.axon.CommitHorizon;
import io.dirsync.app.cluster.ClusterMembership;
import io.dirsync.app.erasure.PersonalDataEnvelope;
import io.dirsync.app.projection.ProjectionReplays;
import io.dirsync.app.projection.ReadModelRebuildLog;
import io.dirsync.app.projection.ReadModelRebuilds;
import io.dirsync.app.projection.RebuildsInSets;
import io.dirsync.app.storage.Databases;
import io.dirsync.command.erasure.UserDataKeys;
import org.axonframework.config.EventProcessingConfiguration;
import org.axonframework.eventhandling.StreamingEventProcessor;
import org.axonframework.eventhandling.tokenstore.TokenStore;
import org.axonframework.serialization.Serializer;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.springframework.beans.factory.annotation.Qualifier;
import org.springframework.beans.factory.annotation.Value;
import org.springframework.jdbc.core.JdbcTemplate;
import org.springframework.stereotype.Component;
import org.springframework.transaction.PlatformTransactionManager;
import org.springframework.transaction.support.TransactionTemplate;

import javax.sql.DataSource;
import java.sql.SQLException;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;

/**
 * Rebuilds a streaming projection in sets ({@code POST /api/projections/{name}/rebuild}): its tables are built afresh
 * beside the live ones ({@link ShadowTables}) from the store read in large batches, then put in place in one short
 * transaction, and the processor goes on from where the rebuild stopped. The live view answers, and follows new events,
 * until that switch. Runs in the background on the node that got the request; the other nodes stop the processor for
 * the switch only ({@link ProjectionReplays#whileStoppedEverywhere}). The read models written in the command's
 * transaction (SCIM users and groups, ...) have no tokens to move: they are rebuilt in place, a batch of aggregates per
 * transaction under their row locks ({@link ReadModelRebuilds#requestInSets}), their events read here in one query a
 * batch. Progress goes to {@link ReadModelRebuildLog}. Design and measurements: docs/benchmarks/rebuild-in-sets.md.
 */
@Component
public class SetRebuilds implements RebuildsInSets, AutoCloseable {
    private static final Logger log = LoggerFactory.getLogger(SetRebuilds.class);

    private final EventProcessingConfiguration processing;
    private final JdbcTemplate jdbc;
    private final TransactionTemplate transactions;
    private final ShadowTables shadow;
    private final StoredEventBatches store;
    private final ProjectionReplays replays;
    private final TokenStore tokenStore;
    private final ReadModelRebuildLog rebuildLog;
    private final ClusterMembership cluster;
    private final ReadModelRebuilds readModels;
    private final int batchSize;
    private final int aggregateBatch;
    private final int parallelAggregateBatches;
    private final int segments;
    private final Runnable startOfAggregateBatch;
    private final ExecutorService runner = Executors.newSingleThreadExecutor(runnable -> {
        Thread thread = new Thread(runnable, "set-rebuild");
        thread.setDaemon(true);
        return thread;
    });

    public SetRebuilds(
            EventProcessingConfiguration processing,
            JdbcTemplate jdbc,
            DataSource dataSource,
            PlatformTransactionManager transactionManager,
            CommitHorizon horizon,
            @Qualifier("eventSerializer") Serializer eventSerializer,
            org.axonframework.config.Configuration axon,
            UserDataKeys keys,
            PersonalDataEnvelope envelope,
            ProjectionReplays replays,
            TokenStore tokenStore,
            ReadModelRebuildLog rebuildLog,
            ClusterMembership cluster,
            ReadModelRebuilds readModels,
            @Value("${dirsync.projections.rebuild-batch:1000}") int batchSize,
            @Value("${dirsync.projections.rebuild-aggregates:250}") int aggregateBatch,
            @Value("${dirsync.projections.rebuild-parallel-batches:2}") int parallelAggregateBatches,
            @Value("${dirsync.projections.segments:1}") int segments,
            @Value("${dirsync.projections.rebuild-openers:0}") int openers)
            throws SQLException {
        this.processing = processing;
        this.jdbc = jdbc;
        this.transactions = new TransactionTemplate(transactionManager);
        boolean postgres = Databases.isPostgres(dataSource);
        this.shadow = postgres ? new PostgresShadowTables() : new H2ShadowTables();
        // A batch of aggregates rebuilt in place need not wait for the disk: a crash can lose only the last batches,
        // which leaves those aggregates' old rows, and a command committed on one of them flushes the log up to it.
        this.startOfAggregateBatch = postgres ? () -> jdbc.execute("SET LOCAL synchronous_commit TO off") : () -> {};
        this.store = new StoredEventBatches(
                jdbc,
                horizon,
                eventSerializer,
                axon.upcasterChain(),
                keys,
                envelope,
                transactions,
                openers > 0 ? openers : Runtime.getRuntime().availableProcessors());
        this.replays = replays;
        this.tokenStore = tokenStore;
        this.rebuildLog = rebuildLog;
        this.cluster = cluster;
        this.readModels = readModels;
        this.batchSize = batchSize;
        this.aggregateBatch = aggregateBatch;
        this.parallelAggregateBatches = parallelAggregateBatches;
        this.segments = segments;
    }

    @Override
    public boolean rebuilds(String name) {
        return RebuiltTables.OF_PROJECTION.containsKey(name) || readModels.rebuilds(name);
    }

    @Override
    public boolean request(String name) {
        if (readModels.rebuilds(name)) {
            return readModels.requestInSets(
                    name, store::readAggregates, aggregateBatch, parallelAggregateBatches, startOfAggregateBatch);
        }
        StreamingEventProcessor processor = processing
                .eventProcessor(name, StreamingEventProcessor.class)
                .orElseThrow(() -> new IllegalArgumentException("No streaming processor " + name));
        long requestedAt = System.currentTimeMillis();
        if (!rebuildLog.start(name, cluster.nodeId(), requestedAt)) {
            return false;
        }
        runner.submit(() -> run(processor, requestedAt));
        return true;
    }

    @Override
    public Optional<Map<String, Object>> last(String name) {
        return rebuildLog.last(name);
    }

    private void run(StreamingEventProcessor processor, long requestedAt) {
        String name = processor.getName();
        List<String> tables = RebuiltTables.OF_PROJECTION.get(name);
        String node = cluster.nodeId();
        String state = ReadModelRebuildLog.FAILED;
        String error = null;
        try {
            SetRebuildRun run = new SetRebuildRun(
                    ReadModelRebuilds.handlersOf(processing, name),
                    store,
                    shadow,
                    tables,
                    jdbc,
                    transactions,
                    batchSize,
                    (applied, total) -> rebuildLog.progress(name, node, requestedAt, applied, total, 0));
            long started = System.nanoTime();
            run.fill();
            boolean switched = replays.whileStoppedEverywhere(
                    processor,
                    claimed ->
                            run.switchTo(position -> new TokenMoves(tokenStore, name, claimed, segments).to(position)));
            if (!switched) {
                throw new IllegalStateException(
                        "A replay of " + name + " is under way: the rebuild is not switched to");
            }
            state = ReadModelRebuildLog.DONE;
            log.info(
                    "Rebuild of {} in sets: {} events in {} ms, switched at position {}",
                    name,
                    run.applied(),
                    (System.nanoTime() - started) / 1_000_000,
                    run.position());
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            error = "Stopped: the node is shutting down";
        } catch (RuntimeException e) {
            error = e.toString();
            log.error("Rebuild of {} in sets failed; the live tables are as they were", name, e);
        } finally {
            try {
                shadow.drop(jdbc, tables);
                rebuildLog.finish(name, node, requestedAt, state, error);
            } catch (RuntimeException e) {
                log.warn("Could not record the end of the rebuild of {}", name, e);
            }
        }
    }

    @Override
    public void close() {
        runner.shutdownNow();
        store.close();
    }
}
