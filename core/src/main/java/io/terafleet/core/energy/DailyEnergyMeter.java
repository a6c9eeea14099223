package io.terafleet.core.energy;

import java.time.Duration;
import java.time.Instant;
import java.time.LocalDate;
import java.time.ZoneId;
import java.time.ZonedDateTime;
import java.util.Objects;

/**
 * Energy the computer used on the owner's current local day, for the daily budget. It starts again at local
 * midnight in the owner's zone (so a 23-hour DST day is a day too); compute that spans midnight is split at it.
 * Energy reported for a day before the current one is dropped: that day's budget is closed.
 */
public final class DailyEnergyMeter {
    private final ZoneId zone;
    private LocalDate day;
    private double kwh;

    public DailyEnergyMeter(ZoneId zone) {
        this.zone = Objects.requireNonNull(zone, "zone: must not be null");
    }

    public ZoneId zone() {
        return zone;
    }

    /** Adds {@code watts} drawn from {@code start} to {@code end}, split across local days. */
    public synchronized void add(Instant start, Instant end, double watts) {
        if (end.isBefore(start)) {
            throw new IllegalArgumentException("end: must not be before start, was " + end + " < " + start);
        }
        Instant from = start;
        while (from.isBefore(end)) {
            Instant midnight = nextMidnight(from);
            Instant to = midnight.isBefore(end) ? midnight : end;
            addKwh(from, Energy.kilowattHours(watts, Duration.between(from, to)));
            from = to;
        }
    }

    /** Adds energy measured at one instant (e.g. a finished unit's metered energy). */
    public synchronized void addKwh(Instant at, double energyKwh) {
        if (!(energyKwh >= 0)) {
            throw new IllegalArgumentException("energyKwh: must be ≥ 0, was " + energyKwh);
        }
        LocalDate on = localDay(at);
        if (day == null || on.isAfter(day)) {
            day = on;
            kwh = 0;
        }
        if (on.equals(day)) {
            kwh += energyKwh;
        }
    }

    /** Energy used so far on the local day that contains {@code now}: zero once that day has begun afresh. */
    public synchronized double kwhToday(Instant now) {
        return localDay(now).equals(day) ? kwh : 0;
    }

    private LocalDate localDay(Instant at) {
        return at.atZone(zone).toLocalDate();
    }

    private Instant nextMidnight(Instant at) {
        ZonedDateTime next = localDay(at).plusDays(1).atStartOfDay(zone);
        return next.toInstant();
    }
}
