package io.terafleet.sim.fleet;

import io.terafleet.core.scheduling.UnitSizing;
import java.time.Instant;
import java.util.List;

/**
 * A small fleet as the simulator ran it, car by car, together with the simulator's own estimates for that very
 * fleet: what another model (the deterministic simulation of the real coordinator) needs to run the same day and
 * compare. Built by {@link FleetSimulator#traceCars}.
 *
 * @param start          the instant the times in {@link CarTimeline} count from (00:00 UTC on the start date)
 * @param horizonSeconds how long the run was
 * @param sizing         the unit sizing the simulator used (core's {@link UnitSizing}, from the scenario)
 * @param cars           every car of the fleet, eligible or not, in index order
 * @param result         the simulator's estimates for this fleet
 */
public record FleetTrace(Instant start, long horizonSeconds, UnitSizing sizing, List<CarTimeline> cars,
                         FleetResult result) {
    public FleetTrace {
        if (start == null) {
            throw new IllegalArgumentException("start: must be set");
        }
        if (horizonSeconds <= 0) {
            throw new IllegalArgumentException("horizonSeconds: must be > 0, was " + horizonSeconds);
        }
        if (sizing == null) {
            throw new IllegalArgumentException("sizing: must be set");
        }
        if (result == null) {
            throw new IllegalArgumentException("result: must be set");
        }
        cars = List.copyOf(cars);
    }

    /** Car-seconds in which owners' policies let the cars compute: the fleet's capacity in time. */
    public double eligibleSeconds() {
        return cars.stream().mapToDouble(CarTimeline::eligibleSeconds).sum();
    }
}
