package io.dirsync.app.projection;

import io.dirsync.app.cluster.ClusterMembership;
import io.dirsync.scim.ScimException;
import io.dirsync.scim.ScimType;
import org.axonframework.config.EventProcessingConfiguration;
import org.axonframework.eventhandling.EventProcessor;
import org.axonframework.eventhandling.StreamingEventProcessor;
import org.springframework.jdbc.core.JdbcTemplate;
import org.springframework.stereotype.Component;

import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;

/**
 * The event processors' status and their replay, for the admin API and the admin web UI alike. A replay
 * rebuilds a projection from the first event while the service keeps answering: a streaming one with every node
 * taking part (see {@link ProjectionReplays}); a subscribing one, written in the command's own transaction and never
 * lagging, aggregate by aggregate under row locks on the requesting node (see {@link ReadModelRebuilds}), if its rows
 * are per aggregate as the SCIM read models' are. The other subscribing ones are not replayed.
 */
@Component
public class ProjectionOperations {
    private final EventProcessingConfiguration processing;
    private final JdbcTemplate jdbc;
    private final ClusterMembership cluster;
    private final ProjectionReplays replays;
    private final ReadModelRebuilds rebuilds;
    private final RebuildsInSets setRebuilds;
    private final ProcessorProgress processorProgress;

    public ProjectionOperations(
            EventProcessingConfiguration processing,
            JdbcTemplate jdbc,
            ClusterMembership cluster,
            ProjectionReplays replays,
            ReadModelRebuilds rebuilds,
            RebuildsInSets setRebuilds,
            ProcessorProgress processorProgress) {
        this.processing = processing;
        this.jdbc = jdbc;
        this.cluster = cluster;
        this.replays = replays;
        this.rebuilds = rebuilds;
        this.setRebuilds = setRebuilds;
        this.processorProgress = processorProgress;
    }

    /** One map per processor: name, node, running, error, type, replaying, position, lag, caughtUp, claims... (the API's JSON). */
    public List<Map<String, Object>> status() {
        Map<String, ProcessorProgress.Progress> progress = progress();
        List<Map<String, Object>> result = new ArrayList<>();
        for (EventProcessor processor : processing.eventProcessors().values()) {
            Map<String, Object> view = new LinkedHashMap<>();
            view.put("name", processor.getName());
            view.put("node", cluster.nodeId());
            view.put("running", processor.isRunning());
            view.put("error", processor.isError());
            ProcessorProgress.Progress streaming = progress.get(processor.getName());
            if (streaming != null) {
                view.put("type", "streaming");
                view.put("replaying", streaming.replaying());
                view.put("segmentsClaimedHere", streaming.segmentsClaimed());
                view.put("position", streaming.position());
                view.put("head", streaming.head());
                view.put("lag", streaming.lagEvents());
                view.put("lagSeconds", streaming.lagSeconds());
                view.put("caughtUp", streaming.caughtUp());
                view.put("segmentErrors", streaming.segmentErrors());
                view.put("claims", claims(processor.getName()));
                view.put("lastReplay", replays.last(processor.getName()).orElse(null));
                view.put("rebuildableInSets", setRebuilds.rebuilds(processor.getName()));
                view.put("lastRebuild", setRebuilds.last(processor.getName()).orElse(null));
            } else {
                boolean rebuildable = rebuilds.rebuilds(processor.getName());
                Map<String, Object> lastReplay =
                        rebuildable ? rebuilds.last(processor.getName()).orElse(null) : null;
                view.put("type", "subscribing");
                view.put("rebuildable", rebuildable);
                view.put(
                        "replaying", lastReplay != null && ReadModelRebuildLog.RUNNING.equals(lastReplay.get("state")));
                view.put("lag", 0);
                view.put("lastReplay", lastReplay);
                // one log for both: .../replay (one by one) and .../rebuild (in sets) of these models
                view.put("rebuildableInSets", setRebuilds.rebuilds(processor.getName()));
                view.put("lastRebuild", lastReplay);
            }
            result.add(view);
        }
        return result;
    }

    private Map<String, ProcessorProgress.Progress> progress() {
        Map<String, ProcessorProgress.Progress> byName = new LinkedHashMap<>();
        processorProgress.streaming().forEach(progress -> byName.put(progress.name(), progress));
        return byName;
    }

    /**
     * Rebuilds a projection from the first event, in the background: a streaming one on every node, an in-transaction
     * read model on this one.
     */
    public void replay(String name) {
        EventProcessor processor = processing
                .eventProcessor(name)
                .orElseThrow(() -> new ScimException(404, null, "No projection '" + name + "'"));
        if (rebuilds.rebuilds(name)) {
            if (!rebuilds.request(name)) {
                throw new ScimException(409, null, "A rebuild of '" + name + "' is under way");
            }
            return;
        }
        if (!(processor instanceof StreamingEventProcessor streaming) || !streaming.supportsReset()) {
            throw ScimException.badRequest(
                    ScimType.invalidValue, "'" + name + "' is kept in the command transaction and is not replayed");
        }
        if (!replays.request(streaming)) {
            throw new ScimException(409, null, "A replay of '" + name + "' is under way");
        }
    }

    /**
     * Rebuilds a projection in sets, in the background (see {@link RebuildsInSets}): a streaming one into fresh tables
     * filled from the store, then switched to; a read model kept in the command's transaction in place, a batch of
     * aggregates per transaction. The live view keeps answering meanwhile.
     */
    public void rebuild(String name) {
        processing.eventProcessor(name).orElseThrow(() -> new ScimException(404, null, "No projection '" + name + "'"));
        if (!setRebuilds.rebuilds(name)) {
            throw ScimException.badRequest(
                    ScimType.invalidValue,
                    "'" + name + "' is not rebuilt in sets: replay it (POST /api/projections/" + name + "/replay)");
        }
        if (!setRebuilds.request(name)) {
            throw new ScimException(409, null, "A rebuild of '" + name + "' is under way");
        }
    }

    /**
     * Which node holds which segment, from the token store, so an operator (and the cluster test) sees the split
     * across nodes: node id to its segments; {@code "unclaimed"} for released ones. A dead node's claims stay
     * listed under its name until their timeout ends and another node takes them.
     */
    private Map<String, List<Integer>> claims(String processorName) {
        Map<String, List<Integer>> byOwner = new TreeMap<>();
        jdbc.query(
                "SELECT segment, owner FROM token_entry WHERE processor_name = ? ORDER BY segment",
                row -> {
                    String owner = row.getString(2);
                    byOwner.computeIfAbsent(owner == null ? "unclaimed" : owner, key -> new ArrayList<>())
                            .add(row.getInt(1));
                },
                processorName);
        return byOwner;
    }
}
