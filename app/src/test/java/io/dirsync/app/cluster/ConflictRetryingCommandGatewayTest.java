package io.dirsync.app.cluster;

import io.dirsync.app.metrics.DirsyncMetrics;
import io.micrometer.core.instrument.simple.SimpleMeterRegistry;
import org.axonframework.commandhandling.SimpleCommandBus;
import org.axonframework.commandhandling.gateway.DefaultCommandGateway;
import org.axonframework.modelling.command.AggregateStreamCreationException;
import org.axonframework.modelling.command.ConcurrencyException;
import org.junit.jupiter.api.Test;

import java.util.concurrent.atomic.AtomicInteger;
import java.util.function.Supplier;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

class ConflictRetryingCommandGatewayTest {
    private final SimpleCommandBus bus = SimpleCommandBus.builder().build();
    private final AtomicInteger attempts = new AtomicInteger();
    private final SimpleMeterRegistry registry = new SimpleMeterRegistry();
    private final ConflictRetryingCommandGateway gateway = new ConflictRetryingCommandGateway(
            DefaultCommandGateway.builder().commandBus(bus), 3, new DirsyncMetrics(registry));

    record Increment(String id) {}

    private void handleFailingFirst(int failures, Supplier<RuntimeException> failure) {
        bus.subscribe(Increment.class.getName(), command -> {
            if (attempts.incrementAndGet() <= failures) {
                throw failure.get();
            }
            return "done after " + attempts.get();
        });
    }

    @Test
    void aCommandThatLostARaceRunsAgainAndAnswersAsIfItHadNot() {
        handleFailingFirst(2, () -> new ConcurrencyException("sequence 7 of group g1 already stored"));

        String answer = gateway.sendAndWait(new Increment("g1"));

        assertThat(answer).isEqualTo("done after 3");
    }

    @Test
    void aLostCreationRaceIsRetriedToo() {
        handleFailingFirst(1, () -> new AggregateStreamCreationException("member role m1 already created"));

        assertThat((String) gateway.sendAndWait(new Increment("m1"))).isEqualTo("done after 2");
    }

    @Test
    void afterTheLastRetryTheConflictReachesTheCaller() {
        handleFailingFirst(10, () -> new ConcurrencyException("always behind"));

        assertThatThrownBy(() -> gateway.sendAndWait(new Increment("g1"))).isInstanceOf(ConcurrencyException.class);
        assertThat(attempts).hasValue(4);
    }

    @Test
    void otherFailuresAreNotRetried() {
        handleFailingFirst(1, () -> new IllegalArgumentException("userName is required"));

        assertThatThrownBy(() -> gateway.sendAndWait(new Increment("u1"))).isInstanceOf(IllegalArgumentException.class);
        assertThat(attempts).hasValue(1);
    }

    @Test
    void aConflictWrappedByTheBusIsRecognised() {
        assertThat(ConflictRetryingCommandGateway.lostARace(
                        new IllegalStateException("commit failed", new ConcurrencyException("behind"))))
                .isTrue();
        assertThat(ConflictRetryingCommandGateway.lostARace(
                        new IllegalStateException("commit failed", new IllegalArgumentException("bad value"))))
                .isFalse();
    }

    @Test
    void eachCommandIsCountedByTypeAndOutcomeAndEachRetryToo() {
        handleFailingFirst(2, () -> new ConcurrencyException("behind"));
        gateway.sendAndWait(new Increment("g1"));
        assertThatThrownBy(() -> gateway.sendAndWait(new Other())).isInstanceOf(Exception.class);

        assertThat(registry.get(DirsyncMetrics.COMMANDS)
                        .tags("command", "Increment", "outcome", "success")
                        .timer()
                        .count())
                .isEqualTo(1);
        assertThat(registry.get(DirsyncMetrics.COMMAND_CONFLICT_RETRIES)
                        .tags("command", "Increment")
                        .counter()
                        .count())
                .isEqualTo(2);
        assertThat(registry.get(DirsyncMetrics.COMMANDS)
                        .tags("command", "Other", "outcome", "error")
                        .timer()
                        .count())
                .as("no handler for it: an infrastructure failure, not a domain refusal")
                .isEqualTo(1);
    }

    record Other() {}
}
