package io.terafleet.sim.fleet;

/**
 * Sums for one chunk of cars, per hour and region (index {@code hour * regions + region}) and, for capacity, per
 * step. Chunks are fixed ranges of cars merged in order, so totals do not depend on thread scheduling.
 */
final class Accumulator {
    final long[] parkedSteps;
    final long[] pluggedSteps;
    final long[] eligibleSteps;
    final long[] computingSteps;
    final long[] drivingSteps;
    final long[] preemptions;
    final double[] computeSeconds;
    final double[] wastedSeconds;
    final double[] inferences;
    final double[] energyKwh;
    final double[] batteryKwh;
    final double[] earnings;
    /** Inferences per second the eligible cars could do, per step. */
    final double[] capacity;

    Accumulator(int cells, int steps) {
        parkedSteps = new long[cells];
        pluggedSteps = new long[cells];
        eligibleSteps = new long[cells];
        computingSteps = new long[cells];
        drivingSteps = new long[cells];
        preemptions = new long[cells];
        computeSeconds = new double[cells];
        wastedSeconds = new double[cells];
        inferences = new double[cells];
        energyKwh = new double[cells];
        batteryKwh = new double[cells];
        earnings = new double[cells];
        capacity = new double[steps];
    }

    void add(Accumulator o) {
        for (int i = 0; i < parkedSteps.length; i++) {
            parkedSteps[i] += o.parkedSteps[i];
            pluggedSteps[i] += o.pluggedSteps[i];
            eligibleSteps[i] += o.eligibleSteps[i];
            computingSteps[i] += o.computingSteps[i];
            drivingSteps[i] += o.drivingSteps[i];
            preemptions[i] += o.preemptions[i];
            computeSeconds[i] += o.computeSeconds[i];
            wastedSeconds[i] += o.wastedSeconds[i];
            inferences[i] += o.inferences[i];
            energyKwh[i] += o.energyKwh[i];
            batteryKwh[i] += o.batteryKwh[i];
            earnings[i] += o.earnings[i];
        }
        for (int s = 0; s < capacity.length; s++) {
            capacity[s] += o.capacity[s];
        }
    }
}
