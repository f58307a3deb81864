package io.dirsync.app.ui.accessreview;

import io.dirsync.query.accessreview.RoleCounts;
import io.dirsync.query.accessreview.RolePoints;
import org.junit.jupiter.api.Test;

import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.stream.IntStream;

import static org.assertj.core.api.Assertions.assertThat;

class RoleChartTest {
    private static final Instant FROM = Instant.parse("2026-01-01T00:00:00Z");

    @Test
    void tenRolesGetTenLooksAndTheAxesFitTheFigures() {
        RolePoints range = RolePoints.of(FROM, FROM.plus(Duration.ofDays(90)), null, "P1D");
        List<RoleCounts.Series> series = new ArrayList<>();
        for (int role = 0; role < 10; role++) {
            int r = role;
            series.add(new RoleCounts.Series(
                    "role" + role,
                    IntStream.range(0, range.size())
                            .mapToLong(i -> (long) i * r)
                            .toArray()));
        }
        RoleChart chart = RoleChart.of(range, series);

        assertThat(chart.lines()).hasSize(10);
        assertThat(chart.lines().stream()
                        .map(line -> line.colour() + line.dash())
                        .distinct())
                .as("no two lines look alike")
                .hasSize(10);
        assertThat(chart.yTicks().get(chart.yTicks().size() - 1).label())
                .as("the top of the axis, a round number at or above the largest count (90 * 9)")
                .isEqualTo("1000");
        assertThat(chart.yTicks()).hasSizeBetween(3, 7);
        assertThat(chart.xTicks()).hasSizeBetween(3, 8);
        assertThat(chart.xTicks().get(0).label()).isEqualTo("2026-01-01");
        assertThat(chart.xTicks().get(chart.xTicks().size() - 1).label()).isEqualTo("2026-04-01");
        assertThat(chart.xTicks()).extracting(RoleChart.Tick::at).isSorted().doesNotHaveDuplicates();
        assertThat(chart.rows()).hasSize(91);
        assertThat(chart.rows().get(90).counts())
                .containsExactly(0L, 90L, 180L, 270L, 360L, 450L, 540L, 630L, 720L, 810L);
        assertThat(chart.lines().get(0).dots()).as("no markers on 91 points").isEmpty();
        for (RoleChart.Line line : chart.lines()) {
            for (String xy : line.points().split(" ")) {
                double x = Double.parseDouble(xy.split(",")[0]);
                double y = Double.parseDouble(xy.split(",")[1]);
                assertThat(x).isBetween((double) chart.frame().left(), (double)
                        chart.frame().right());
                assertThat(y).isBetween((double) chart.frame().top(), (double)
                        chart.frame().bottom());
            }
        }
        assertThat(chart.summary()).startsWith("role0 from 0 to 0; role1 from 0 to 90;");
    }

    @Test
    void noRoleHeldSaysSo() {
        RoleChart chart = RoleChart.of(RolePoints.of(FROM, FROM.plusSeconds(90), null, null), List.of());
        assertThat(chart.lines()).isEmpty();
        assertThat(chart.summary()).isEqualTo("No active user held a role in this range.");
        assertThat(chart.yTicks()).extracting(RoleChart.Tick::label).containsExactly("0", "1");
        assertThat(chart.xTicks().get(0).label())
                .as("a short range shows the time")
                .isEqualTo("00:00:00.000");
    }
}
