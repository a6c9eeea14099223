package io.terafleet.coordinator.online;

import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.ThreadLocalRandom;

/**
 * Spot checks of online answers: the share of answers re-scored on another car, and the cars whose answers
 * failed a check. Such a car gets no more online requests from this coordinator; its answers already sent stay
 * sent (the customer was answered before the check), those not yet sent are generated again elsewhere.
 */
public final class SpotChecks {
    /** One answer in twenty costs one teacher-forced pass on a second car: 5% more compute. */
    public static final double DEFAULT_RATE = 0.05;

    private volatile double rate = DEFAULT_RATE;
    private final Set<String> caught = ConcurrentHashMap.newKeySet();

    /** Checks this share of answers (0: none, 1: every one). */
    public void checkShare(double share) {
        if (!(share >= 0 && share <= 1)) {
            throw new IllegalArgumentException("share: must be within [0, 1], was " + share);
        }
        rate = share;
    }

    public boolean drawCheck() {
        double r = rate;
        return r > 0 && ThreadLocalRandom.current().nextDouble() < r;
    }

    public void caught(String carId) {
        caught.add(carId);
    }

    public boolean isCaught(String carId) {
        return caught.contains(carId);
    }

    /** The cars caught so far (a copy). */
    public Set<String> caughtCars() {
        return Set.copyOf(caught);
    }
}
