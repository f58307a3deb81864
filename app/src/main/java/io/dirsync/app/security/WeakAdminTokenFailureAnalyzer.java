package io.dirsync.app.security;

import org.springframework.boot.diagnostics.AbstractFailureAnalyzer;
import org.springframework.boot.diagnostics.FailureAnalysis;

/** Turns a refused admin token into Spring Boot's short "APPLICATION FAILED TO START" report instead of a stack trace. */
public class WeakAdminTokenFailureAnalyzer extends AbstractFailureAnalyzer<WeakAdminTokenException> {

    @Override
    protected FailureAnalysis analyze(Throwable rootFailure, WeakAdminTokenException cause) {
        return new FailureAnalysis(
                cause.getMessage(),
                "Set DIRSYNC_ADMIN_TOKEN to 32 or more random characters (at least " + AdminCredential.MIN_LENGTH
                        + "), e.g. export DIRSYNC_ADMIN_TOKEN=$(openssl rand -hex 32),"
                        + " or unset it to have one generated in the data directory.",
                cause);
    }
}
