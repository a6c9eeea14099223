package io.terafleet.cli;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import io.terafleet.agent.Agent;
import io.terafleet.agent.work.Preemption;
import io.terafleet.coordinator.Coordinator;
import io.terafleet.coordinator.CoordinatorConfig;
import io.terafleet.coordinator.db.DatabaseConfig;
import io.terafleet.core.energy.ComputeHardware;
import io.terafleet.core.policy.OwnerPolicy;
import io.terafleet.core.vehicle.Gear;
import io.terafleet.core.vehicle.ReasonCodes;
import io.terafleet.core.vehicle.VehicleState;
import java.nio.file.Path;
import java.time.Clock;
import java.time.Duration;
import java.util.Comparator;
import java.util.List;
import java.util.function.UnaryOperator;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * A real coordinator and a real car with real inference on scripted days: when the car is needed mid-unit it stops
 * inference within a second, releases the unit with what it finished, and the rest is completed by it once it may
 * compute again, or by another car. No inference call ever starts while the policy says no (invariant I1).
 */
class PreemptionEndToEndTest {
    private static final int INPUTS = 48;
    private static final long SECOND = 1_000_000_000L;
    private static final OwnerPolicy OPTED_IN = FleetFixture.OPTED_IN;

    @TempDir
    Path dir;

    @Test
    void unpluggedMidUnitStopsAndTheSameCarFinishesOnceReplugged() throws Exception {
        preemptThenFinish("unplugged", s -> s.toBuilder().chargingCableConnected(false).build(),
                ReasonCodes.NOT_PLUGGED_IN, false);
    }

    @Test
    void shiftedOutOfParkMidUnitStopsAndAnotherCarFinishes() throws Exception {
        preemptThenFinish("driven", s -> s.toBuilder().selectedGear(Gear.DRIVE).build(),
                ReasonCodes.NOT_PARKED, true);
    }

    @Test
    void overheatingComputerStopsAndTheCarResumesOnceCool() throws Exception {
        preemptThenFinish("hot", s -> s.toBuilder().computeTemperatureC(95).build(),
                ReasonCodes.COMPUTE_TOO_HOT, false);
    }

    @Test
    void departurePulledForwardStopsTheCar() throws Exception {
        preemptThenFinish("leaving", s -> s.toBuilder().nextDeparture(s.at().plus(Duration.ofMinutes(10))).build(),
                ReasonCodes.DEPARTURE_TOO_SOON, true);
    }

    @Test
    void exhaustedDailyBudgetStopsTheCarAndItNeverSpendsMore() throws Exception {
        // 20.1 mWh: the 1 s reserve is 20 mWh, so the car may start but its budget allows 5 ms of compute. However
        // fast the machine, the unit's first batch overruns that, and the watchdog (or the check before the next
        // batch) stops the car: it can never finish the unit within its budget.
        double budgetKwh = 0.0000201;
        var policy = OPTED_IN.toBuilder().dailyEnergyBudgetKwh(budgetKwh).build();
        try (Coordinator coordinator = startCoordinator();
             var car = new PreemptionScenario(coordinator.uri(), "frugal", policy, UnaryOperator.identity())) {
            var jobs = new JobClient(coordinator.uri());
            var job = jobs.submit(FleetFixture.jsonl(longestTexts()), FleetFixture.MODEL);
            car.start();
            Preemption stop = awaitPreemption(car.agent);
            assertThat(stop.reason()).isEqualTo(ReasonCodes.DAILY_BUDGET_SPENT);
            try (Agent helper = FleetFixture.agent(coordinator.uri(), "helper")) {
                awaitFinished(jobs, job.id());
            }
            double spentWh = ComputeHardware.HW3.energyWh(Duration.ofNanos(car.agent.stats().computeNanos()));
            assertThat(spentWh).isPositive().isLessThanOrEqualTo(budgetKwh * 1000);
            assertNoCallStartedWhileIneligible(car.embedder);
        }
    }

    private void preemptThenFinish(String name, UnaryOperator<VehicleState> change, String reason,
                                   boolean anotherCarFinishes) throws Exception {
        try (Coordinator coordinator = startCoordinator();
             var car = new PreemptionScenario(coordinator.uri(), name, OPTED_IN, change)) {
            var jobs = new JobClient(coordinator.uri());
            var job = jobs.submit(FleetFixture.jsonl(longestTexts()), FleetFixture.MODEL);
            car.changeDuringCall(2);
            car.start();
            Preemption stop = awaitPreemption(car.agent);

            assertThat(stop.reason()).isEqualTo(reason);
            System.out.printf("%s: stopped %.1f ms after the change (ORT call aborted: %s), release acknowledged "
                    + "after %.1f ms%n", reason, (stop.inferenceStoppedNanos() - car.changeNanos) / 1e6,
                    stop.abortedInference(), (stop.releaseAckedNanos() - car.changeNanos) / 1e6);
            assertThat(stop.inferenceStoppedNanos() - car.changeNanos).as("change to inference stopped")
                    .isBetween(0L, SECOND);
            assertThat(stop.releaseAckedNanos() - car.changeNanos).as("change to release acknowledged")
                    .isBetween(0L, SECOND);
            assertThat(stop.inputsDone()).isLessThan(INPUTS);
            var requeued = jobs.status(job.id());
            assertThat(requeued.running()).as("the rest is queued again at once").isZero();
            assertThat(requeued.finishedAt()).isNull();

            if (anotherCarFinishes) {
                try (Agent other = FleetFixture.agent(coordinator.uri(), "other")) {
                    awaitFinished(jobs, job.id());
                }
            } else {
                car.resume();
                awaitFinished(jobs, job.id());
                // The job ends when the coordinator stores the completion; the car counts it a moment later.
                org.awaitility.Awaitility.await().atMost(Duration.ofSeconds(10))
                        .untilAsserted(() -> assertThat(car.agent.stats().unitsCompleted()).as("the same car finished").isEqualTo(1));
            }
            assertNoCallStartedWhileIneligible(car.embedder);
            assertIneligibleCallsEndedWithinASecond(car);
        }
    }

    private Coordinator startCoordinator() {
        var config = CoordinatorConfig.defaults(DatabaseConfig.h2File(dir), List.of(FleetFixture.TOKEN))
                .withPort(0).withUnitSize(INPUTS).withLeaseTtl(Duration.ofSeconds(2));
        return Coordinator.start(config, Clock.systemUTC());
    }

    /** Long texts make each inference call long enough to be caught mid-run. */
    private static List<String> longestTexts() {
        return SampleCorpus.all().stream().sorted(Comparator.comparingInt(String::length).reversed())
                .limit(INPUTS).toList();
    }

    private static Preemption awaitPreemption(Agent agent) {
        return await().atMost(Duration.ofSeconds(60)).pollInterval(Duration.ofMillis(20))
                .until(agent::preemptions, list -> !list.isEmpty()).getFirst();
    }

    private static void awaitFinished(JobClient jobs, String jobId) {
        var done = await().atMost(Duration.ofSeconds(90)).pollInterval(Duration.ofMillis(100))
                .until(() -> jobs.status(jobId), s -> s.finishedAt() != null);
        assertThat(done.completed()).isEqualTo(INPUTS);
        assertThat(done.failed()).isZero();
    }

    private static void assertNoCallStartedWhileIneligible(RecordingEmbedder embedder) {
        assertThat(embedder.calls()).isNotEmpty()
                .allSatisfy(call -> assertThat(call.eligibleAtStart()).as("call %d started eligible", call.number())
                        .isTrue());
    }

    /** A call the change caught mid-run was aborted or ended anyway, in either case within a second. */
    private static void assertIneligibleCallsEndedWithinASecond(PreemptionScenario car) {
        car.embedder.calls().stream().filter(call -> !call.eligibleAtEnd()).forEach(call ->
                assertThat(call.endNanos() - car.changeNanos).as("call %d ended after the change", call.number())
                        .isLessThan(SECOND));
    }
}
