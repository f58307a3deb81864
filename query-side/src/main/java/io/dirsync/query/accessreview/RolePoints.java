package io.dirsync.query.accessreview;

import io.dirsync.scim.ScimException;
import io.dirsync.scim.ScimType;

import java.time.Duration;
import java.time.Instant;
import java.time.format.DateTimeParseException;
import java.time.temporal.ChronoUnit;
import java.util.ArrayList;
import java.util.List;

/**
 * The instants a count of members per role is taken at, from {@code from} to {@code to} both included, cut to the
 * millisecond as event times are. Asked for by a number of points, spread evenly to the millisecond (fewer only when
 * the range has fewer milliseconds), or by a step such as {@code P1D}, the last step then ending early at {@code to}.
 * Either way point {@code k} is {@code from + ceil(k * millis / parts)} milliseconds, the last one {@code to}: with
 * points, {@code millis} is the range and {@code parts} the number of steps; with a step, the step and 1.
 */
public record RolePoints(Instant from, Instant to, long millis, long parts, List<Instant> points) {
    public static final int DEFAULT_POINTS = 30;
    public static final int MAX_POINTS = 500;
    private static final Instant FIRST = Instant.parse("0001-01-01T00:00:00Z");
    private static final Instant LAST = Instant.parse("9999-12-31T23:59:59.999Z");

    public RolePoints {
        points = List.copyOf(points);
    }

    public int size() {
        return points.size();
    }

    /** From the API's parameters: {@code points} or {@code step} (ISO-8601), not both; bad ones are a 400. */
    public static RolePoints of(Instant from, Instant to, Integer points, String step) {
        for (Instant instant : List.of(from, to)) {
            if (instant.isBefore(FIRST) || instant.isAfter(LAST)) {
                throw invalid("'from' and 'to' must be between the years 0001 and 9999");
            }
        }
        Instant start = from.truncatedTo(ChronoUnit.MILLIS);
        Instant end = to.truncatedTo(ChronoUnit.MILLIS);
        if (!end.isAfter(start)) {
            throw invalid("'to' must be after 'from'");
        }
        long span = end.toEpochMilli() - start.toEpochMilli();
        if (step != null && !step.isBlank()) {
            if (points != null) {
                throw invalid("give 'points' or 'step', not both");
            }
            long stepMillis = Math.min(stepMillis(step.trim()), span);
            if (ceilDiv(span, stepMillis) + 1 > MAX_POINTS) {
                throw invalid("'step' " + step.trim() + " gives more than " + MAX_POINTS
                        + " points between 'from' and 'to'; take a longer step");
            }
            return new RolePoints(start, end, stepMillis, 1, instants(start, end, stepMillis, 1));
        }
        int wanted = points == null ? DEFAULT_POINTS : points;
        if (wanted < 2 || wanted > MAX_POINTS) {
            throw invalid("'points' must be between 2 and " + MAX_POINTS);
        }
        long parts = Math.min(wanted - 1, span);
        return new RolePoints(start, end, span, parts, instants(start, end, span, parts));
    }

    private static List<Instant> instants(Instant from, Instant to, long millis, long parts) {
        List<Instant> points = new ArrayList<>();
        long span = to.toEpochMilli() - from.toEpochMilli();
        for (long k = 0; ceilDiv(k * millis, parts) < span; k++) {
            points.add(from.plusMillis(ceilDiv(k * millis, parts)));
        }
        points.add(to);
        return points;
    }

    private static long stepMillis(String step) {
        Duration duration;
        try {
            duration = Duration.parse(step);
        } catch (DateTimeParseException e) {
            throw invalid(
                    "'step' must be an ISO-8601 duration in days, hours, minutes or seconds, such as P1D or PT6H");
        }
        if (duration.compareTo(Duration.ofMillis(1)) < 0) {
            throw invalid("'step' must be at least a millisecond");
        }
        // a step longer than any range gives its two ends
        return duration.compareTo(Duration.ofDays(365L * 10_000)) > 0 ? Long.MAX_VALUE : duration.toMillis();
    }

    private static long ceilDiv(long dividend, long divisor) {
        return -Math.floorDiv(-dividend, divisor);
    }

    private static ScimException invalid(String detail) {
        return ScimException.badRequest(ScimType.invalidValue, detail);
    }
}
