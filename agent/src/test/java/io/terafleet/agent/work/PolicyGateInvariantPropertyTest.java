package io.terafleet.agent.work;

import io.terafleet.core.time.SettableClock;
import static org.assertj.core.api.Assertions.assertThat;

import io.terafleet.agent.signals.ScriptedTimeline;
import io.terafleet.agent.signals.TimedState;
import io.terafleet.agent.signals.VehicleTimeline;
import io.terafleet.core.energy.ComputeHardware;
import io.terafleet.core.policy.OwnerPolicy;
import io.terafleet.core.vehicle.Eligibility;
import io.terafleet.core.vehicle.Gear;
import io.terafleet.core.vehicle.SafetyRules;
import io.terafleet.core.vehicle.VehicleState;
import java.time.Duration;
import java.time.Instant;
import java.time.ZoneId;
import java.util.ArrayList;
import java.util.List;
import java.util.Random;
import org.junit.jupiter.api.Test;

/**
 * Invariant I1 through the agent's own decision path ({@link PolicyGate} over a {@link ScriptedTimeline} and the
 * {@link EnergyAccount}): over two thousand seeded random timelines and policies, replayed second by second with
 * compute metered as the work loop meters it (a batch runs while the watchdog says yes), the gate never says yes
 * to a car that is not parked or that the owner's settings forbid, and the daily budget is never exceeded.
 */
class PolicyGateInvariantPropertyTest {
    private static final int TIMELINES = 2_000;
    private static final int SEGMENTS = 20;
    private static final Instant START = Instant.parse("2026-11-21T18:00:00Z");
    private static final ComputeHardware HW = ComputeHardware.HW3;

    @Test
    void theGateNeverLetsAForbiddenCarComputeNorOverrunsTheBudget() {
        var random = new Random(20261122L);
        long eligibleSeconds = 0;
        for (int i = 0; i < TIMELINES; i++) {
            eligibleSeconds += replay(randomTimeline(random), randomPolicy(random));
        }
        assertThat(eligibleSeconds).as("the property is not vacuous: cars did compute").isPositive();
    }

    /** @return seconds the car computed */
    private static long replay(VehicleTimeline timeline, OwnerPolicy policy) {
        var clock = new SettableClock(timeline.start());
        var energy = new EnergyAccount(HW, policy.zone(), clock,
                () -> Duration.between(timeline.start(), clock.instant()).toNanos());
        var signals = new ScriptedTimeline(timeline, clock);
        var gate = new PolicyGate(policy, signals, energy, clock);
        long computed = 0;
        boolean batchRunning = false;
        while (clock.instant().isBefore(timeline.end())) {
            Eligibility decision = gate.decide();
            if (decision.isEligible()) {
                assertAllowed(signals.current(), policy, energy);
                if (!batchRunning) {
                    energy.batchStarted();
                    batchRunning = true;
                }
                computed++;
            } else if (batchRunning) {
                energy.batchEnded(); // the watchdog aborted the batch
                batchRunning = false;
            }
            clock.advance(Duration.ofSeconds(1));
            assertWithinBudget(policy, energy);
        }
        return computed;
    }

    private static void assertAllowed(VehicleState state, OwnerPolicy policy, EnergyAccount energy) {
        assertThat(state.parked()).as("parked at %s", state.at()).isTrue();
        assertThat(SafetyRules.first(state)).isEmpty();
        assertThat(policy.optedIn()).isTrue();
        if (policy.requirePluggedIn()) {
            assertThat(state.chargingCableConnected()).as("plugged in at %s", state.at()).isTrue();
        }
        assertThat(state.stateOfChargePercent()).isGreaterThanOrEqualTo(policy.minStateOfChargePercent());
        assertThat(state.computeTemperatureC()).isLessThan(policy.maxComputeTemperatureC());
        assertThat(state.packTemperatureC()).isLessThan(policy.maxPackTemperatureC());
        assertWithinBudget(policy, energy);
    }

    private static void assertWithinBudget(OwnerPolicy policy, EnergyAccount energy) {
        if (policy.dailyEnergyBudgetKwh() != null) {
            assertThat(energy.kwhToday()).isLessThanOrEqualTo(policy.dailyEnergyBudgetKwh() + 1e-12);
        }
    }

    private static OwnerPolicy randomPolicy(Random random) {
        return OwnerPolicy.builder()
                .optedIn(random.nextInt(10) > 0)
                .requirePluggedIn(random.nextBoolean())
                .minStateOfChargePercent(random.nextInt(80))
                .dailyEnergyBudgetKwh(random.nextBoolean() ? null : random.nextDouble() * 0.02)
                .build();
    }

    /** Segments of 10 s to 5 min, each a random mix of gear, speed, plug, charge, heat, occupancy and locks. */
    private static VehicleTimeline randomTimeline(Random random) {
        List<TimedState> entries = new ArrayList<>();
        Instant at = START.plusSeconds(random.nextInt(86_400));
        for (int s = 0; s < SEGMENTS; s++) {
            entries.add(new TimedState(at, randomState(random, at)));
            at = at.plusSeconds(10 + random.nextInt(290));
        }
        entries.add(new TimedState(at, VehicleState.parkedIdle(at, 80, true)));
        return new VehicleTimeline(entries);
    }

    private static VehicleState randomState(Random random, Instant at) {
        boolean parkedMostly = random.nextInt(4) > 0;
        var state = VehicleState.parkedIdle(at, 10 + random.nextInt(90), random.nextInt(3) > 0).toBuilder()
                .selectedGear(parkedMostly ? Gear.PARK : (random.nextBoolean() ? Gear.DRIVE : Gear.NEUTRAL))
                .speedKmh(random.nextInt(6) == 0 ? random.nextDouble() * 100 : 0)
                .packTemperatureC(15 + random.nextDouble() * 40)
                .computeTemperatureC(30 + random.nextDouble() * 70)
                .driverSeatOccupied(random.nextInt(8) == 0)
                .driverDoorLocked(random.nextInt(8) > 0);
        if (random.nextInt(5) == 0) {
            state.nextDeparture(at.plus(Duration.ofMinutes(random.nextInt(120))));
        }
        return state.build();
    }

    /** Wall time and monotonic time moving together, a second per step. */
}
