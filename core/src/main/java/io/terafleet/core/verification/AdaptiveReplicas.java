package io.terafleet.core.verification;

import java.util.random.RandomGenerator;

/**
 * How many replicas a unit needs when a given car takes its first copy (BOINC's adaptive
 * replication): the policy's replication for cars not yet trusted; one for a trusted car, except for
 * spot checks, whose probability falls as the car's streak of valid results grows, down to a floor.
 */
public final class AdaptiveReplicas {
    private AdaptiveReplicas() {
    }

    /**
     * @return the replicas the unit needs in all (this car's included); 0 for a quarantined car, which
     *         must get no work
     */
    public static int replicasFor(CarTrust car, VerificationPolicy policy, RandomGenerator random) {
        if (car.isQuarantined()) {
            return 0;
        }
        AdaptiveReplication rules = policy.adaptive();
        if (!rules.enabled() || !car.isTrusted()) {
            return policy.replication();
        }
        return random.nextDouble() < spotCheckProbability(car, rules) ? policy.replication() : 1;
    }

    /** {@code max(floor, initial × trustAfterValid / streak)}: halves each time the streak doubles. */
    public static double spotCheckProbability(CarTrust car, AdaptiveReplication rules) {
        if (!car.isTrusted()) {
            return 1;
        }
        double falling = rules.spotCheckInitial() * rules.trustAfterValid() / Math.max(1, car.validStreak());
        return Math.max(rules.spotCheckFloor(), Math.min(rules.spotCheckInitial(), falling));
    }
}
