package io.dirsync.command.webhook;

import org.junit.jupiter.api.Test;

import java.time.Duration;
import java.util.Random;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

class BackoffTest {
    private final Backoff backoff = new Backoff(Duration.ofSeconds(5), Duration.ofHours(1), 10);

    @Test
    void doublesFromTheBaseWithoutJitterAtTheMidpoint() {
        assertThat(backoff.delayAfter(1, 0.5)).isEqualTo(Duration.ofSeconds(5));
        assertThat(backoff.delayAfter(2, 0.5)).isEqualTo(Duration.ofSeconds(10));
        assertThat(backoff.delayAfter(3, 0.5)).isEqualTo(Duration.ofSeconds(20));
        assertThat(backoff.delayAfter(10, 0.5)).isEqualTo(Duration.ofSeconds(5 * 512));
    }

    @Test
    void isCappedAtTheMaximumHoweverManyAttempts() {
        assertThat(backoff.delayAfter(11, 0.5)).isEqualTo(Duration.ofHours(1));
        assertThat(backoff.delayAfter(64, 0.5)).isEqualTo(Duration.ofHours(1));
        assertThat(backoff.delayAfter(Integer.MAX_VALUE, 0.5)).isEqualTo(Duration.ofHours(1));
    }

    @Test
    void jitterSpreadsByTwentyPercentEitherWay() {
        assertThat(backoff.delayAfter(2, 0.0)).isEqualTo(Duration.ofSeconds(8));
        assertThat(backoff.delayAfter(2, 0.999999)).isBetween(Duration.ofMillis(11_999), Duration.ofSeconds(12));
        long seed = System.nanoTime();
        Random random = new Random(seed);
        for (int i = 0; i < 1000; i++) {
            int attempts = 1 + random.nextInt(20);
            Duration nominal = backoff.delayAfter(attempts, 0.5);
            assertThat(backoff.delayAfter(attempts, random.nextDouble()))
                    .as("seed %d", seed)
                    .isBetween(
                            Duration.ofMillis(Math.round(nominal.toMillis() * 0.8)),
                            Duration.ofMillis(Math.round(nominal.toMillis() * 1.2)));
        }
    }

    @Test
    void givesUpAfterTheLastAttempt() {
        assertThat(backoff.exhausted(9)).isFalse();
        assertThat(backoff.exhausted(10)).isTrue();
    }

    @Test
    void millisecondBasesForTestsWork() {
        Backoff quick = new Backoff(Duration.ofMillis(50), Duration.ofMillis(200), 3);
        assertThat(quick.delayAfter(1, 0.5)).isEqualTo(Duration.ofMillis(50));
        assertThat(quick.delayAfter(5, 0.5)).isEqualTo(Duration.ofMillis(200));
    }

    @Test
    void rejectsNonsense() {
        assertThatThrownBy(() -> new Backoff(Duration.ZERO, Duration.ofSeconds(1), 3))
                .isInstanceOf(IllegalArgumentException.class);
        assertThatThrownBy(() -> new Backoff(Duration.ofSeconds(2), Duration.ofSeconds(1), 3))
                .isInstanceOf(IllegalArgumentException.class);
        assertThatThrownBy(() -> new Backoff(Duration.ofSeconds(1), Duration.ofSeconds(1), 0))
                .isInstanceOf(IllegalArgumentException.class);
    }
}
