package io.dirsync.app.projection;

import io.dirsync.app.cluster.ClusterMembership;
import io.dirsync.query.rebuild.AggregateRebuild;
import io.dirsync.query.rebuild.AggregateSetRebuild;
import io.dirsync.query.rebuild.RebuildableReadModel;
import org.axonframework.config.EventProcessingConfiguration;
import org.axonframework.eventhandling.AbstractEventProcessor;
import org.axonframework.eventhandling.EventHandlerInvoker;
import org.axonframework.eventsourcing.eventstore.EventStore;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.springframework.jdbc.core.JdbcTemplate;
import org.springframework.stereotype.Component;
import org.springframework.transaction.PlatformTransactionManager;
import org.springframework.transaction.support.TransactionTemplate;

import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.Optional;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.function.Function;
import java.util.stream.Collectors;

/**
 * Rebuilds the read models kept in the command's transaction (SCIM users and groups, role and attribute
 * mappings, sessions, and the command side's userName registry), which have no tokens to reset:
 * in the background on the node that got the request, one aggregate at a time in its own short transaction that locks
 * the aggregate's row ({@link AggregateRebuild}). SCIM keeps reading and writing on every node meanwhile; the row locks,
 * not a stop, keep a command and the rebuild of its aggregate apart. {@link #requestInSets} does the same a batch of
 * aggregates per transaction ({@link AggregateSetRebuild}). Progress goes to {@link ReadModelRebuildLog}.
 */
@Component
public class ReadModelRebuilds implements AutoCloseable {
    private static final Logger log = LoggerFactory.getLogger(ReadModelRebuilds.class);

    private final Map<String, RebuildableReadModel> models;
    private final EventStore eventStore;
    private final EventProcessingConfiguration processing;
    private final TransactionTemplate transactions;
    private final JdbcTemplate jdbc;
    private final ReadModelRebuildLog rebuildLog;
    private final ClusterMembership cluster;
    private final ExecutorService runner = Executors.newCachedThreadPool(runnable -> {
        Thread thread = new Thread(runnable, "read-model-rebuild");
        thread.setDaemon(true);
        return thread;
    });

    public ReadModelRebuilds(
            List<RebuildableReadModel> models,
            EventStore eventStore,
            EventProcessingConfiguration processing,
            PlatformTransactionManager transactionManager,
            JdbcTemplate jdbc,
            ReadModelRebuildLog rebuildLog,
            ClusterMembership cluster) {
        this.models =
                models.stream().collect(Collectors.toMap(RebuildableReadModel::processingGroup, Function.identity()));
        this.eventStore = eventStore;
        this.processing = processing;
        this.transactions = new TransactionTemplate(transactionManager);
        this.jdbc = jdbc;
        this.rebuildLog = rebuildLog;
        this.cluster = cluster;
    }

    /** Whether {@code name} is a read model this class rebuilds. */
    public boolean rebuilds(String name) {
        return models.containsKey(name);
    }

    /** Starts rebuilding the model in the background; false while a rebuild of it is under way on any node. */
    public boolean request(String name) {
        return request(name, null);
    }

    /**
     * As {@link #request}, {@code batch} aggregates a transaction, up to {@code parallelBatches} such transactions at
     * once, their events read by {@code events} in one query and each transaction begun with {@code startOfBatch};
     * false while a rebuild of it is under way on any node.
     */
    public boolean requestInSets(
            String name,
            AggregateSetRebuild.AggregateEvents events,
            int batch,
            int parallelBatches,
            Runnable startOfBatch) {
        return request(name, new InSets(Objects.requireNonNull(events), batch, parallelBatches, startOfBatch));
    }

    private record InSets(
            AggregateSetRebuild.AggregateEvents events, int batch, int parallelBatches, Runnable startOfBatch) {}

    private boolean request(String name, InSets inSets) {
        RebuildableReadModel model = models.get(name);
        long requestedAt = System.currentTimeMillis();
        if (!rebuildLog.start(name, cluster.nodeId(), requestedAt)) {
            return false;
        }
        runner.submit(() -> run(model, requestedAt, inSets));
        return true;
    }

    /** The model's last rebuild: state (running, done, failed, abandoned), aggregates rebuilt of the total, failures. */
    public Optional<Map<String, Object>> last(String name) {
        return rebuildLog.last(name);
    }

    private void run(RebuildableReadModel model, long requestedAt, InSets inSets) {
        String name = model.processingGroup();
        String node = cluster.nodeId();
        String state = ReadModelRebuildLog.FAILED;
        String error = null;
        try {
            EventHandlerInvoker handlers = handlersOf(name);
            AggregateRebuild rebuild =
                    new AggregateRebuild(model, handlers, id -> eventStore.readEvents(id, 0), transactions);
            ReadModelRebuildRun run = inSets == null
                    ? new ReadModelRebuildRun(rebuild, model.creatingEvent(), jdbc)
                    : new ReadModelRebuildRun(
                            rebuild,
                            new AggregateSetRebuild(
                                    model, handlers, inSets.events(), transactions, inSets.startOfBatch()),
                            inSets.batch(),
                            inSets.parallelBatches(),
                            model.creatingEvent(),
                            jdbc);
            long started = System.nanoTime();
            run.run((rebuilt, failed, total) -> rebuildLog.progress(name, node, requestedAt, rebuilt, total, failed));
            state = run.failed() == 0 ? ReadModelRebuildLog.DONE : ReadModelRebuildLog.FAILED;
            error = run.firstError();
            log.info(
                    "Rebuild of {}{}: {} aggregates, {} failed, in {} ms",
                    name,
                    inSets == null ? "" : " in sets",
                    run.rebuilt(),
                    run.failed(),
                    (System.nanoTime() - started) / 1_000_000);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            error = "Stopped: the node is shutting down";
        } catch (RuntimeException e) {
            error = e.toString();
            log.error("Rebuild of {} failed", name, e);
        } finally {
            try {
                rebuildLog.finish(name, node, requestedAt, state, error);
            } catch (RuntimeException e) {
                log.warn("Could not record the end of the rebuild of {}", name, e);
            }
        }
    }

    /** The invoker of the model's subscribing processor: events reach the handlers exactly as they do live. */
    private EventHandlerInvoker handlersOf(String processingGroup) {
        return handlersOf(processing, processingGroup);
    }

    /** The invoker of a processor: what a rebuild hands events to, so they reach the handlers exactly as they do live. */
    public static EventHandlerInvoker handlersOf(EventProcessingConfiguration processing, String processingGroup) {
        return processing
                .eventProcessor(processingGroup, AbstractEventProcessor.class)
                .map(AbstractEventProcessor::eventHandlerInvoker)
                .orElseThrow(() -> new IllegalStateException("No event processor " + processingGroup));
    }

    @Override
    public void close() {
        runner.shutdownNow();
    }
}
