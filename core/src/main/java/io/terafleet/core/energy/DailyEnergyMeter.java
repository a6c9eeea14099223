package io.terafleet.core.energy;

import java.time.Duration;
import java.time.Instant;
import java.time.LocalDate;
import java.time.ZoneId;
import java.util.Map;
import java.util.Objects;
import java.util.TreeMap;

/**
 * Energy the computer used on the owner's current local day, for the daily budget. It starts again at local
 * midnight in the owner's zone (so a 23-hour DST day is a day too); compute that spans midnight is split at it.
 * Energy reported for a day before the current one does not count towards today: that day's budget is closed.
 *
 * <p>Energy is kept in quarter-hour slots of absolute time for the last {@link #KEPT} (every zone's offset is a
 * whole number of quarter hours, so a local midnight is always a slot boundary), and a day is the slots between two
 * local midnights. So the zone can change while the meter runs ({@link #zone(ZoneId)}, when the owner's policy
 * names another): the day boundary moves to the new zone's midnight, and every kWh already counted stays in
 * exactly one day of the new zone, neither counted twice nor lost.
 */
public final class DailyEnergyMeter {
    /** A slot's length; a divisor of every zone offset in use. */
    static final long SLOT_MILLIS = Duration.ofMinutes(15).toMillis();
    /** The longest local day (25 h, a DST day) and an hour's margin: older slots are never part of today. */
    static final Duration KEPT = Duration.ofHours(26);

    private volatile ZoneId zone;
    /** kWh per slot, by the slot's start (epoch millis), at most {@link #KEPT} behind the newest. */
    private final TreeMap<Long, Double> slots = new TreeMap<>();
    /** The local day last asked about: its bounds (epoch millis) in {@code dayZone}. */
    private ZoneId dayZone;
    private long dayStart;
    private long dayEnd;

    public DailyEnergyMeter(ZoneId zone) {
        this.zone = Objects.requireNonNull(zone, "zone: must not be null");
    }

    public ZoneId zone() {
        return zone;
    }

    /** Counts days in {@code next} from now on; energy already counted moves to the new zone's days as it fell. */
    public synchronized void zone(ZoneId next) {
        this.zone = Objects.requireNonNull(next, "zone: must not be null");
    }

    /** Adds {@code watts} drawn from {@code start} to {@code end}, split across slots (and so across local days). */
    public synchronized void add(Instant start, Instant end, double watts) {
        if (end.isBefore(start)) {
            throw new IllegalArgumentException("end: must not be before start, was " + end + " < " + start);
        }
        long from = start.toEpochMilli();
        long until = end.toEpochMilli();
        while (from < until) {
            long to = Math.min(slotOf(from) + SLOT_MILLIS, until);
            put(from, Energy.kilowattHours(watts, Duration.ofMillis(to - from)));
            from = to;
        }
    }

    /** Adds energy measured at one instant (e.g. a finished unit's metered energy). */
    public synchronized void addKwh(Instant at, double energyKwh) {
        if (!(energyKwh >= 0)) {
            throw new IllegalArgumentException("energyKwh: must be ≥ 0, was " + energyKwh);
        }
        put(at.toEpochMilli(), energyKwh);
    }

    /** Energy used so far on the local day that contains {@code now}: zero once that day has begun afresh. */
    public synchronized double kwhToday(Instant now) {
        long at = now.toEpochMilli();
        if (dayZone != zone || at < dayStart || at >= dayEnd) { // the day's bounds change at midnight, or with the zone
            LocalDate today = now.atZone(zone).toLocalDate();
            dayStart = today.atStartOfDay(zone).toInstant().toEpochMilli();
            dayEnd = today.plusDays(1).atStartOfDay(zone).toInstant().toEpochMilli();
            dayZone = zone;
        }
        double kwh = 0;
        for (double slot : slots.subMap(dayStart, dayEnd).values()) {
            kwh += slot;
        }
        return kwh;
    }

    private void put(long atMillis, double kwh) {
        long slot = slotOf(atMillis);
        Long newest = slots.isEmpty() ? null : slots.lastKey();
        long horizon = Math.max(slot, newest == null ? slot : newest) - KEPT.toMillis();
        if (slot < horizon) {
            return; // a day long closed in any zone
        }
        slots.merge(slot, kwh, Double::sum);
        Map<Long, Double> old = slots.headMap(horizon);
        old.clear();
    }

    private static long slotOf(long millis) {
        return Math.floorDiv(millis, SLOT_MILLIS) * SLOT_MILLIS;
    }
}
