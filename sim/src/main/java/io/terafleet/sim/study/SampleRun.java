package io.terafleet.sim.study;

import io.terafleet.sim.fleet.FleetResult;
import io.terafleet.sim.fleet.FleetSimulator;
import io.terafleet.sim.fleet.Scenario;

/**
 * A sample of cars standing for a bigger fleet: demand scaled to the sample, figures scaled back up. Per-owner
 * figures (earnings) need no scaling; fleet totals (power, load) scale by {@link #scale()}.
 */
public record SampleRun(FleetResult result, long sampleCars, long representedCars) {
    public static SampleRun of(Scenario scenario, int sampleCars, long representedCars, int days, long seed,
                               int threads) {
        FleetResult r = FleetSimulator.run(scenario.sampleOf(sampleCars, representedCars), sampleCars, days, seed,
                FleetSimulator.Listener.NONE, threads);
        return new SampleRun(r, sampleCars, representedCars);
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

    /** Mean power the eligible cars could draw if demand used them all, GW at the represented size. */
    public double eligibleGw(double meanWatts) {
        double eligibleCarHours = result.totals().carHoursEligible();
        return eligibleCarHours / (result.days() * 24.0) * meanWatts / 1e9 * scale();
    }

    public long cellsNeeded() {
        return result.tier().cellsNeeded(scale());
    }
}
