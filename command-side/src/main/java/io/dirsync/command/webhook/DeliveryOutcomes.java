package io.dirsync.command.webhook;

/**
 * Told the outcome of each delivery attempt, so the application can count them (as metrics) without this module
 * knowing how. Outcomes: {@link #DELIVERED}, {@link #RETRYING} (failed, tried again later), {@link #FAILED} (given up).
 */
public interface DeliveryOutcomes {
    String DELIVERED = "delivered";
    String RETRYING = "retrying";
    String FAILED = "failed";

    void attempted(String outcome);
}
