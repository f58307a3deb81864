package io.dirsync.app.health;

import io.dirsync.app.projection.ProcessorProgress;
import io.dirsync.app.projection.ProcessorProgress.Progress;
import org.springframework.boot.actuate.health.AbstractHealthIndicator;
import org.springframework.boot.actuate.health.Health;
import org.springframework.stereotype.Component;

import java.util.LinkedHashMap;
import java.util.Map;

/**
 * {@code /actuator/health/processors}: each streaming processor's lag (events, seconds), position and error state on
 * this node. DOWN while one is in error (it retries by itself, but does not keep up meanwhile). Lag alone never makes
 * it DOWN: how much is too much is the operator's call (alert on {@code dirsync_processor_lag_seconds}). Not part of
 * readiness: the SCIM read models are written in the command's transaction, so a lagging projection does not make
 * SCIM answers wrong.
 */
@Component("streamingProcessors")
public class ProcessorsHealthIndicator extends AbstractHealthIndicator {
    private final ProcessorProgress progress;

    public ProcessorsHealthIndicator(ProcessorProgress progress) {
        super("Processor health check failed");
        this.progress = progress;
    }

    @Override
    protected void doHealthCheck(Health.Builder builder) {
        boolean failing = false;
        for (Progress processor : progress.streaming()) {
            failing |= processor.failing();
            builder.withDetail(processor.name(), details(processor));
        }
        if (failing) {
            builder.down();
        } else {
            builder.up();
        }
    }

    private static Map<String, Object> details(Progress processor) {
        Map<String, Object> details = new LinkedHashMap<>();
        details.put("status", processor.failing() ? "error" : processor.running() ? "running" : "stopped");
        details.put("lagEvents", processor.lagEvents());
        details.put("lagSeconds", processor.lagSeconds());
        details.put("position", processor.position());
        details.put("segmentsClaimed", processor.segmentsClaimed());
        details.put("segmentErrors", processor.segmentErrors());
        details.put("replaying", processor.replaying());
        details.put("caughtUp", processor.caughtUp());
        return details;
    }
}
