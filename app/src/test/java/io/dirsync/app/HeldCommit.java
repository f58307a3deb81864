package io.dirsync.app;

import io.dirsync.api.user.ProvisionUserCommand;
import org.axonframework.commandhandling.CommandBus;
import org.axonframework.common.Registration;

import java.util.concurrent.CountDownLatch;
import java.util.concurrent.TimeUnit;

/**
 * Holds the transaction of one SCIM create open after its events were appended and before it commits, as a long GC
 * pause, a lock wait or a slow disk would: the events have their global indexes, later transactions commit past them.
 */
final class HeldCommit implements AutoCloseable {
    private final CountDownLatch appended = new CountDownLatch(1);
    private final CountDownLatch release = new CountDownLatch(1);
    private final Registration registration;

    /** Holds the create of {@code userName} when it comes; every other command goes through. */
    HeldCommit(CommandBus commandBus, String userName) {
        registration = commandBus.registerHandlerInterceptor((unitOfWork, chain) -> {
            Object result = chain.proceed();
            if (unitOfWork.getMessage().getPayload() instanceof ProvisionUserCommand command
                    && userName.equals(command.profile().userName())) {
                // registered after the handler applied its events, so it runs after the event store appended them
                unitOfWork.onPrepareCommit(u -> {
                    appended.countDown();
                    awaitQuietly(release, 120);
                });
            }
            return result;
        });
    }

    void awaitAppended() throws InterruptedException {
        if (!appended.await(30, TimeUnit.SECONDS)) {
            throw new AssertionError("the held create never reached its commit");
        }
    }

    void release() {
        release.countDown();
    }

    @Override
    public void close() {
        release.countDown();
        registration.cancel();
    }

    private static void awaitQuietly(CountDownLatch latch, int seconds) {
        try {
            latch.await(seconds, TimeUnit.SECONDS);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
    }
}
