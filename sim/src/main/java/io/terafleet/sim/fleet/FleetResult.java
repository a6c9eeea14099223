package io.terafleet.sim.fleet;

import java.util.List;

/**
 * What a fleet simulation found. Hourly series are indexed {@code [hour][region]}, hours in UTC from the start
 * date's midnight; counts of cars are averages over the hour's steps.
 */
public record FleetResult(String scenario, long cars, int days, long seed, List<String> regions, Hourly hourly,
                          Totals totals, Earnings earnings, Pricing pricing, TierLoad tier, int passes,
                          double wallSeconds) {

    /** Per hour and region. {@code capacityPerSecond}, {@code onlinePerSecond} and {@code servedPerSecond} are fleet-wide. */
    public record Hourly(double[][] driving, double[][] parked, double[][] plugged, double[][] eligible,
                         double[][] computing, double[][] computeGw, double[][] inferencesPerSecond,
                         double[][] energyMwh, double[][] preemptions, double[][] wastedComputeHours,
                         double[][] batteryMwh, double[][] heatBlocked, double[] capacityPerSecond,
                         double[] onlinePerSecond, double[] servedPerSecond) {
        public int hours() {
            return parked.length;
        }

        /** The sum over regions of one series at one hour. */
        public static double total(double[][] series, int hour) {
            double sum = 0;
            for (double v : series[hour]) {
                sum += v;
            }
            return sum;
        }
    }

    /**
     * @param carHoursEligible  hours cars were parked and allowed to compute by their owner's policy
     * @param computeSeconds    seconds of compute run, including work later lost
     * @param wastedSeconds     compute lost in units preempted before they finished
     * @param inferences        inferences in units that finished
     * @param goodput           useful compute / total compute
     * @param energyKwh         energy drawn by the computers
     * @param batteryKwh        of that, drawn from the traction battery (car unplugged)
     * @param joulesPerInference energy per finished inference
     * @param heatBlockedCarHours car-hours the policy allowed but a heat rule held off
     * @param heatPreemptions    units lost when a heat rule stopped a car
     * @param batteryWearCost    owners' battery wear from compute run on the battery
     * @param leases             units leased
     */
    public record Totals(double carHoursEligible, double computeSeconds, double wastedSeconds, double inferences,
                         double goodput, double energyKwh, double batteryKwh, long preemptions,
                         double joulesPerInference, double meanComputeGw, double peakComputeGw,
                         double ownerNetEarnings, double heatBlockedCarHours, long heatPreemptions,
                         double batteryWearCost, long leases) {
    }

    /**
     * Owners' net earnings per 30-day month, over opted-in owners: pay for finished items less the energy at their
     * tariff and the battery wear.
     */
    public record Earnings(long owners, double mean, double p5, double p25, double p50, double p75, double p95,
                           double p99, double[] binEdges, long[] binCounts) {
    }
}
