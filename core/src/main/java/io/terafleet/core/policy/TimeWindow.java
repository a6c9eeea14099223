package io.terafleet.core.policy;

import java.time.LocalTime;
import java.time.format.DateTimeParseException;
import java.util.Objects;
import java.util.regex.Pattern;

/**
 * A daily stretch of local wall-clock time, start inclusive, end exclusive. A window whose end is before its start
 * runs across midnight ({@code 22:00-06:00}); equal ends mean the whole day. Local time means DST days simply
 * have a shorter or longer window.
 */
public record TimeWindow(LocalTime start, LocalTime end) {
    private static final Pattern TEXT = Pattern.compile("\\s*(\\d{2}:\\d{2})\\s*-\\s*(\\d{2}:\\d{2})\\s*");
    static final int SECONDS_PER_DAY = 24 * 3600;

    public TimeWindow {
        Objects.requireNonNull(start, "start: must not be null");
        Objects.requireNonNull(end, "end: must not be null");
    }

    /** Parses {@code HH:mm-HH:mm}; the error message says what was wrong (callers add the field name). */
    public static TimeWindow parse(String text) {
        var match = TEXT.matcher(text == null ? "" : text);
        if (!match.matches()) {
            throw new IllegalArgumentException("must look like \"22:00-06:00\", was \"" + text + "\"");
        }
        try {
            return new TimeWindow(LocalTime.parse(match.group(1)), LocalTime.parse(match.group(2)));
        } catch (DateTimeParseException e) {
            throw new IllegalArgumentException("not a valid time of day in \"" + text + "\"");
        }
    }

    public boolean contains(LocalTime time) {
        if (start.equals(end)) {
            return true;
        }
        if (start.isBefore(end)) {
            return !time.isBefore(start) && time.isBefore(end);
        }
        return !time.isBefore(start) || time.isBefore(end);
    }

    boolean overlaps(TimeWindow other) {
        for (int[] a : segments()) {
            for (int[] b : other.segments()) {
                if (a[0] < b[1] && b[0] < a[1]) {
                    return true;
                }
            }
        }
        return false;
    }

    /** The window as second-of-day ranges [from, to) that do not wrap. */
    private int[][] segments() {
        int from = start.toSecondOfDay();
        int to = end.toSecondOfDay();
        if (from == to) {
            return new int[][] {{0, SECONDS_PER_DAY}};
        }
        return from < to ? new int[][] {{from, to}} : new int[][] {{from, SECONDS_PER_DAY}, {0, to}};
    }

    @Override
    public String toString() {
        return start + "-" + end;
    }
}
