package io.terafleet.agent.signals;

import io.terafleet.core.vehicle.VehicleState;
import java.time.Clock;

/** A car that stays parked, locked, empty and plugged in at a fixed state of charge: the demo's fleet. */
public final class SimulatedParkedCar implements VehicleSignals {
    private final Clock clock;
    private final double stateOfChargePercent;

    public SimulatedParkedCar(Clock clock, double stateOfChargePercent) {
        this.clock = clock;
        this.stateOfChargePercent = stateOfChargePercent;
    }

    @Override
    public VehicleState current() {
        return VehicleState.parkedIdle(clock.instant(), stateOfChargePercent, true);
    }
}
