package io.terafleet.sim.fleet;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.within;

import org.junit.jupiter.api.Test;

class FleetSimulatorTest {
    private static final Scenario DEFAULTS = ScenarioIo.defaults();

    @Test
    void sameSeedGivesTheSameResultWhateverTheThreads() {
        FleetResult one = FleetSimulator.run(DEFAULTS, 6_000, 1, 7, FleetSimulator.Listener.NONE, 1);
        FleetResult two = FleetSimulator.run(DEFAULTS, 6_000, 1, 7, FleetSimulator.Listener.NONE, 2);
        assertThat(two.totals()).isEqualTo(one.totals());
        assertThat(two.hourly().computeGw()).isDeepEqualTo(one.hourly().computeGw());
        assertThat(two.earnings().binCounts()).containsExactly(one.earnings().binCounts());
        FleetResult other = FleetSimulator.run(DEFAULTS, 6_000, 1, 8, FleetSimulator.Listener.NONE, 2);
        assertThat(other.totals()).isNotEqualTo(one.totals());
    }

    @Test
    void demandBoundRunsGiveTheSameResultWhateverTheThreads() {
        Scenario thinned = ScenarioIo.preset("ai5");
        FleetResult one = FleetSimulator.run(thinned, 5_000, 2, 4, FleetSimulator.Listener.NONE, 1);
        assertThat(one.passes()).as("demand below capacity: a second pass thins the fleet").isEqualTo(2);
        for (int threads : new int[] {2, 3}) {
            FleetResult many = FleetSimulator.run(thinned, 5_000, 2, 4, FleetSimulator.Listener.NONE, threads);
            assertSameFleet(many, one);
        }
    }

    @Test
    void idleCarsCountedByStretchesMatchTheStepLoop() {
        for (Scenario scenario : new Scenario[] {DEFAULTS, ScenarioIo.preset("ai5")}) {
            FleetResult fast = FleetSimulator.run(scenario, 4_000, 2, 11, FleetSimulator.Listener.NONE, 2);
            FleetResult stepped = FleetSimulator.runStepByStep(scenario, 4_000, 2, 11, 2);
            assertThat(fast.passes()).isEqualTo(stepped.passes());
            assertSameFleet(fast, stepped);
        }
    }

    /**
     * Parked steps that cannot change a car's state are jumped over, and temperatures are not followed where they can
     * never trip a heat rule: the figures must be those of the plain step loop to the last digit, in hot and cool
     * regions, in summer and winter, for capacity-bound and demand-thinned fleets and every workload.
     */
    @Test
    void jumpingOverParkedStepsMatchesTheStepLoop() {
        Scenario[] scenarios = {
                ScenarioIo.parse(HeatTest.PHOENIX_AND_SEATTLE),
                ScenarioIo.parse(HeatTest.PHOENIX_AND_SEATTLE).withOptInRate(0.5).withWorkload("generation"),
                ScenarioIo.preset("europe").withStartDate(io.terafleet.sim.study.ScenarioMatrix.WINTER),
                DEFAULTS.withDepartureAware(false).withOptInRate(0.6),
                ScenarioIo.parse("""
                        {"hardware": [
                          {"name": "HW3", "watts": null, "inferencesPerSecond": 0.015625, "share": 0.55,
                           "source": "Scaled down so that demand exceeds capacity: one pass."},
                          {"name": "HW4", "watts": null, "inferencesPerSecond": 0.046875, "share": 0.45,
                           "source": "Scaled down so that demand exceeds capacity: one pass."}]}""")};
        for (Scenario scenario : scenarios) {
            FleetResult fast = FleetSimulator.run(scenario, 3_000, 3, 13, FleetSimulator.Listener.NONE, 2);
            FleetResult stepped = FleetSimulator.runStepByStep(scenario, 3_000, 3, 13, 2);
            assertThat(fast.passes()).isEqualTo(stepped.passes());
            assertSameFleet(fast, stepped);
            assertThat(fast.totals().computeSeconds()).as(scenario.name()).isPositive();
        }
    }

    private static void assertSameFleet(FleetResult actual, FleetResult expected) {
        assertThat(actual.totals()).isEqualTo(expected.totals());
        var a = actual.hourly();
        var e = expected.hourly();
        assertThat(a.driving()).isDeepEqualTo(e.driving());
        assertThat(a.parked()).isDeepEqualTo(e.parked());
        assertThat(a.plugged()).isDeepEqualTo(e.plugged());
        assertThat(a.eligible()).isDeepEqualTo(e.eligible());
        assertThat(a.computeGw()).isDeepEqualTo(e.computeGw());
        assertThat(a.heatBlocked()).isDeepEqualTo(e.heatBlocked());
        assertThat(a.capacityPerSecond()).containsExactly(e.capacityPerSecond());
        assertThat(a.servedPerSecond()).containsExactly(e.servedPerSecond());
        assertThat(actual.earnings().binCounts()).containsExactly(expected.earnings().binCounts());
        assertThat(actual.tier()).usingRecursiveComparison().isEqualTo(expected.tier());
    }

    @Test
    void everyCarIsParkedOrDrivingAndComputeNeverExceedsWhatThePolicyAllows() {
        int cars = 5_000;
        FleetResult result = FleetSimulator.run(DEFAULTS, cars, 2, 3, FleetSimulator.Listener.NONE);
        var h = result.hourly();
        double drivingTotal = 0;
        for (int hour = 0; hour < h.hours(); hour++) {
            for (int r = 0; r < result.regions().size(); r++) {
                assertThat(h.computing()[hour][r]).isLessThanOrEqualTo(h.eligible()[hour][r]);
                assertThat(h.plugged()[hour][r]).isLessThanOrEqualTo(h.parked()[hour][r]);
            }
            double all = FleetResult.Hourly.total(h.parked(), hour) + FleetResult.Hourly.total(h.driving(), hour);
            assertThat(all).as("hour %d", hour).isCloseTo(cars, within(1e-6));
            drivingTotal += FleetResult.Hourly.total(h.driving(), hour);
        }
        // About an hour of driving per car and day (NHTS 2017), so about 1/24 of car-hours.
        assertThat(drivingTotal / (cars * 48.0)).isBetween(0.025, 0.06);
        assertThat(result.totals().computeSeconds()).isPositive();
    }

    @Test
    void underPluggedOnlyPoliciesEligibleCarsArePluggedIn() {
        Scenario pluggedOnly = ScenarioIo.parse("""
                {"policies": [{"name": "defaults", "share": 1.0, "source": "core defaults"}]}""");
        FleetResult result = FleetSimulator.run(pluggedOnly, 4_000, 1, 5, FleetSimulator.Listener.NONE);
        var h = result.hourly();
        for (int hour = 0; hour < h.hours(); hour++) {
            for (int r = 0; r < result.regions().size(); r++) {
                assertThat(h.computing()[hour][r]).isLessThanOrEqualTo(h.eligible()[hour][r]);
                assertThat(h.eligible()[hour][r]).isLessThanOrEqualTo(h.plugged()[hour][r]);
                assertThat(h.plugged()[hour][r]).isLessThanOrEqualTo(h.parked()[hour][r]);
            }
        }
        assertThat(result.totals().batteryKwh()).isZero();
    }

    @Test
    void energyIsPowerTimesComputeTime() {
        Scenario hw3Only = ScenarioIo.parse("""
                {"hardware": [{"name": "HW3", "watts": null, "inferencesPerSecond": 1500, "share": 1.0,
                  "source": "core PowerModel"}]}""");
        FleetResult result = FleetSimulator.run(hw3Only, 3_000, 1, 11, FleetSimulator.Listener.NONE);
        var t = result.totals();
        assertThat(t.energyKwh()).isCloseTo(72 * t.computeSeconds() / 3.6e6, within(1e-9 * t.energyKwh()));
        double hourlyMwh = 0;
        for (int hour = 0; hour < result.hourly().hours(); hour++) {
            hourlyMwh += FleetResult.Hourly.total(result.hourly().energyMwh(), hour);
        }
        assertThat(hourlyMwh * 1000).isCloseTo(t.energyKwh(), within(1e-6 * t.energyKwh()));
        assertThat(t.joulesPerInference()).isCloseTo(72.0 / 1500 / t.goodput(), within(1e-6));
    }

    @Test
    void departureAwareSizingWastesLessThanFixedSizes() {
        Scenario aware = DEFAULTS.withDepartureAware(true);
        Scenario fixed = DEFAULTS.withDepartureAware(false);
        FleetResult a = FleetSimulator.run(aware, 5_000, 1, 21, FleetSimulator.Listener.NONE);
        FleetResult f = FleetSimulator.run(fixed, 5_000, 1, 21, FleetSimulator.Listener.NONE);
        assertThat(a.totals().wastedSeconds()).isLessThan(f.totals().wastedSeconds());
        assertThat(a.totals().goodput()).isGreaterThan(f.totals().goodput());
        assertThat(f.totals().preemptions()).isGreaterThan(a.totals().preemptions());
    }

    @Test
    void optInRateScalesCapacity() {
        FleetResult low = FleetSimulator.run(DEFAULTS.withOptInRate(0.2), 8_000, 1, 4, FleetSimulator.Listener.NONE);
        FleetResult high = FleetSimulator.run(DEFAULTS.withOptInRate(0.6), 8_000, 1, 4, FleetSimulator.Listener.NONE);
        double ratio = high.totals().carHoursEligible() / low.totals().carHoursEligible();
        assertThat(ratio).isBetween(2.6, 3.4);
        assertThat(high.totals().inferences() / low.totals().inferences()).isBetween(2.6, 3.4);
        FleetResult none = FleetSimulator.run(DEFAULTS.withOptInRate(0), 2_000, 1, 4, FleetSimulator.Listener.NONE);
        assertThat(none.totals().computeSeconds()).isZero();
        assertThat(none.earnings().owners()).isZero();
    }

    @Test
    void demandBelowCapacityLeavesEligibleCarsIdle() {
        Scenario thin = ScenarioIo.parse("""
                {"demand": {"batchBacklogInferences": 0, "onlinePeakPerSecond": 100000},
                 "markets": {"embeddings": {"fleetShare": 0}}}""");
        FleetResult result = FleetSimulator.run(thin, 4_000, 1, 9, FleetSimulator.Listener.NONE);
        assertThat(result.passes()).isEqualTo(2);
        var h = result.hourly();
        for (int hour = 0; hour < h.hours(); hour++) {
            assertThat(h.servedPerSecond()[hour]).isLessThanOrEqualTo(h.onlinePerSecond()[hour] * (1 + 1e-9));
        }
        assertThat(result.totals().computeSeconds()).isPositive();
    }
}
