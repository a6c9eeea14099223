package io.terafleet.core.energy;

import java.time.Duration;

/** Energy arithmetic: power × time, with nanosecond-exact durations. */
public final class Energy {
    private static final double NANOS_PER_HOUR = 3_600e9;

    private Energy() {
    }

    public static double wattHours(double watts, Duration duration) {
        return watts * hours(duration);
    }

    public static double kilowattHours(double watts, Duration duration) {
        return wattHours(watts, duration) / 1000;
    }

    public static double hours(Duration duration) {
        return duration.toNanos() / NANOS_PER_HOUR;
    }

    /** How long {@code kwh} takes at {@code kw}; kw must be > 0. */
    public static Duration timeFor(double kwh, double kw) {
        if (!(kw > 0)) {
            throw new IllegalArgumentException("kw: must be > 0, was " + kw);
        }
        return Duration.ofNanos(Math.round(kwh / kw * NANOS_PER_HOUR));
    }
}
