package io.dirsync.app;

import java.util.concurrent.TimeUnit;
import java.util.function.Predicate;
import java.util.function.Supplier;

/** Bounded waits for what happens asynchronously (streaming processors, webhook deliveries). */
final class Polling {

    private Polling() {}

    /** Polls every 50 ms until the condition holds, for at most 30 seconds; fails with the last value seen. */
    static <T> T await(Supplier<T> probe, Predicate<T> condition, String what) throws InterruptedException {
        long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(30);
        T value;
        do {
            value = probe.get();
            if (condition.test(value)) {
                return value;
            }
            Thread.sleep(50);
        } while (System.nanoTime() < deadline);
        throw new AssertionError("Timed out waiting for " + what + "; last seen: " + value);
    }
}
