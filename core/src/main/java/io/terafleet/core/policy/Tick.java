package io.terafleet.core.policy;

import io.terafleet.core.energy.ComputeHardware;
import io.terafleet.core.vehicle.VehicleState;
import java.time.Duration;
import java.time.Instant;
import java.time.LocalTime;
import java.util.Optional;

/** Everything one evaluation looks at, with the thermal latches already updated for this reading. */
record Tick(VehicleState state, OwnerPolicy policy, UsageSoFar usage, Instant now, ComputeHardware hardware,
            Duration decisionInterval, boolean packTooHot, boolean computeTooHot) {

    LocalTime localTime() {
        return now.atZone(policy.zone()).toLocalTime();
    }

    double computeKw() {
        return hardware.kilowatts();
    }

    /**
     * The time left until the next departure; empty when none is set or it lies more than the margin in the past
     * (a timer the car has not rolled over yet, no longer a departure to protect).
     */
    Optional<Duration> untilDeparture() {
        return state.nextDeparture().map(departure -> Duration.between(now, departure))
                .filter(left -> left.compareTo(policy.departureMargin().negated()) >= 0);
    }
}
