package io.dirsync.command.rolemapping;

import io.dirsync.api.rolemapping.MembershipIds;
import io.dirsync.api.rolemapping.ResolveMemberRoleCommand;
import org.axonframework.commandhandling.gateway.CommandGateway;
import org.axonframework.config.EventProcessingConfiguration;
import org.axonframework.eventhandling.StreamingEventProcessor;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.beans.factory.annotation.Value;
import org.springframework.scheduling.annotation.Scheduled;
import org.springframework.scheduling.concurrent.CustomizableThreadFactory;
import org.springframework.stereotype.Component;

import jakarta.annotation.PreDestroy;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;


/**
 * The role-mapping process manager, second half: drains the marks {@link RoleResolutionProcess} leaves,
 * a batch at a time, sending each member its idempotent {@link ResolveMemberRoleCommand}. A failed member
 * stays marked and is retried on the next round; a restart resumes where the marks are.
 * <p>
 * Members of a batch are resolved by a few threads at once: each member is its own aggregate, and one at a
 * time every member waited for its own durable commits (the command's and its unmarking), so a mapping
 * change over 10,000 members took minutes (docs/benchmarks/RESULTS.md). Concurrent commits share the disk flushes.
 */
@Component
public class RoleResolver {
    private static final Logger log = LoggerFactory.getLogger(RoleResolver.class);
    private static final int BATCH = 200;

    private final RoleResolutionState state;
    private final CommandGateway commands;
    private final EventProcessingConfiguration processing;

    private final ExecutorService workers;

    /** One member at a time, in mark order: what the deterministic tests drive. */
    public RoleResolver(RoleResolutionState state, CommandGateway commands, EventProcessingConfiguration processing) {
        this(state, commands, processing, 1);
    }

    @Autowired
    public RoleResolver(RoleResolutionState state, CommandGateway commands, EventProcessingConfiguration processing,
                        @Value("${dirsync.role-resolver.threads:4}") int threads) {
        this.state = state;
        this.commands = commands;
        this.processing = processing;
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
        return processing.eventProcessor(RoleResolutionProcess.PROCESSING_GROUP, StreamingEventProcessor.class)
                .map(processor -> !processor.processingStatus().isEmpty()).orElse(true);
    }

    /**
     * Resolves each member and unmarks those that succeeded; answers how many failed (they stay marked). The batch's
     * facts are read in a few statements up front and the batch is unmarked in one: per member that was five queries
     * and a commit of its own. A mark that moved on meanwhile (its version grew) stays, so that member comes again.
     */
    private long resolveAll(List<RoleResolutionState.Mark> marks) {
        Map<String, RoleResolutionState.Facts> facts;
        try {
            facts = state.facts(marks.stream().map(RoleResolutionState.Mark::userId).toList());
        } catch (RuntimeException e) {
            log.warn("Reading the facts of {} marked members failed; retrying on the next round", marks.size(), e);
            return marks.size();
        }
        List<RoleResolutionState.Mark> resolved = new ArrayList<>();
        if (workers == null) {
            marks.stream().filter(mark -> resolve(mark, facts.get(mark.userId()))).forEach(resolved::add);
        } else {
            List<Future<Boolean>> results = new ArrayList<>();
            for (RoleResolutionState.Mark mark : marks) {
                results.add(workers.submit(() -> resolve(mark, facts.get(mark.userId()))));
            }
            for (int i = 0; i < marks.size(); i++) {
                try {
                    if (results.get(i).get()) {
                        resolved.add(marks.get(i));
                    }
                } catch (InterruptedException e) {
                    Thread.currentThread().interrupt();
                    break;
                } catch (ExecutionException e) {
                    log.warn("Resolving the role of user {} failed; retrying on the next round", marks.get(i).userId(), e.getCause());
                }
            }
        }
        state.resolved(resolved);
        return marks.size() - resolved.size();
    }

    private boolean resolve(RoleResolutionState.Mark mark, RoleResolutionState.Facts facts) {
        try {
            resolve(facts);
            return true;
        } catch (RuntimeException e) {
            log.warn("Resolving the role of user {} failed; retrying on the next round", mark.userId(), e);
            return false;
        }
    }

    /** During a replay the facts are historical: resolving from them would assign roles from the past. */
    private boolean factsBeingRebuilt() {
        return processing.eventProcessor(RoleResolutionProcess.PROCESSING_GROUP, StreamingEventProcessor.class)
                .map(StreamingEventProcessor::isReplaying).orElse(false);
    }

    private void resolve(RoleResolutionState.Facts facts) {
        // no organization linked (no facts), or sync off (roles are the admin's to edit until it is back on): nothing to do
        if (facts == null || !facts.syncEnabled()) {
            return;
        }
        RoleResolution.Assignment target = facts.resolvedWith(facts.mappings());
        if (target.equals(facts.current())) {
            return;
        }
        commands.sendAndWait(new ResolveMemberRoleCommand(MembershipIds.of(facts.userId()), facts.userId(), facts.connectionId(),
                facts.organizationId(), target.role(), target.source(), target.mappedGroupId()));
    }
}
