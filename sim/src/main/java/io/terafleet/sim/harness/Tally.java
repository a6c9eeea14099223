package io.terafleet.sim.harness;

import io.terafleet.core.api.CompleteResponse;
import java.time.Duration;
import java.util.HashMap;
import java.util.List;
import java.util.Map;

/** Counts what happened in a run, and hashes the event trace so that replays can be compared. */
final class Tally {
    private static final long FNV_PRIME = 0x100000001b3L;

    private long hash = 0xcbf29ce484222325L;
    private long leases;
    private long accepted;
    private long duplicates;
    private long lost;
    private long releases;
    private double computeSeconds;
    private double usefulSeconds;
    private long inputsComputed;
    private final Map<String, Double> pendingUseful = new HashMap<>();

    /** Set {@code -Dterafleet.sim.trace=true} to print every traced event (for comparing two runs of a seed). */
    private static final boolean PRINT = Boolean.getBoolean("terafleet.sim.trace");

    void trace(long... values) {
        if (PRINT) {
            System.out.println("trace " + java.util.Arrays.toString(values));
        }
        for (long v : values) {
            hash = (hash ^ v) * FNV_PRIME;
        }
    }

    /** Inputs a car computed, whatever became of them (replicas, canaries and lost work included). */
    void computedInputs(long inputs) {
        inputsComputed += inputs;
    }

    void leased() {
        leases++;
    }

    void compute(double seconds) {
        computeSeconds += seconds;
    }

    /** The compute behind a completion, counted as useful once the coordinator accepts it. */
    void expectUseful(String leaseId, double seconds) {
        pendingUseful.put(leaseId, seconds);
    }

    void accepted(String leaseId) {
        Double seconds = pendingUseful.remove(leaseId);
        if (seconds != null) {
            usefulSeconds += seconds;
        }
    }

    /** Compute of a unit still running when the run ends: counted, and as useful (see {@link TraceEnd}). */
    void inFlight(double seconds) {
        computeSeconds += seconds;
        usefulSeconds += seconds;
    }

    void released(double usefulPartSeconds) {
        releases++;
        usefulSeconds += usefulPartSeconds;
    }

    void lostToDeparture() {
        trace(-7);
    }

    void outcome(String outcome, boolean traced) {
        switch (outcome) {
            case CompleteResponse.ACCEPTED -> accepted++;
            case CompleteResponse.DUPLICATE -> duplicates++;
            default -> lost++;
        }
        if (traced) {
            trace(outcome.hashCode());
        }
    }

    SimReport report(long seed, List<String> violations, long events, Duration virtualTime, int jobs, int jobsEnded,
                     int restarts, long inputs, long results, long errors, VerificationSummary verification) {
        return new SimReport(seed, List.copyOf(violations), events, virtualTime, jobs, jobsEnded, inputs, results,
                errors, leases, accepted, duplicates, lost, releases, restarts, computeSeconds, usefulSeconds, hash,
                verification, inputsComputed);
    }
}
