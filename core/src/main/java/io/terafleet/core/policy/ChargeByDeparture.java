package io.terafleet.core.policy;

import io.terafleet.core.energy.Energy;
import io.terafleet.core.vehicle.VehicleState;
import java.time.Duration;
import java.util.Optional;

/**
 * The arithmetic behind "reach the charge limit by the next departure": the energy still missing is
 * (limit − SoC)% × capacity, and while computing the charger fills it at (charging power − compute power).
 *
 * <p>Worked example: a 75 kWh pack at 60 % with an 80 % limit misses 15 kWh; an 11 kW charger less 1 kW of
 * compute adds 10 kW, so it needs 1 h 30 min. With a 30 min margin the car may compute only while the departure
 * is more than 2 h away.
 */
public final class ChargeByDeparture {
    private ChargeByDeparture() {
    }

    public static double energyNeededKwh(VehicleState state) {
        double missingPercent = Math.max(0, state.chargeLimitPercent() - state.stateOfChargePercent());
        return missingPercent / 100 * state.batteryCapacityKwh();
    }

    /** Charger power left over for the battery while computing; ≤ 0 means computing would drain the car. */
    public static double headroomKw(VehicleState state, double computeKw) {
        return state.chargingPowerKw() - computeKw;
    }

    /** Time to reach the limit while computing, or empty when the charger cannot keep up with the computer. */
    public static Optional<Duration> timeNeeded(VehicleState state, double computeKw) {
        double neededKwh = energyNeededKwh(state);
        if (neededKwh == 0) {
            return Optional.of(Duration.ZERO);
        }
        double headroom = headroomKw(state, computeKw);
        return headroom > 0 ? Optional.of(Energy.timeFor(neededKwh, headroom)) : Optional.empty();
    }
}
