package io.terafleet.sim.harness;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.withinPercentage;

import io.terafleet.sim.fleet.CarTimeline;
import io.terafleet.sim.fleet.FleetResult;
import io.terafleet.sim.fleet.FleetSimulator;
import io.terafleet.sim.fleet.FleetTrace;
import io.terafleet.sim.fleet.Scenario;
import io.terafleet.sim.fleet.ScenarioIo;
import java.time.Duration;
import org.junit.jupiter.api.Test;

/**
 * The fleet simulator agrees with the real coordinator: one day of a few hundred cars of the default scenario, run
 * by the fleet simulator, then replayed car by car (the same eligible intervals, announced departures and
 * throughputs) against the coordinator's real job store, leasing and scheduler in the deterministic simulation,
 * with a backlog the fleet cannot finish. Compute delivered, useful results and goodput must agree within 10%.
 */
class FleetAgreementTest {
    static final int CARS = 300;
    static final long SEED = 1;
    static final int JOBS = 4;

    /**
     * The default scenario with throughputs scaled down so that a 10-minute unit holds 9 (HW3) or 28 (HW4) inputs
     * instead of about a million: the coordinator stores every input. Both models run this same scenario, and
     * throughput only scales inferences (eligibility, power and energy do not depend on it). The figures are
     * exact binary fractions, so units last exactly 576 s and 597.33 s on both sides and never end on a step
     * boundary, where the two models would break a tie between "unit done" and "car gone" differently.
     */
    static Scenario scaled() {
        return ScenarioIo.parse("""
                {"hardware": [
                  {"name": "HW3", "watts": null, "inferencesPerSecond": 0.015625, "share": 0.55,
                   "source": "The default HW3 (1500/s) scaled by 1/96000 to keep the coordinator's store small."},
                  {"name": "HW4", "watts": null, "inferencesPerSecond": 0.046875, "share": 0.45,
                   "source": "The default HW4 (4000/s) scaled by about the same, 3x HW3 (default 2.7x)."}]}""");
    }

    @Test
    void fleetSimulatorAndRealCoordinatorAgreeOnCapacityAndGoodput() {
        FleetTrace trace = FleetSimulator.traceCars(scaled(), CARS, 1, SEED);
        assertThat(trace.sizing().departureAware()).as("departure-aware sizing").isTrue();
        FleetResult.Totals fleet = trace.result().totals();
        // More inputs than any car could compute in all its eligible time: the fleet is capacity-bound all day.
        double upperBound = trace.cars().stream().mapToDouble(c -> c.eligibleSeconds() * c.throughput()).sum();
        int inputsPerJob = (int) Math.ceil(upperBound * 1.1 / JOBS);
        HarnessConfig config = new HarnessConfig(CARS, JOBS, inputsPerJob, inputsPerJob, 64, true, 1, 1, 0, 1, 1,
                1.0, 0, 0, 0, 0, 0, 0, 0, Duration.ofDays(1));

        SimReport real = DeterministicSimulation.run(SEED, config, CarSchedule.fromFleet(trace));

        long active = trace.cars().stream().filter(c -> !c.intervals().isEmpty()).count();
        System.out.printf("fleet of %d cars (%d ever eligible), %.0f eligible car-seconds%n", CARS, active,
                trace.eligibleSeconds());
        System.out.printf("fleet simulator:  compute %.0f s, useful %.0f s, inferences %.0f, goodput %.2f%%%n",
                fleet.computeSeconds(), fleet.computeSeconds() - fleet.wastedSeconds(), fleet.inferences(),
                100 * fleet.goodput());
        System.out.printf("real coordinator: compute %.0f s, useful %.0f s, results %d, goodput %.2f%%%n",
                real.computeSeconds(), real.usefulSeconds(), real.results(), 100 * real.goodput());
        System.out.println(real.summary());

        assertThat(real.violations()).as("invariants").isEmpty();
        assertThat(real.errors()).as("backlog left at the end (cancelled)").isPositive();
        assertThat(active).as("cars that ever computed").isGreaterThanOrEqualTo(20);
        assertThat(real.computeSeconds()).as("compute delivered").isCloseTo(fleet.computeSeconds(),
                withinPercentage(10));
        assertThat(real.usefulSeconds()).as("useful compute").isCloseTo(fleet.computeSeconds()
                - fleet.wastedSeconds(), withinPercentage(10));
        assertThat((double) real.results()).as("inferences").isCloseTo(fleet.inferences(), withinPercentage(10));
        assertThat(real.goodput()).as("goodput").isCloseTo(fleet.goodput(), withinPercentage(10));
    }

    /** Scaled hardware for any scenario (see {@link #scaled()}). */
    static Scenario scaledHardware(Scenario s) {
        return s.with(scaled().hardware(), s.charging(), s.policies());
    }

    /** Phoenix in July, every car in the open and opted in: the pack's heat rule stops cars mid-unit. */
    static Scenario hot() {
        return ScenarioIo.parse("""
                {"startDate": "2025-07-07", "optInRate": 1.0,
                 "thermal": {"garagedAtHomeShare": 0.0},
                 "regions": [{"name": "phoenix", "zone": "America/Phoenix", "share": 1.0, "solarYield": 0.95,
                   "tariff": {"basePricePerKwh": 0.14},
                   "climate": {"latitude": 33.4, "januaryLowC": 8.0, "januaryHighC": 19.8, "julyLowC": 29.0,
                               "julyHighC": 41.4, "source": "NOAA normals 1991-2020, Phoenix"},
                   "source": "A hot city for the agreement test."}],
                 "hardware": [
                  {"name": "HW3", "watts": null, "inferencesPerSecond": 0.015625, "share": 0.55, "source": "scaled"},
                  {"name": "HW4", "watts": null, "inferencesPerSecond": 0.046875, "share": 0.45, "source": "scaled"}]}""");
    }

    /** Totals over seeds for one scenario: the fleet simulator's and the real coordinator's. */
    private static final class Pooled {
        double fleetCompute;
        double fleetUseful;
        double fleetInferences;
        double realCompute;
        double realUseful;
        double realResults;
        long heatPreemptions;
    }

    @Test
    void agreementHoldsAcrossSeedsAndScenariosIncludingAHotOne() {
        java.util.Map<String, Scenario> scenarios = new java.util.LinkedHashMap<>();
        scenarios.put("us summer", scaled().withOptInRate(1.0));
        scenarios.put("europe winter", scaledHardware(ScenarioIo.preset("europe"))
                .withStartDate(io.terafleet.sim.study.ScenarioMatrix.WINTER).withOptInRate(1.0));
        scenarios.put("phoenix july (heat)", hot());
        int cars = Integer.getInteger("agreement.cars", 4);
        int seeds = Integer.getInteger("agreement.seeds", 10);
        for (var entry : scenarios.entrySet()) {
            Pooled p = new Pooled();
            for (long seed = 1; seed <= seeds; seed++) {
                FleetTrace trace = FleetSimulator.traceCars(entry.getValue(), cars, 1, seed);
                FleetResult.Totals fleet = trace.result().totals();
                double upperBound = trace.cars().stream().mapToDouble(c -> c.eligibleSeconds() * c.throughput())
                        .sum();
                int inputsPerJob = (int) Math.ceil(upperBound * 1.1 / JOBS) + 1;
                HarnessConfig config = new HarnessConfig(cars, JOBS, inputsPerJob, inputsPerJob, 64, true, 1, 1, 0,
                        1, 1, 1.0, 0, 0, 0, 0, 0, 0, 0, Duration.ofDays(1));
                long started = System.nanoTime();
                SimReport real = DeterministicSimulation.run(seed, config, CarSchedule.fromFleet(trace));
                System.out.printf("%s seed %d: compute %.0f vs %.0f s, useful %.0f vs %.0f s (%.1f s)%n",
                        entry.getKey(), seed, fleet.computeSeconds(), real.computeSeconds(),
                        fleet.computeSeconds() - fleet.wastedSeconds(), real.usefulSeconds(),
                        (System.nanoTime() - started) / 1e9);
                assertThat(real.violations()).as("%s seed %d invariants", entry.getKey(), seed).isEmpty();
                assertThat(real.computeSeconds()).as("%s seed %d compute", entry.getKey(), seed)
                        .isCloseTo(fleet.computeSeconds(), withinPercentage(10));
                p.fleetCompute += fleet.computeSeconds();
                p.fleetUseful += fleet.computeSeconds() - fleet.wastedSeconds();
                p.fleetInferences += fleet.inferences();
                p.realCompute += real.computeSeconds();
                p.realUseful += real.usefulSeconds();
                p.realResults += real.results();
                p.heatPreemptions += fleet.heatPreemptions();
            }
            System.out.printf("%s, %d seeds x %d cars: compute %.0f vs %.0f s, useful %.0f vs %.0f s, inferences %.0f"
                            + " vs %.0f, goodput %.2f%% vs %.2f%%, heat preemptions %d%n", entry.getKey(), seeds, cars,
                    p.fleetCompute, p.realCompute, p.fleetUseful, p.realUseful, p.fleetInferences, p.realResults,
                    100 * p.fleetUseful / p.fleetCompute, 100 * p.realUseful / p.realCompute, p.heatPreemptions);
            assertThat(p.fleetCompute).as("%s: cars computed", entry.getKey()).isPositive();
            assertThat(p.realUseful).as("%s useful compute", entry.getKey()).isCloseTo(p.fleetUseful,
                    withinPercentage(10));
            assertThat(p.realResults).as("%s inferences", entry.getKey()).isCloseTo(p.fleetInferences,
                    withinPercentage(10));
            assertThat(p.realUseful / p.realCompute).as("%s goodput", entry.getKey())
                    .isCloseTo(p.fleetUseful / p.fleetCompute, withinPercentage(10));
            if (entry.getKey().contains("heat")) {
                assertThat(p.heatPreemptions).as("units the heat rule stopped").isPositive();
            }
        }
    }

    @Test
    void tracingLeavesTheEstimatesAsTheyAreAndRecordsEveryEligibleStep() {
        FleetTrace trace = FleetSimulator.traceCars(scaled(), CARS, 1, SEED);
        FleetResult plain = FleetSimulator.run(scaled(), CARS, 1, SEED, FleetSimulator.Listener.NONE, 1);

        assertThat(trace.result().totals()).isEqualTo(plain.totals());
        assertThat(trace.cars()).hasSize(CARS);
        assertThat(trace.eligibleSeconds()).isCloseTo(plain.totals().carHoursEligible() * 3600,
                withinPercentage(1e-6));
        for (CarTimeline car : trace.cars()) {
            for (CarTimeline.Interval i : car.intervals()) {
                assertThat(i.toSecond()).isLessThanOrEqualTo(trace.horizonSeconds());
                if (!car.announcesDeparture()) {
                    assertThat(i.stopSecond()).as("car %d announces no departure", car.car()).isNull();
                }
            }
        }
    }
}
