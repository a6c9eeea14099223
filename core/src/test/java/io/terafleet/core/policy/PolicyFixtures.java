package io.terafleet.core.policy;

import io.terafleet.core.energy.ComputeHardware;
import io.terafleet.core.vehicle.VehicleState;
import java.time.Instant;

/** A car and an owner for which every rule passes, so a test can break exactly one thing. */
final class PolicyFixtures {
    static final Instant NOON = Instant.parse("2026-11-21T12:00:00Z");

    private PolicyFixtures() {
    }

    /** Parked, locked, empty, plugged in to an 11 kW charger, at its 80 % limit, cool, on Wi-Fi, no departure. */
    static VehicleState eligibleState(Instant at) {
        return VehicleState.parkedIdle(at, 80, true).toBuilder().chargingPowerKw(11).packTemperatureC(25)
                .computeTemperatureC(40).batteryCapacityKwh(75).build();
    }

    static OwnerPolicy optedIn() {
        return OwnerPolicy.builder().optedIn(true).build();
    }

    static PolicyEvaluator evaluator() {
        return new PolicyEvaluator(ComputeHardware.HW4);
    }
}
