package io.terafleet.sim.study;

import io.terafleet.sim.fleet.FleetResult;
import io.terafleet.sim.fleet.FleetSimulator;
import io.terafleet.sim.fleet.Scenario;

/**
 * A sample of cars standing for a bigger fleet: demand scaled to the sample, figures scaled back up. Per-owner
 * figures (earnings) need no scaling; fleet totals (power, load) scale by {@link #scale()}.
 */
public record SampleRun(FleetResult result, long sampleCars, long representedCars, double meanWatts) {
    public static SampleRun of(Scenario scenario, int sampleCars, long representedCars, int days, long seed,
                               int threads) {
        FleetResult r = FleetSimulator.run(scenario.sampleOf(sampleCars, representedCars), sampleCars, days, seed,
                FleetSimulator.Listener.NONE, threads);
        double watts = 0;
        for (var h : scenario.hardware()) {
            watts += h.share() * h.hardware().watts();
        }
        return new SampleRun(r, sampleCars, representedCars, watts);
    }

    public double scale() {
        return (double) representedCars / sampleCars;
    }

    public double meanGw() {
        return result.totals().meanComputeGw() * scale();
    }

    public double peakGw() {
        return result.totals().peakComputeGw() * scale();
    }

    /** Owners' mean monthly net. */
    public double ownerMeanNet() {
        return result.earnings().mean();
    }

    public double ownerMedianNet() {
        return result.earnings().p50();
    }

    /**
     * Capacity: mean power the eligible cars could draw if demand used them all, GW at the represented size (the
     * fleet's mean computer power times mean eligible cars).
     */
    public double eligibleGw() {
        double eligibleCarHours = result.totals().carHoursEligible();
        return eligibleCarHours / (result.days() * 24.0) * meanWatts / 1e9 * scale();
    }

    public long cellsNeeded() {
        return result.tier().cellsNeeded(scale());
    }
}
