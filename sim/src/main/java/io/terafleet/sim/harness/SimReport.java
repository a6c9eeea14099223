package io.terafleet.sim.harness;

import java.time.Duration;
import java.util.List;

/**
 * What one seeded run did and whether every invariant held.
 *
 * @param violations     broken invariants, each naming it (I1, I2, I4, liveness); empty when the run passed
 * @param traceHash      a hash of every event and its outcome: two runs of one seed must agree on it
 * @param computeSeconds car time spent computing units
 * @param usefulSeconds  the part of it whose results were stored
 * @param verification   verdicts and quarantines, when cars lie
 * @param inputsComputed inputs computed by cars, whatever became of them
 */
public record SimReport(long seed, List<String> violations, long events, Duration virtualTime, int jobs,
                        int jobsEnded, long inputs, long results, long errors, long leases, long accepted,
                        long duplicates, long leasesLost, long releases, int restarts, double computeSeconds,
                        double usefulSeconds, long traceHash, VerificationSummary verification,
                        long inputsComputed) {
    public boolean passed() {
        return violations.isEmpty();
    }

    /** Share of compute time that ended in stored results. */
    public double goodput() {
        return computeSeconds == 0 ? 1.0 : usefulSeconds / computeSeconds;
    }

    /** Share of the inputs computed that were not needed for the final results: replicas, canaries, lost work. */
    public double extraComputeShare() {
        return inputsComputed == 0 ? 0 : 1 - (double) results / inputsComputed;
    }

    public String summary() {
        return String.format("seed %d: %s; %d events, %s virtual, %d/%d jobs ended, %d inputs (%d results, %d"
                        + " errors), %d leases (%d accepted, %d duplicate, %d lost, %d released), %d restarts,"
                        + " goodput %.1f%%", seed, passed() ? "ok" : "FAILED " + violations, events, virtualTime,
                jobsEnded, jobs, inputs, results, errors, leases, accepted, duplicates, leasesLost, releases,
                restarts, 100 * goodput());
    }
}
