package io.terafleet.sim.harness;

import java.time.Duration;

/**
 * One deterministic simulation: the fleet, the work, and how often each seeded fault strikes. Validated at
 * construction; errors name the field.
 *
 * @param cars               simulated cars
 * @param jobs               jobs submitted (at seeded times in the first minutes)
 * @param minInputs          fewest inputs in a job
 * @param maxInputs          most inputs in a job
 * @param unitSize           largest unit the coordinator cuts a job into
 * @param departureAware     whether units are cut per car to end before its departure
 * @param meanParkedSeconds  mean length of a parked session (exponential)
 * @param meanDrivingSeconds mean time away between sessions (exponential)
 * @param churnShare         share of cars with short sessions: they leave mid-unit often
 * @param minThroughput      slowest car's inputs per second
 * @param maxThroughput      fastest car's inputs per second
 * @param abruptLeaveShare   share of mid-unit departures that lose the unit (no Wi-Fi, so no release is sent);
 *                           the rest release it with its finished inputs
 * @param neverReturnShare   share of departures after which the car never comes back
 * @param stallShare         share of units during which the car goes silent for longer than the lease TTL
 * @param duplicateShare     share of completions sent twice
 * @param lostRequestShare   share of completions lost on the way in (the car retries)
 * @param lostResponseShare  share of completions whose answer is lost (the car retries: a duplicate)
 * @param slowCarShare       share of cars ten times slower than they claim
 * @param restarts           coordinator restarts (store kept) at seeded times
 * @param liveness           every job must end within this much virtual time
 */
public record HarnessConfig(int cars, int jobs, int minInputs, int maxInputs, int unitSize, boolean departureAware,
                            double meanParkedSeconds, double meanDrivingSeconds, double churnShare,
                            double minThroughput, double maxThroughput, double abruptLeaveShare,
                            double neverReturnShare, double stallShare, double duplicateShare,
                            double lostRequestShare, double lostResponseShare, double slowCarShare, int restarts,
                            Duration liveness) {
    /** The CI setting: small and fast, every fault on. */
    public static final HarnessConfig FAULTY = new HarnessConfig(8, 3, 60, 200, 12, true, 120, 60, 0.3, 0.3, 2.0,
            0.5, 0.1, 0.1, 0.1, 0.1, 0.1, 0.1, 2, Duration.ofHours(6));

    /**
     * No faults and long sessions, more work: what verification costs on its own (the lying scenario), without
     * churn or lost messages mixed in.
     */
    public static final HarnessConfig CALM = new HarnessConfig(16, 6, 200, 400, 12, true, 3_600, 600, 0, 0.5, 3.0,
            0, 0, 0, 0, 0, 0, 0, 0, Duration.ofHours(12));

    public HarnessConfig {
        positive("cars", cars);
        positive("jobs", jobs);
        positive("minInputs", minInputs);
        require(maxInputs >= minInputs, "maxInputs", "must be ≥ minInputs, was " + maxInputs);
        positive("unitSize", unitSize);
        require(meanParkedSeconds > 0, "meanParkedSeconds", "must be > 0, was " + meanParkedSeconds);
        require(meanDrivingSeconds > 0, "meanDrivingSeconds", "must be > 0, was " + meanDrivingSeconds);
        share("churnShare", churnShare);
        require(minThroughput > 0, "minThroughput", "must be > 0, was " + minThroughput);
        require(maxThroughput >= minThroughput, "maxThroughput", "must be ≥ minThroughput, was " + maxThroughput);
        share("abruptLeaveShare", abruptLeaveShare);
        share("neverReturnShare", neverReturnShare);
        share("stallShare", stallShare);
        share("duplicateShare", duplicateShare);
        share("lostRequestShare", lostRequestShare);
        share("lostResponseShare", lostResponseShare);
        share("slowCarShare", slowCarShare);
        require(restarts >= 0, "restarts", "must be ≥ 0, was " + restarts);
        require(liveness != null && liveness.isPositive(), "liveness", "must be positive, was " + liveness);
    }

    /** The goodput measurement: churn only (30% of cars leave mid-unit, losing the unit), no other faults. */
    public static HarnessConfig churn(boolean departureAware) {
        return new HarnessConfig(40, 4, 2_000, 4_000, 2_000, departureAware, 1_800, 600, 0.3, 2.0, 20.0, 1.0, 0.0,
                0.0, 0.0, 0.0, 0.0, 0.0, 0, Duration.ofDays(2));
    }

    public HarnessConfig withCars(int n) {
        return new HarnessConfig(n, jobs, minInputs, maxInputs, unitSize, departureAware, meanParkedSeconds,
                meanDrivingSeconds, churnShare, minThroughput, maxThroughput, abruptLeaveShare, neverReturnShare,
                stallShare, duplicateShare, lostRequestShare, lostResponseShare, slowCarShare, restarts, liveness);
    }

    public HarnessConfig withDepartureAware(boolean on) {
        return new HarnessConfig(cars, jobs, minInputs, maxInputs, unitSize, on, meanParkedSeconds,
                meanDrivingSeconds, churnShare, minThroughput, maxThroughput, abruptLeaveShare, neverReturnShare,
                stallShare, duplicateShare, lostRequestShare, lostResponseShare, slowCarShare, restarts, liveness);
    }

    private static void positive(String field, int value) {
        require(value > 0, field, "must be > 0, was " + value);
    }

    private static void share(String field, double value) {
        require(value >= 0 && value <= 1, field, "must be within 0..1, was " + value);
    }

    private static void require(boolean ok, String field, String message) {
        if (!ok) {
            throw new IllegalArgumentException(field + ": " + message);
        }
    }
}
