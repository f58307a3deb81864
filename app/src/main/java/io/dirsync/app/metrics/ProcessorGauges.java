package io.dirsync.app.metrics;

import io.dirsync.app.projection.ProcessorProgress;
import io.dirsync.app.projection.ProcessorProgress.Progress;
import io.micrometer.core.instrument.Gauge;
import io.micrometer.core.instrument.MeterRegistry;
import org.springframework.boot.context.event.ApplicationReadyEvent;
import org.springframework.context.event.EventListener;
import org.springframework.stereotype.Component;

import java.util.function.ToDoubleFunction;

/**
 * Each streaming processor's lag (events and seconds), position and status, as gauges labelled {@code processor}. They
 * are registered once the application is ready, when every processor exists, and read {@link ProcessorProgress#recent()},
 * so one scrape asks the store once. Unknown values (no segment claimed on this node, the store away) are NaN.
 */
@Component
public class ProcessorGauges {
    private final ProcessorProgress progress;
    private final MeterRegistry registry;

    public ProcessorGauges(ProcessorProgress progress, MeterRegistry registry) {
        this.progress = progress;
        this.registry = registry;
    }

    @EventListener(ApplicationReadyEvent.class)
    public void register() {
        for (Progress processor : progress.streaming()) {
            String name = processor.name();
            gauge(
                    DirsyncMetrics.PROCESSOR_LAG_EVENTS,
                    name,
                    "Events in the store this processor has not handled yet",
                    p -> value(p.lagEvents()));
            gauge(
                    DirsyncMetrics.PROCESSOR_LAG_SECONDS,
                    name,
                    "Age of the oldest event this processor has not handled yet",
                    p -> p.lagSeconds() == null ? Double.NaN : p.lagSeconds());
            gauge(
                    DirsyncMetrics.PROCESSOR_POSITION,
                    name,
                    "Lowest global index handled by the segments claimed here",
                    p -> value(p.position()));
            gauge(
                    DirsyncMetrics.PROCESSOR_RUNNING,
                    name,
                    "1 while the processor runs on this node",
                    p -> p.running() ? 1 : 0);
            gauge(
                    DirsyncMetrics.PROCESSOR_ERROR,
                    name,
                    "1 while the processor or one of its segments here is in error",
                    p -> p.failing() ? 1 : 0);
            gauge(
                    DirsyncMetrics.PROCESSOR_SEGMENTS_CLAIMED,
                    name,
                    "Segments of the processor this node holds",
                    Progress::segmentsClaimed);
            gauge(
                    DirsyncMetrics.PROCESSOR_REPLAYING,
                    name,
                    "1 while the processor replays",
                    p -> p.replaying() ? 1 : 0);
        }
    }

    private void gauge(String metric, String processor, String description, ToDoubleFunction<Progress> value) {
        Gauge.builder(metric, this, gauges -> gauges.read(processor, value))
                .description(description)
                .tag("processor", processor)
                .strongReference(true)
                .register(registry);
    }

    private double read(String processor, ToDoubleFunction<Progress> value) {
        try {
            return progress.recent().stream()
                    .filter(p -> p.name().equals(processor))
                    .findFirst()
                    .map(value::applyAsDouble)
                    .orElse(Double.NaN);
        } catch (RuntimeException storeAway) {
            return Double.NaN;
        }
    }

    private static double value(Long number) {
        return number == null ? Double.NaN : number;
    }
}
