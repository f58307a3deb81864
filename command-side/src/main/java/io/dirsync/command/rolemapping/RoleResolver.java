package io.dirsync.command.rolemapping;

import io.dirsync.api.rolemapping.MembershipIds;
import io.dirsync.api.rolemapping.ResolveMemberRoleCommand;
import org.axonframework.commandhandling.gateway.CommandGateway;
import org.axonframework.config.EventProcessingConfiguration;
import org.axonframework.eventhandling.StreamingEventProcessor;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.springframework.scheduling.annotation.Scheduled;
import org.springframework.stereotype.Component;

import java.util.List;
import java.util.Optional;

/**
 * The role-mapping process manager, second half: drains the marks {@link RoleResolutionProcess} leaves,
 * a batch at a time, sending each member its idempotent {@link ResolveMemberRoleCommand}. A failed member
 * stays marked and is retried on the next round; a restart resumes where the marks are.
 */
@Component
public class RoleResolver {
    private static final Logger log = LoggerFactory.getLogger(RoleResolver.class);
    private static final int BATCH = 200;

    private final RoleResolutionState state;
    private final CommandGateway commands;
    private final EventProcessingConfiguration processing;

    public RoleResolver(RoleResolutionState state, CommandGateway commands, EventProcessingConfiguration processing) {
        this.state = state;
        this.commands = commands;
        this.processing = processing;
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
            int failures = 0;
            for (RoleResolutionState.Mark mark : marks) {
                try {
                    resolve(mark.userId());
                    state.resolved(mark);
                } catch (RuntimeException e) {
                    failures++;
                    log.warn("Resolving the role of user {} failed; retrying on the next round", mark.userId(), e);
                }
            }
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

    /** During a replay the facts are historical: resolving from them would assign roles from the past. */
    private boolean factsBeingRebuilt() {
        return processing.eventProcessor(RoleResolutionProcess.PROCESSING_GROUP, StreamingEventProcessor.class)
                .map(StreamingEventProcessor::isReplaying).orElse(false);
    }

    private void resolve(String userId) {
        Optional<RoleResolutionState.Facts> found = state.facts(userId);
        // no organization linked, or sync off (roles are the admin's to edit until it is back on): nothing to do
        if (found.isEmpty() || !found.get().syncEnabled()) {
            return;
        }
        RoleResolutionState.Facts facts = found.get();
        RoleResolution.Assignment target = facts.resolvedWith(facts.mappings());
        if (target.equals(facts.current())) {
            return;
        }
        commands.sendAndWait(new ResolveMemberRoleCommand(MembershipIds.of(userId), userId, facts.connectionId(),
                facts.organizationId(), target.role(), target.source(), target.mappedGroupId()));
    }
}
