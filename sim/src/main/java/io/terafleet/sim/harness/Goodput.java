package io.terafleet.sim.harness;

import java.util.List;

/** Goodput over many runs: stored-result compute time over all compute time, pooled (not an average of shares). */
public final class Goodput {
    private Goodput() {
    }

    public static double of(List<SimReport> reports) {
        double compute = reports.stream().mapToDouble(SimReport::computeSeconds).sum();
        double useful = reports.stream().mapToDouble(SimReport::usefulSeconds).sum();
        return compute == 0 ? 1.0 : useful / compute;
    }
}
