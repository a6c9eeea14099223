package io.terafleet.core.vehicle;

import java.util.List;
import java.util.Objects;
import java.util.Optional;
import java.util.function.Function;

/**
 * The checks no setting can turn off, in the order they are reported: the car must be in Park, standing still,
 * with nobody in the driver's seat and the driver's door locked. A person at the car means it may be needed at
 * once, so it is not worth starting work only to be preempted.
 */
public final class SafetyRules {
    private static final List<Function<VehicleState, Eligibility.NotEligible>> RULES = List.of(
            SafetyRules::notParked,
            SafetyRules::moving,
            SafetyRules::driverPresent,
            SafetyRules::unlocked);

    private SafetyRules() {
    }

    /** The first safety rule that forbids computing, if any. */
    public static Optional<Eligibility.NotEligible> first(VehicleState state) {
        return RULES.stream().map(rule -> rule.apply(state)).filter(Objects::nonNull).findFirst();
    }

    /** Every safety rule that forbids computing, in order. */
    public static List<Eligibility.NotEligible> all(VehicleState state) {
        return RULES.stream().map(rule -> rule.apply(state)).filter(Objects::nonNull).toList();
    }

    private static Eligibility.NotEligible notParked(VehicleState state) {
        return state.inPark() ? null : new Eligibility.NotEligible(ReasonCodes.NOT_PARKED,
                "the car is not parked (gear " + Gear.describe(state.selectedGear()) + ")");
    }

    private static Eligibility.NotEligible moving(VehicleState state) {
        return state.moving() ? new Eligibility.NotEligible(ReasonCodes.MOVING,
                "the car is moving at " + state.speedKmh() + " km/h") : null;
    }

    private static Eligibility.NotEligible driverPresent(VehicleState state) {
        return state.driverSeatOccupied() ? new Eligibility.NotEligible(ReasonCodes.DRIVER_PRESENT,
                "someone is in the driver's seat") : null;
    }

    private static Eligibility.NotEligible unlocked(VehicleState state) {
        return state.driverDoorLocked() ? null : new Eligibility.NotEligible(ReasonCodes.UNLOCKED,
                "the driver's door is unlocked");
    }
}
