package io.terafleet.sim.harness;

import io.terafleet.core.scheduling.UnitSizing;
import io.terafleet.sim.fleet.CarTimeline;
import io.terafleet.sim.fleet.FleetTrace;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.IdentityHashMap;
import java.util.List;
import java.util.Map;

/**
 * A day of the fleet simulator replayed car by car (see {@link CarSchedule#fromFleet}). Only cars with at least
 * one eligible interval take part: the others never ask for work. Each car knows its throughput from the start,
 * as the fleet simulator's car does (a real agent reports a measured figure after its first unit).
 */
final class TraceSchedule extends CarSchedule {
    private final FleetTrace trace;
    private final Map<SimCar, Cursor> cursors = new IdentityHashMap<>();
    /** The simulation's start: trace second 0. */
    private Instant start;

    /** Where a car is in its timeline: the interval it is in, or will park for next. */
    private static final class Cursor {
        final CarTimeline timeline;
        int next;

        Cursor(CarTimeline timeline) {
            this.timeline = timeline;
        }
    }

    TraceSchedule(FleetTrace trace) {
        this.trace = trace;
    }

    @Override
    List<Start> cars(Instant start) {
        this.start = start;
        cursors.clear();
        List<Start> cars = new ArrayList<>();
        for (CarTimeline timeline : trace.cars()) {
            if (timeline.intervals().isEmpty()) {
                continue;
            }
            SimCar car = new SimCar("car-" + timeline.car(), false, false, timeline.throughput());
            car.measuredRate = timeline.throughput();
            cursors.put(car, new Cursor(timeline));
            cars.add(new Start(car, Duration.ofSeconds(timeline.intervals().getFirst().fromSecond())));
        }
        return cars;
    }

    @Override
    Duration submission(int index) {
        return Duration.ZERO;
    }

    @Override
    void park(SimCar car, Instant now) {
        Cursor cursor = cursors.get(car);
        CarTimeline.Interval interval = cursor.timeline.intervals().get(cursor.next++);
        car.departure = start.plusSeconds(interval.toSecond());
        car.announcedDeparture = interval.stopSecond() == null ? null : start.plusSeconds(interval.stopSecond());
    }

    @Override
    Duration away(SimCar car, Instant now) {
        Cursor cursor = cursors.get(car);
        if (cursor.next >= cursor.timeline.intervals().size()) {
            return null;
        }
        return Duration.between(now, start.plusSeconds(cursor.timeline.intervals().get(cursor.next).fromSecond()));
    }

    @Override
    UnitSizing sizing(UnitSizing harness) {
        return trace.sizing();
    }

    /**
     * Units here run for minutes, not seconds: a lease lives for a target unit time, so that cars heartbeat a few
     * times per unit instead of every ten seconds. Without faults a lease never lapses, so this changes no outcome,
     * only how many events a simulated day takes.
     */
    @Override
    Duration leaseTtl(Duration harness) {
        return trace.sizing().targetUnitTime().compareTo(harness) > 0 ? trace.sizing().targetUnitTime() : harness;
    }

    @Override
    Duration horizon() {
        return Duration.ofSeconds(trace.horizonSeconds());
    }
}
