package io.terafleet.sim.harness;

import io.terafleet.core.time.SettableClock;
import java.time.Duration;
import java.time.Instant;
import java.util.List;

/**
 * The end of a schedule with a horizon: the run stops there, as the fleet simulator's does. A unit still running
 * has its compute so far counted, and as useful: the fleet simulator books compute as it runs and takes it back
 * only when the unit is preempted, which a unit cut off by the end of the run never is. The backlog left is then
 * cancelled, so every input still ends with a result or an error (I2) and every job ends (liveness).
 */
final class TraceEnd {
    private TraceEnd() {
    }

    static void at(Instant horizon, SettableClock clock, List<SimCar> cars, SimCoordinator coordinator,
                   List<String> jobIds, Tally tally) {
        if (clock.instant().isBefore(horizon)) {
            clock.set(horizon);
        }
        for (SimCar car : cars) {
            if (car.busy()) {
                tally.inFlight(Duration.between(car.unitStart, clock.instant()).toNanos() / 1e9);
            }
        }
        for (String jobId : jobIds) {
            coordinator.jobs().cancel(jobId, clock.instant());
        }
    }
}
