package io.terafleet.core.scheduling;

import java.time.Duration;
import java.util.Objects;

/**
 * How many inputs one work unit should hold on one car: about {@link #targetUnitTime} of that car's measured
 * throughput, and never so many that the unit would still be running at the car's next departure (less
 * {@link #departureMargin}). A unit cut to fit is finished and uploaded before the owner drives off, so churn
 * wastes little compute; that is the point of sizing per car rather than per job.
 *
 * @param departureAware  false: every unit keeps the job's fixed size, whatever the car (the baseline)
 * @param targetUnitTime  how long a unit should run on the car that leases it
 * @param departureMargin time kept free before the departure, for upload and estimate error
 * @param minInputs       smallest unit worth a lease; a car whose window fits fewer gets no work
 * @param fallbackThroughput inputs per second assumed for a car that has not measured its own yet
 */
public record UnitSizing(boolean departureAware, Duration targetUnitTime, Duration departureMargin, int minInputs,
                         double fallbackThroughput) {
    public static final UnitSizing DEFAULT =
            new UnitSizing(true, Duration.ofSeconds(30), Duration.ofSeconds(60), 1, 20.0);
    /** The baseline: fixed unit sizes, departure ignored. */
    public static final UnitSizing FIXED = new UnitSizing(false, DEFAULT.targetUnitTime, DEFAULT.departureMargin,
            1, DEFAULT.fallbackThroughput);

    public UnitSizing {
        Objects.requireNonNull(targetUnitTime, "targetUnitTime: must be set");
        Objects.requireNonNull(departureMargin, "departureMargin: must be set");
        if (targetUnitTime.isNegative() || targetUnitTime.isZero()) {
            throw new IllegalArgumentException("targetUnitTime: must be positive, was " + targetUnitTime);
        }
        if (departureMargin.isNegative()) {
            throw new IllegalArgumentException("departureMargin: must not be negative, was " + departureMargin);
        }
        if (minInputs < 1) {
            throw new IllegalArgumentException("minInputs: must be at least 1, was " + minInputs);
        }
        if (!(fallbackThroughput > 0) || !Double.isFinite(fallbackThroughput)) {
            throw new IllegalArgumentException("fallbackThroughput: must be > 0, was " + fallbackThroughput);
        }
    }

    public UnitSizing withDepartureAware(boolean on) {
        return new UnitSizing(on, targetUnitTime, departureMargin, minInputs, fallbackThroughput);
    }

    /**
     * Inputs to lease to a car from a unit of {@code unitInputs} inputs.
     *
     * @param throughput       the car's measured inputs per second, or null when unknown
     * @param availableSeconds seconds until the car's next departure, or null when none is planned
     * @return a number within 1..unitInputs, or 0 when the unit cannot be cut to fit before departure
     */
    public int inputsFor(int unitInputs, Double throughput, Long availableSeconds) {
        if (unitInputs < 1) {
            throw new IllegalArgumentException("unitInputs: must be at least 1, was " + unitInputs);
        }
        if (!departureAware) {
            return unitInputs;
        }
        double rate = throughput != null && throughput > 0 && Double.isFinite(throughput) ? throughput
                : fallbackThroughput;
        double seconds = seconds(targetUnitTime);
        if (availableSeconds != null) {
            seconds = Math.min(seconds, availableSeconds - seconds(departureMargin));
        }
        long fits = (long) Math.floor(seconds * rate);
        if (fits < minInputs) {
            return 0;
        }
        return (int) Math.min(unitInputs, fits);
    }

    /** Expected run time of {@code inputs} on a car with this throughput (or the fallback). */
    public Duration expectedRunTime(int inputs, Double throughput) {
        double rate = throughput != null && throughput > 0 && Double.isFinite(throughput) ? throughput
                : fallbackThroughput;
        return Duration.ofNanos((long) (inputs / rate * 1e9));
    }

    private static double seconds(Duration d) {
        return d.toNanos() / 1e9;
    }
}
