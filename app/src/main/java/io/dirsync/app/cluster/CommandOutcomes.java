package io.dirsync.app.cluster;

/** Where the command gateway reports how each command ended, and each retry after a conflict (the metrics). */
public interface CommandOutcomes {

    /** How one command ended (success, rejected, conflict or error) and how long it took, retries included. */
    void command(String type, String outcome, long nanos);

    void conflictRetry(String type);
}
