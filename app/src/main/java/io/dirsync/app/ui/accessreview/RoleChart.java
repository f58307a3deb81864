package io.dirsync.app.ui.accessreview;

import io.dirsync.query.accessreview.RoleCounts;
import io.dirsync.query.accessreview.RolePoints;

import java.time.Duration;
import java.time.Instant;
import java.time.ZoneOffset;
import java.time.format.DateTimeFormatter;
import java.util.ArrayList;
import java.util.List;
import java.util.stream.Collectors;

/**
 * The chart of active members per role, drawn on the server as SVG: one line per role over time, with its own colour
 * and dash pattern (told apart without colour too), axes with ticks, and the same figures as a table for screen
 * readers and for copying. Colours are the Okabe-Ito palette, readable with the common colour-vision deficiencies.
 */
record RoleChart(
        String title,
        String summary,
        List<Line> lines,
        List<Tick> xTicks,
        List<Tick> yTicks,
        List<String> roles,
        List<Row> rows,
        Frame frame) {
    static final int WIDTH = 760;
    static final int HEIGHT = 300;
    static final int LEFT = 48;
    static final int RIGHT = 16;
    static final int TOP = 16;
    static final int BOTTOM = 36;
    private static final List<String> COLOURS = List.of(
            "#0072B2", "#D55E00", "#009E73", "#CC79A7", "#E69F00", "#56B4E9", "#000000", "#8C564B", "#7F7F7F",
            "#B8860B");
    private static final List<String> DASHES =
            List.of("", "8 4", "2 3", "8 3 2 3", "12 4", "4 4", "1 5", "10 3 3 3 3 3");
    private static final DateTimeFormatter DAY =
            DateTimeFormatter.ofPattern("yyyy-MM-dd").withZone(ZoneOffset.UTC);
    private static final DateTimeFormatter MINUTE =
            DateTimeFormatter.ofPattern("MM-dd HH:mm").withZone(ZoneOffset.UTC);
    private static final DateTimeFormatter SECOND =
            DateTimeFormatter.ofPattern("HH:mm:ss.SSS").withZone(ZoneOffset.UTC);

    /** One role's line: the SVG points, its style, and the count at the last point for the legend. */
    record Line(String role, String points, String colour, String dash, List<Dot> dots, long last) {}

    record Dot(double x, double y, String label) {}

    /** A label on an axis; the time axis's last one ends at its point, so that it stays inside the view box. */
    record Tick(double at, String label, String anchor) {}

    /** The plot area within the SVG's view box. */
    record Frame(int width, int height, int left, int right, int top, int bottom) {}

    /** One point of the table: the instant and each role's count, in the order of {@link #roles}. */
    record Row(Instant at, List<Long> counts) {}

    static RoleChart of(RolePoints range, List<RoleCounts.Series> series) {
        long max = series.stream()
                .flatMapToLong(s -> java.util.Arrays.stream(s.counts()))
                .max()
                .orElse(0);
        long yStep = niceStep(Math.max(max, 1));
        long yMax = Math.max(yStep, ((max + yStep - 1) / yStep) * yStep);
        List<Instant> points = range.points();
        boolean markers = points.size() <= 60;
        List<Line> lines = new ArrayList<>();
        for (int r = 0; r < series.size(); r++) {
            RoleCounts.Series role = series.get(r);
            List<String> xy = new ArrayList<>();
            List<Dot> dots = new ArrayList<>();
            for (int i = 0; i < points.size(); i++) {
                double x = x(range, points.get(i));
                double y = y(role.counts()[i], yMax);
                xy.add(round(x) + "," + round(y));
                dots.add(new Dot(round(x), round(y), role.role() + ": " + role.counts()[i] + " at " + points.get(i)));
            }
            lines.add(new Line(
                    role.role(),
                    String.join(" ", xy),
                    COLOURS.get(r % COLOURS.size()),
                    DASHES.get((r / COLOURS.size() + r) % DASHES.size()),
                    markers ? dots : List.of(),
                    role.counts()[points.size() - 1]));
        }
        List<Tick> yTicks = new ArrayList<>();
        for (long value = 0; value <= yMax; value += yStep) {
            yTicks.add(new Tick(round(y(value, yMax)), Long.toString(value), "end"));
        }
        List<Row> rows = new ArrayList<>();
        for (int i = 0; i < points.size(); i++) {
            int index = i;
            rows.add(new Row(
                    points.get(i), series.stream().map(s -> s.counts()[index]).toList()));
        }
        return new RoleChart(
                "Active members per role from " + points.get(0) + " to " + points.get(points.size() - 1),
                summary(series, points.size()),
                lines,
                xTicks(range),
                yTicks,
                series.stream().map(RoleCounts.Series::role).toList(),
                rows,
                new Frame(WIDTH, HEIGHT, LEFT, WIDTH - RIGHT, TOP, HEIGHT - BOTTOM));
    }

    /** What the chart shows, in words: each role's count at the start and at the end. */
    private static String summary(List<RoleCounts.Series> series, int size) {
        if (series.isEmpty()) {
            return "No active user held a role in this range.";
        }
        return series.stream()
                        .map(s -> s.role() + " from " + s.counts()[0] + " to " + s.counts()[size - 1])
                        .collect(Collectors.joining("; "))
                + ".";
    }

    /** About six labels on the time axis, the first and last points among them, as precise as the range needs. */
    private static List<Tick> xTicks(RolePoints range) {
        List<Instant> points = range.points();
        Duration span = Duration.between(range.from(), range.to());
        DateTimeFormatter format = span.compareTo(Duration.ofDays(4)) > 0
                ? DAY
                : span.compareTo(Duration.ofMinutes(10)) > 0 ? MINUTE : SECOND;
        int every = Math.max(1, (points.size() - 1 + 4) / 5);
        List<Tick> ticks = new ArrayList<>();
        for (int i = 0; i < points.size() - 1; i += every) {
            if (i > 0 && points.size() - 1 - i < every / 2) {
                break;
            }
            ticks.add(new Tick(round(x(range, points.get(i))), format.format(points.get(i)), "middle"));
        }
        Instant last = points.get(points.size() - 1);
        ticks.add(new Tick(round(x(range, last)), format.format(last), "end"));
        return ticks;
    }

    private static double x(RolePoints range, Instant at) {
        double share = (double) (at.toEpochMilli() - range.from().toEpochMilli())
                / (range.to().toEpochMilli() - range.from().toEpochMilli());
        return LEFT + share * (WIDTH - LEFT - RIGHT);
    }

    private static double y(long count, long yMax) {
        return TOP + (1 - (double) count / yMax) * (HEIGHT - TOP - BOTTOM);
    }

    /** 1, 2 or 5 times a power of ten, giving at most about six ticks up to {@code max}. */
    private static long niceStep(long max) {
        long step = 1;
        while (true) {
            for (long factor : new long[] {1, 2, 5}) {
                if (max / (step * factor) <= 5) {
                    return step * factor;
                }
            }
            step *= 10;
        }
    }

    private static double round(double value) {
        return Math.round(value * 10) / 10.0;
    }
}
