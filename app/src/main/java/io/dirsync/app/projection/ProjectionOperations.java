package io.dirsync.app.projection;

import io.dirsync.scim.ScimException;
import io.dirsync.scim.ScimType;
import org.axonframework.config.EventProcessingConfiguration;
import org.axonframework.eventhandling.EventProcessor;
import org.axonframework.eventhandling.EventTrackerStatus;
import org.axonframework.eventhandling.StreamingEventProcessor;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.springframework.jdbc.core.JdbcTemplate;
import org.springframework.stereotype.Component;

import java.util.ArrayList;
import java.util.Collection;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.OptionalLong;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;

/**
 * The event processors' status and their replay, for the admin API and the admin web UI alike. Subscribing
 * projections are written in the command's own transaction: they never lag, and are not replayed (their
 * tables are part of the write model's consistency).
 */
@Component
public class ProjectionOperations {
    private static final Logger log = LoggerFactory.getLogger(ProjectionOperations.class);
    private final EventProcessingConfiguration processing;
    private final JdbcTemplate jdbc;
    private final ExecutorService replays = Executors.newSingleThreadExecutor(runnable -> {
        Thread thread = new Thread(runnable, "projection-replay");
        thread.setDaemon(true);
        return thread;
    });

    public ProjectionOperations(EventProcessingConfiguration processing, JdbcTemplate jdbc) {
        this.processing = processing;
        this.jdbc = jdbc;
    }

    /** One map per processor: name, running, error, type, replaying, position, lag, caughtUp... (the API's JSON). */
    public List<Map<String, Object>> status() {
        Long head = jdbc.queryForObject("SELECT MAX(global_index) FROM domain_event_entry", Long.class);
        List<Map<String, Object>> result = new ArrayList<>();
        for (EventProcessor processor : processing.eventProcessors().values()) {
            Map<String, Object> view = new LinkedHashMap<>();
            view.put("name", processor.getName());
            view.put("running", processor.isRunning());
            view.put("error", processor.isError());
            if (processor instanceof StreamingEventProcessor streaming) {
                Collection<EventTrackerStatus> segments = streaming.processingStatus().values();
                OptionalLong position = segments.stream().map(EventTrackerStatus::getCurrentPosition)
                        .filter(OptionalLong::isPresent).mapToLong(OptionalLong::getAsLong).min();
                view.put("type", "streaming");
                view.put("replaying", streaming.isReplaying());
                view.put("segmentsClaimedHere", segments.size());
                view.put("position", position.isPresent() ? position.getAsLong() : null);
                view.put("head", head);
                view.put("lag", position.isPresent() && head != null ? Math.max(0, head - position.getAsLong()) : null);
                view.put("caughtUp", !segments.isEmpty() && segments.stream().allMatch(EventTrackerStatus::isCaughtUp));
                view.put("segmentErrors", segments.stream().filter(EventTrackerStatus::isErrorState).count());
            } else {
                view.put("type", "subscribing");
                view.put("replaying", false);
                view.put("lag", 0);
            }
            result.add(view);
        }
        return result;
    }

    /** Starts rebuilding a streaming projection from the first event, in the background. */
    public void replay(String name) {
        EventProcessor processor = processing.eventProcessor(name)
                .orElseThrow(() -> new ScimException(404, null, "No projection '" + name + "'"));
        if (!(processor instanceof StreamingEventProcessor streaming) || !streaming.supportsReset()) {
            throw ScimException.badRequest(ScimType.invalidValue, "'" + name + "' is kept in the command transaction and is not replayed");
        }
        replays.submit(() -> {
            try {
                streaming.shutDown();
                streaming.resetTokens();
                streaming.start();
                log.info("Replay of {} started", name);
            } catch (RuntimeException e) {
                // another node may still hold claims: stop the processor there first (see README)
                log.error("Replay of {} could not start", name, e);
                streaming.start();
            }
        });
    }
}
