package io.terafleet.sim.fleet;

/**
 * One car's sums for the hour it is in, added to the chunk's {@link Accumulator} when the hour (or the car) ends:
 * a dozen plain field updates per step instead of a dozen read-modify-writes of the accumulator's arrays, and one
 * write per hour and figure. One per kernel, reused for every car.
 */
final class HourSums {
    long driving;
    long parked;
    long plugged;
    long connected;
    long eligible;
    long computing;
    long heatBlocked;
    long heatPreemptions;
    long leases;
    double computeSeconds;
    double inferences;
    double energyKwh;
    double batteryKwh;
    double wearCost;
    double earnings;

    /** Adds the sums to {@code cell} of {@code acc} and starts a new hour. */
    void flush(Accumulator acc, int cell) {
        acc.drivingSteps[cell] += driving;
        acc.parkedSteps[cell] += parked;
        acc.pluggedSteps[cell] += plugged;
        acc.connectedSteps[cell] += connected;
        acc.eligibleSteps[cell] += eligible;
        acc.computingSteps[cell] += computing;
        acc.heatBlockedSteps[cell] += heatBlocked;
        acc.heatPreemptions[cell] += heatPreemptions;
        acc.leases[cell] += leases;
        acc.computeSeconds[cell] += computeSeconds;
        acc.inferences[cell] += inferences;
        acc.energyKwh[cell] += energyKwh;
        acc.batteryKwh[cell] += batteryKwh;
        acc.wearCost[cell] += wearCost;
        acc.earnings[cell] += earnings;
        driving = 0;
        parked = 0;
        plugged = 0;
        connected = 0;
        eligible = 0;
        computing = 0;
        heatBlocked = 0;
        heatPreemptions = 0;
        leases = 0;
        computeSeconds = 0;
        inferences = 0;
        energyKwh = 0;
        batteryKwh = 0;
        wearCost = 0;
        earnings = 0;
    }
}
