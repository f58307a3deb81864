package io.dirsync.query.accessreview;

import io.dirsync.scim.ScimException;
import org.junit.jupiter.api.Test;

import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.Random;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

class RolePointsTest {
    private static final Instant FROM = Instant.parse("2026-01-01T00:00:00Z");

    @Test
    void aStepGivesFromThenEveryStepAndToLast() {
        RolePoints range = RolePoints.of(FROM, FROM.plus(Duration.ofHours(50)), null, "P1D");
        assertThat(range.points())
                .containsExactly(FROM, FROM.plus(Duration.ofDays(1)), FROM.plus(Duration.ofDays(2)), range.to());
    }

    @Test
    void pointsAreSpreadToTheMillisecondWithBothEndsIncluded() {
        Random random = new Random(24);
        for (int round = 0; round < 500; round++) {
            long span = 1 + random.nextInt(random.nextBoolean() ? 1_000 : 1_000_000_000);
            int wanted = 2 + random.nextInt(RolePoints.MAX_POINTS - 1);
            RolePoints range = RolePoints.of(FROM, FROM.plusMillis(span), wanted, null);
            List<Instant> points = range.points();
            assertThat(points).as("span %d, points %d", span, wanted).hasSize((int) Math.min(wanted, span + 1));
            assertThat(points.get(0)).isEqualTo(FROM);
            assertThat(points.get(points.size() - 1)).isEqualTo(FROM.plusMillis(span));
            for (int i = 1; i < points.size(); i++) {
                long gap = Duration.between(points.get(i - 1), points.get(i)).toMillis();
                assertThat(gap)
                        .as("even to the millisecond, span %d, points %d", span, wanted)
                        .isBetween(span / (points.size() - 1), -Math.floorDiv(-span, points.size() - 1));
            }
        }
    }

    @Test
    void instantsAreCutToTheMillisecond() {
        RolePoints range =
                RolePoints.of(FROM.plusNanos(999_999), FROM.plusSeconds(1).plusNanos(1), 2, null);
        assertThat(range.points()).containsExactly(FROM, FROM.plusSeconds(1));
    }

    @Test
    void aStepLongerThanTheRangeGivesItsEndsAndBadRangesAreRefused() {
        assertThat(RolePoints.of(FROM, FROM.plusSeconds(5), null, "P3650000D").points())
                .containsExactly(FROM, FROM.plusSeconds(5));
        for (Runnable bad : List.<Runnable>of(
                () -> RolePoints.of(FROM, FROM, null, null),
                () -> RolePoints.of(FROM, FROM.plusNanos(10), null, null),
                () -> RolePoints.of(FROM, FROM.plusSeconds(1), 1, null),
                () -> RolePoints.of(FROM, FROM.plusSeconds(1), 501, null),
                () -> RolePoints.of(FROM, FROM.plusSeconds(1), 2, "PT1S"),
                () -> RolePoints.of(FROM, FROM.plus(Duration.ofDays(1)), null, "PT1M"),
                () -> RolePoints.of(FROM, FROM.plusSeconds(1), null, "P1M"),
                () -> RolePoints.of(FROM, FROM.plusSeconds(1), null, "PT0.0001S"),
                () -> RolePoints.of(Instant.MIN, FROM, null, null))) {
            assertThatThrownBy(bad::run)
                    .isInstanceOf(ScimException.class)
                    .satisfies(e -> assertThat(((ScimException) e).status()).isEqualTo(400));
        }
    }
}
