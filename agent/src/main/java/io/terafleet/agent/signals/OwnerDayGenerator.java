package io.terafleet.agent.signals;

import java.time.LocalDate;
import java.time.ZoneId;
import java.util.List;
import java.util.Objects;
import java.util.Random;

/**
 * Generates realistic days of one owner's car as a {@link VehicleTimeline} that {@link ScriptedTimeline} can
 * replay: weekday commutes, errands, home charging at night, sometimes work charging, different weekends, now and
 * then an unplanned trip. The same seed always gives exactly the same owner and days ({@link Random} is specified
 * to produce the same sequence on every JVM).
 */
public final class OwnerDayGenerator {
    private final long seed;
    private final ZoneId zone;

    public OwnerDayGenerator(long seed, ZoneId zone) {
        this.seed = seed;
        this.zone = Objects.requireNonNull(zone, "zone: must not be null");
    }

    /** The owner this seed describes. */
    public OwnerProfile owner() {
        return OwnerProfile.draw(new Random(seed));
    }

    /** {@code days} local days from midnight of {@code firstDay} in the zone. */
    public VehicleTimeline generate(LocalDate firstDay, int days) {
        if (days < 1) {
            throw new IllegalArgumentException("days: must be ≥ 1, was " + days);
        }
        Random random = new Random(seed);
        OwnerProfile owner = OwnerProfile.draw(random);
        List<PlannedTrip> trips = new DayPlanner(owner, zone, random).plan(firstDay, days);
        var start = firstDay.atStartOfDay(zone).toInstant();
        var end = firstDay.plusDays(days).atStartOfDay(zone).toInstant();
        return new DaySimulator(owner, zone, random, start).run(trips, end);
    }
}
