package io.terafleet.sim.fleet;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.withinPercentage;

import org.junit.jupiter.api.Test;

/**
 * A big fleet plans demand on a sample of its cars ({@link FleetSimulator#PLANNING_SAMPLE_CARS}) and is walked once.
 * Here small fleets are given small samples, to check what the big ones rely on.
 */
class PlanningSampleTest {
    private static final int CARS = 24_000;
    private static final int SAMPLE = 8_000;

    @Test
    void aDemandBoundFleetPlannedOnASampleAgreesWithTheFullPlanWithinSamplingError() {
        // The default market asks for less than the fleet can do. (Not the ai5 scenario: there a third of the cars
        // do 40 times the work of the rest, and a sample of 8,000 cars plans it only to within about 7%.)
        Scenario thinned = ScenarioIo.defaults();
        FleetResult full = FleetSimulator.run(thinned, CARS, 1, 5, FleetSimulator.Listener.NONE, 2);
        FleetResult planned = FleetSimulator.runWithPlanningSample(thinned, CARS, 1, 5, 2, SAMPLE);
        assertThat(full.passes()).as("demand below capacity").isEqualTo(2);
        assertThat(planned.passes()).isEqualTo(2);
        var f = full.totals();
        var p = planned.totals();
        System.out.printf("planned on %d of %d cars: served %+.2f%%, compute %+.2f%%, eligible %+.2f%%%n", SAMPLE,
                CARS, 100 * (p.inferences() / f.inferences() - 1), 100 * (p.computeSeconds() / f.computeSeconds() - 1),
                100 * (p.carHoursEligible() / f.carHoursEligible() - 1));
        // About 2,400 opted-in cars plan the fleet's capacity: a percent or two of error in what demand takes.
        assertThat(p.inferences()).as("served").isCloseTo(f.inferences(), withinPercentage(5));
        assertThat(p.computeSeconds()).isCloseTo(f.computeSeconds(), withinPercentage(5));
        assertThat(p.carHoursEligible()).isCloseTo(f.carHoursEligible(), withinPercentage(2));
        assertThat(p.goodput()).isCloseTo(f.goodput(), withinPercentage(2));
        double fullServed = sum(full.hourly().servedPerSecond());
        assertThat(sum(planned.hourly().servedPerSecond())).isCloseTo(fullServed, withinPercentage(5));
        // Cars that never opt in are counted exactly as in the full plan.
        assertThat(planned.hourly().driving()).isDeepEqualTo(full.hourly().driving());
        assertThat(planned.hourly().plugged()).isDeepEqualTo(full.hourly().plugged());
    }

    @Test
    void aPlannedRunGivesTheSameResultWhateverTheThreads() {
        // Throughputs that are not whole numbers, so sums added in another order would differ in the last digits.
        Scenario thinned = ScenarioIo.parse("""
                {"hardware": [
                  {"name": "HW3", "watts": null, "inferencesPerSecond": 1500.37, "share": 0.55,
                   "source": "The default HW3 with a fraction, to make the order of sums matter."},
                  {"name": "HW4", "watts": null, "inferencesPerSecond": 4000.11, "share": 0.45,
                   "source": "The default HW4 with a fraction, to make the order of sums matter."}]}""");
        FleetResult one = FleetSimulator.runWithPlanningSample(thinned, CARS, 1, 9, 1, SAMPLE);
        assertThat(one.passes()).as("demand below capacity").isEqualTo(2);
        FleetResult three = FleetSimulator.runWithPlanningSample(thinned, CARS, 1, 9, 3, SAMPLE);
        assertThat(three.totals()).isEqualTo(one.totals());
        assertThat(three.hourly().computeGw()).isDeepEqualTo(one.hourly().computeGw());
        assertThat(three.hourly().servedPerSecond()).containsExactly(one.hourly().servedPerSecond());
        assertThat(three.earnings().binCounts()).containsExactly(one.earnings().binCounts());
    }

    @Test
    void aCapacityBoundFleetPlannedOnASampleIsTheFullRun() {
        // Throughput so low that demand takes every car's capacity at every step.
        Scenario bound = ScenarioIo.parse("""
                {"hardware": [
                  {"name": "HW3", "watts": null, "inferencesPerSecond": 0.015625, "share": 0.55,
                   "source": "The default HW3 scaled down so that demand exceeds capacity."},
                  {"name": "HW4", "watts": null, "inferencesPerSecond": 0.046875, "share": 0.45,
                   "source": "The default HW4 scaled down so that demand exceeds capacity."}]}""");
        FleetResult full = FleetSimulator.run(bound, 6_000, 1, 3, FleetSimulator.Listener.NONE, 2);
        FleetResult planned = FleetSimulator.runWithPlanningSample(bound, 6_000, 1, 3, 2, 2_000);
        assertThat(full.passes()).isEqualTo(1);
        assertThat(planned.passes()).isEqualTo(1);
        assertThat(planned.totals()).isEqualTo(full.totals());
        assertThat(planned.hourly().capacityPerSecond()).containsExactly(full.hourly().capacityPerSecond());
        assertThat(planned.hourly().servedPerSecond()).containsExactly(full.hourly().servedPerSecond());
        assertThat(planned.earnings().binCounts()).containsExactly(full.earnings().binCounts());
    }

    private static double sum(double[] values) {
        double total = 0;
        for (double v : values) {
            total += v;
        }
        return total;
    }
}
