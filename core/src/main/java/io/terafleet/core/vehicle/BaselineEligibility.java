package io.terafleet.core.vehicle;

/**
 * The rules every car obeys before any owner setting is read: the {@link SafetyRules} (a car that is not parked
 * never computes, invariant I1), then, when asked, only while plugged in. The full owner policy is
 * {@code io.terafleet.core.policy.PolicyEvaluator}, which applies these same rules first.
 */
public final class BaselineEligibility {
    private BaselineEligibility() {
    }

    public static Eligibility decide(VehicleState state, boolean requirePluggedIn) {
        var unsafe = SafetyRules.first(state);
        if (unsafe.isPresent()) {
            return unsafe.get();
        }
        if (requirePluggedIn && !state.chargingCableConnected()) {
            return new Eligibility.NotEligible(ReasonCodes.NOT_PLUGGED_IN, "the car is not plugged in");
        }
        return Eligibility.ELIGIBLE;
    }
}
