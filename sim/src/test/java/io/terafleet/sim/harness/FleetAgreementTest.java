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
