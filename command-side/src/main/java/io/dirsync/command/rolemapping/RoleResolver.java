package io.dirsync.command.rolemapping;

import io.dirsync.api.rolemapping.MembershipIds;
import io.dirsync.api.rolemapping.ResolveMemberRoleCommand;
import io.dirsync.command.support.AggregatesToLoad;
import jakarta.annotation.PreDestroy;
import org.axonframework.commandhandling.gateway.CommandGateway;
import org.axonframework.common.transaction.TransactionManager;
import org.axonframework.config.EventProcessingConfiguration;
import org.axonframework.eventhandling.StreamingEventProcessor;
import org.axonframework.messaging.unitofwork.DefaultUnitOfWork;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.beans.factory.annotation.Value;
import org.springframework.dao.ConcurrencyFailureException;
import org.springframework.scheduling.annotation.Scheduled;
import org.springframework.scheduling.concurrent.CustomizableThreadFactory;
import org.springframework.stereotype.Component;

import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;

/**
 * The role-mapping process manager, second half: drains the marks {@link RoleResolutionProcess} leaves,
 * a batch at a time, sending each member whose role changes its idempotent {@link ResolveMemberRoleCommand}.
 * A failed member stays marked and is retried on the next round; a restart resumes where the marks are.
 * <p>
 * Each member stays its own aggregate with its own event, but the commands of a batch are sent in chunks, each
 * chunk in one unit of work and one transaction: one commit and one batched append for fifty members, where each
 * member's command was a transaction of its own, much of whose CPU was per-transaction overhead
 * (docs/benchmarks/design-notes.md). The chunk's members are announced ({@link AggregatesToLoad}), so the event store
 * reads their aggregates' events in one query. A chunk that fails, for instance because an
 * admin's command on one of its members committed first, is rolled back whole and its members are then sent one at
 * a time, so one member's failure costs the others nothing. Chunks run on a few threads at once; their members are
 * distinct, so they never wait on each other's aggregates.
 */
@Component
public class RoleResolver {
    private static final Logger log = LoggerFactory.getLogger(RoleResolver.class);
    private static final int BATCH = 200;
    private static final int CHUNK = 50;

    private final RoleResolutionState state;
    private final CommandGateway commands;
    private final EventProcessingConfiguration processing;
    private final TransactionManager transactions;

    private final ExecutorService workers;

    /** One chunk at a time on the calling thread, in mark order: what the deterministic tests drive. */
    public RoleResolver(
            RoleResolutionState state,
            CommandGateway commands,
            EventProcessingConfiguration processing,
            TransactionManager transactions) {
        this(state, commands, processing, transactions, 1);
    }

    @Autowired
    public RoleResolver(
            RoleResolutionState state,
            CommandGateway commands,
            EventProcessingConfiguration processing,
            TransactionManager transactions,
            @Value("${dirsync.role-resolver.threads:4}") int threads) {
        this.state = state;
        this.commands = commands;
        this.processing = processing;
        this.transactions = transactions;
        this.workers = threads <= 1 ? null : Executors.newFixedThreadPool(threads, daemonThreads());
    }

    private static CustomizableThreadFactory daemonThreads() {
        CustomizableThreadFactory factory = new CustomizableThreadFactory("role-resolver-");
        factory.setDaemon(true);
        return factory;
    }

    @PreDestroy
    void stop() {
        if (workers != null) {
            workers.shutdownNow();
        }
    }

    @Scheduled(fixedDelayString = "${dirsync.role-resolver.delay-ms:250}")
    public void drain() {
        if (!keepsTheFactsHere() || factsBeingRebuilt()) {
            return;
        }
        for (int round = 0; round < 50; round++) {
            List<RoleResolutionState.Mark> marks = state.marked(BATCH);
            if (marks.isEmpty()) {
                return;
            }
            long failures = resolveAll(marks);
            if (failures == marks.size()) {
                return;
            }
        }
    }

    /**
     * With several nodes, the one holding the process's single segment drains the marks: the others would
     * resolve the same members at the same time, and could not tell if the facts are being replayed elsewhere.
     * When that node dies, the marks wait for the survivor that takes the segment over. (Without the process,
     * as in tests of the resolver alone, there is nobody to defer to.)
     */
    private boolean keepsTheFactsHere() {
        return processing
                .eventProcessor(RoleResolutionProcess.PROCESSING_GROUP, StreamingEventProcessor.class)
                .map(processor -> !processor.processingStatus().isEmpty())
                .orElse(true);
    }

    /** During a replay the facts are historical: resolving from them would assign roles from the past. */
    private boolean factsBeingRebuilt() {
        return processing
                .eventProcessor(RoleResolutionProcess.PROCESSING_GROUP, StreamingEventProcessor.class)
                .map(StreamingEventProcessor::isReplaying)
                .orElse(false);
    }

    /** A marked member whose role must change, and the command that changes it. */
    private record Change(RoleResolutionState.Mark mark, ResolveMemberRoleCommand command) {}

    /**
     * Resolves each member and unmarks those that succeeded; answers how many failed (they stay marked). The batch's
     * facts are read in a few statements up front and the batch is unmarked in one transaction. A mark that moved on
     * meanwhile (its version grew) stays, so that member comes again.
     */
    private long resolveAll(List<RoleResolutionState.Mark> marks) {
        Map<String, RoleResolutionState.Facts> facts;
        try {
            facts = state.facts(
                    marks.stream().map(RoleResolutionState.Mark::userId).toList());
        } catch (RuntimeException e) {
            log.warn("Reading the facts of {} marked members failed; retrying on the next round", marks.size(), e);
            return marks.size();
        }
        List<RoleResolutionState.Mark> resolved = new ArrayList<>();
        List<Change> changes = new ArrayList<>();
        for (RoleResolutionState.Mark mark : marks) {
            Optional<ResolveMemberRoleCommand> command = commandFor(facts.get(mark.userId()));
            if (command.isPresent()) {
                changes.add(new Change(mark, command.get()));
            } else {
                resolved.add(mark);
            }
        }
        List<List<Change>> chunks = new ArrayList<>();
        for (int from = 0; from < changes.size(); from += CHUNK) {
            chunks.add(changes.subList(from, Math.min(changes.size(), from + CHUNK)));
        }
        if (workers == null) {
            chunks.forEach(chunk -> resolved.addAll(send(chunk)));
        } else {
            List<Future<List<RoleResolutionState.Mark>>> results = new ArrayList<>();
            for (List<Change> chunk : chunks) {
                results.add(workers.submit(() -> send(chunk)));
            }
            for (Future<List<RoleResolutionState.Mark>> result : results) {
                try {
                    resolved.addAll(result.get());
                } catch (InterruptedException e) {
                    Thread.currentThread().interrupt();
                    break;
                } catch (ExecutionException e) {
                    log.warn("Resolving a chunk of members failed; retrying on the next round", e.getCause());
                }
            }
        }
        try {
            state.resolved(resolved);
        } catch (ConcurrencyFailureException deadlockLoser) {
            // the process marks in its batch's order, this unmarks in its own: PostgreSQL fails one side of such a
            // cycle
            log.info(
                    "Unmarking {} members lost to the role-resolution process's marking; they are looked at again",
                    resolved.size());
            return marks.size();
        }
        return marks.size() - resolved.size();
    }

    /** The chunk in one transaction; if that fails, each member on its own. Answers the marks of those that landed. */
    private List<RoleResolutionState.Mark> send(List<Change> chunk) {
        try {
            DefaultUnitOfWork<?> together = DefaultUnitOfWork.startAndGet(null);
            together.attachTransaction(transactions);
            together.execute(() -> {
                AggregatesToLoad.announce(chunk.stream()
                        .map(change -> change.command().membershipId())
                        .toList());
                chunk.forEach(change -> commands.sendAndWait(change.command()));
            });
            return chunk.stream().map(Change::mark).toList();
        } catch (RuntimeException e) {
            log.debug("A chunk of {} members failed together; sending them one at a time", chunk.size(), e);
        }
        List<RoleResolutionState.Mark> landed = new ArrayList<>();
        for (Change change : chunk) {
            try {
                commands.sendAndWait(change.command());
                landed.add(change.mark());
            } catch (RuntimeException e) {
                log.warn(
                        "Resolving the role of user {} failed; retrying on the next round",
                        change.mark().userId(),
                        e);
            }
        }
        return landed;
    }

    /**
     * The command that brings the member to the role its facts resolve to, if it does not hold it
     * ({@link RoleResolutionState.Facts#change}). None with no organization linked (no facts).
     */
    private static Optional<ResolveMemberRoleCommand> commandFor(RoleResolutionState.Facts facts) {
        if (facts == null) {
            return Optional.empty();
        }
        return facts.change()
                .map(target -> new ResolveMemberRoleCommand(
                        MembershipIds.of(facts.userId()),
                        facts.userId(),
                        facts.connectionId(),
                        facts.organizationId(),
                        target.role(),
                        target.source(),
                        target.mappedGroupId()));
    }
}
