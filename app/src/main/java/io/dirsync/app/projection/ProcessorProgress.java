package io.dirsync.app.projection;

import org.axonframework.config.EventProcessingConfiguration;
import org.axonframework.eventhandling.EventProcessor;
import org.axonframework.eventhandling.EventTrackerStatus;
import org.axonframework.eventhandling.StreamingEventProcessor;
import org.springframework.jdbc.core.JdbcTemplate;
import org.springframework.stereotype.Component;

import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.time.format.DateTimeParseException;
import java.util.ArrayList;
import java.util.Collection;
import java.util.List;
import java.util.OptionalLong;

/**
 * Where each streaming processor stands on this node: the one place that decides what its position and lag are, for
 * the admin API, the health group and the metrics. The position is the lowest among the segments claimed here; the
 * lag in events is the head of the store minus that, the lag in seconds the age of the first event not yet handled
 * (0 when there is none). A node that claims no segment of a processor knows no position for it.
 */
@Component
public class ProcessorProgress {
    private static final Duration CACHED_FOR = Duration.ofSeconds(1);

    private final EventProcessingConfiguration processing;
    private final JdbcTemplate jdbc;
    private final Clock clock;
    private volatile Snapshot cached;

    public record Progress(
            String name,
            boolean running,
            boolean error,
            long segmentErrors,
            int segmentsClaimed,
            boolean replaying,
            boolean caughtUp,
            Long position,
            Long head,
            Long lagEvents,
            Double lagSeconds) {
        /** A processor, or one of its segments here, is in error: it retries, but is not keeping up meanwhile. */
        public boolean failing() {
            return error || segmentErrors > 0;
        }
    }

    private record Snapshot(Instant at, List<Progress> progress) {}

    public ProcessorProgress(EventProcessingConfiguration processing, JdbcTemplate jdbc) {
        this.processing = processing;
        this.jdbc = jdbc;
        this.clock = Clock.systemUTC();
    }

    /** Fresh from the processors and the store. */
    public List<Progress> streaming() {
        Long head = jdbc.queryForObject("SELECT MAX(global_index) FROM domain_event_entry", Long.class);
        List<Progress> result = new ArrayList<>();
        for (EventProcessor processor : processing.eventProcessors().values()) {
            if (processor instanceof StreamingEventProcessor streaming) {
                result.add(progress(streaming, head));
            }
        }
        return result;
    }

    /** As {@link #streaming()}, but at most a second old: a scrape reads every processor's gauges one by one. */
    public List<Progress> recent() {
        Snapshot snapshot = cached;
        Instant now = clock.instant();
        if (snapshot == null || snapshot.at().plus(CACHED_FOR).isBefore(now)) {
            snapshot = new Snapshot(now, streaming());
            cached = snapshot;
        }
        return snapshot.progress();
    }

    private Progress progress(StreamingEventProcessor processor, Long head) {
        Collection<EventTrackerStatus> segments = processor.processingStatus().values();
        OptionalLong lowest = segments.stream()
                .map(EventTrackerStatus::getCurrentPosition)
                .filter(OptionalLong::isPresent)
                .mapToLong(OptionalLong::getAsLong)
                .min();
        Long position = lowest.isPresent() ? lowest.getAsLong() : null;
        Long lagEvents = position != null && head != null ? Math.max(0, head - position) : null;
        Double lagSeconds = lagEvents == null ? null : lagEvents == 0 ? 0.0 : ageOfFirstEventAfter(position);
        return new Progress(
                processor.getName(),
                processor.isRunning(),
                processor.isError(),
                segments.stream().filter(EventTrackerStatus::isErrorState).count(),
                segments.size(),
                processor.isReplaying(),
                !segments.isEmpty() && segments.stream().allMatch(EventTrackerStatus::isCaughtUp),
                position,
                head,
                lagEvents,
                lagSeconds);
    }

    private Double ageOfFirstEventAfter(long position) {
        List<String> stamps = jdbc.queryForList(
                "SELECT time_stamp FROM domain_event_entry WHERE global_index > ?"
                        + " ORDER BY global_index FETCH FIRST 1 ROWS ONLY",
                String.class,
                position);
        if (stamps.isEmpty()) {
            return 0.0;
        }
        try {
            return Math.max(
                    0,
                    Duration.between(Instant.parse(stamps.get(0)), clock.instant())
                                    .toMillis()
                            / 1000.0);
        } catch (DateTimeParseException e) {
            return null;
        }
    }
}
