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
    /** Car-steps a car the policy table allowed was held off by a heat rule, and units lost to one. */
    final long[] heatBlockedSteps;
    final long[] heatPreemptions;
    /** Units leased (each also completes or is lost), and car-steps of opted-in cars parked (connected). */
    final long[] leases;
    final long[] connectedSteps;
    final double[] wearCost;
    final double[] computeSeconds;
    final double[] wastedSeconds;
    final double[] inferences;
    final double[] energyKwh;
    final double[] batteryKwh;
    final double[] earnings;
    /**
     * Inferences per second the eligible cars could do, per step; for a planning sample, per car stratum and step
     * ({@code stratum * steps + step}, see {@link FleetModel#stratum}).
     */
    final double[] capacity;
    /** {@code steps} when capacity is kept per stratum, else 0: the kernel's offset is this times the stratum. */
    final int capacityStratumStride;

    Accumulator(int cells, int steps) {
        this(cells, steps, 1);
    }

    Accumulator(int cells, int steps, int capacityStrata) {
        parkedSteps = new long[cells];
        pluggedSteps = new long[cells];
        eligibleSteps = new long[cells];
        computingSteps = new long[cells];
        drivingSteps = new long[cells];
        preemptions = new long[cells];
        heatBlockedSteps = new long[cells];
        heatPreemptions = new long[cells];
        leases = new long[cells];
        connectedSteps = new long[cells];
        wearCost = new double[cells];
        computeSeconds = new double[cells];
        wastedSeconds = new double[cells];
        inferences = new double[cells];
        energyKwh = new double[cells];
        batteryKwh = new double[cells];
        earnings = new double[cells];
        capacity = new double[steps * capacityStrata];
        capacityStratumStride = capacityStrata > 1 ? steps : 0;
    }

    /** Adds only the driving, parked and plugged counts: all that a car whose owner did not opt in has. */
    void addCounts(Accumulator o) {
        for (int i = 0; i < parkedSteps.length; i++) {
            parkedSteps[i] += o.parkedSteps[i];
            pluggedSteps[i] += o.pluggedSteps[i];
            drivingSteps[i] += o.drivingSteps[i];
        }
    }

    void add(Accumulator o) {
        for (int i = 0; i < parkedSteps.length; i++) {
            parkedSteps[i] += o.parkedSteps[i];
            pluggedSteps[i] += o.pluggedSteps[i];
            eligibleSteps[i] += o.eligibleSteps[i];
            computingSteps[i] += o.computingSteps[i];
            drivingSteps[i] += o.drivingSteps[i];
            preemptions[i] += o.preemptions[i];
            heatBlockedSteps[i] += o.heatBlockedSteps[i];
            heatPreemptions[i] += o.heatPreemptions[i];
            leases[i] += o.leases[i];
            connectedSteps[i] += o.connectedSteps[i];
            wearCost[i] += o.wearCost[i];
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
