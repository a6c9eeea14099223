package io.terafleet.agent.policy;

import io.terafleet.core.time.SettableClock;
import static org.assertj.core.api.Assertions.assertThat;

import io.terafleet.agent.signals.OwnerDayGenerator;
import io.terafleet.agent.signals.ScriptedTimeline;
import io.terafleet.core.energy.ComputeHardware;
import io.terafleet.core.energy.DailyEnergyMeter;
import io.terafleet.core.policy.OwnerPolicy;
import io.terafleet.core.policy.PolicyEvaluator;
import io.terafleet.core.policy.UsageSoFar;
import io.terafleet.core.vehicle.Eligibility;
import io.terafleet.core.vehicle.VehicleState;
import java.time.Duration;
import java.time.Instant;
import java.time.LocalDate;
import java.time.ZoneId;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

/**
 * The decision model over generated owner weeks, replayed minute by minute through {@link ScriptedTimeline}: the
 * car never computes while it is not parked (I1), never past its daily budget, and still finds time to compute.
 */
class GeneratedDaysDecisionTest {
    private static final ZoneId BERLIN = ZoneId.of("Europe/Berlin");
    private static final LocalDate MONDAY = LocalDate.of(2026, 11, 16);
    private static final Duration TICK = Duration.ofMinutes(1);

    @ParameterizedTest
    @ValueSource(longs = {1, 2, 3, 4, 5, 6})
    void aWeekOfOwnerDaysUnderTheDefaultPolicy(long seed) {
        var timeline = new OwnerDayGenerator(seed, BERLIN).generate(MONDAY, 7);
        var clock = new SettableClock(MONDAY.atStartOfDay(BERLIN).toInstant());
        var signals = new ScriptedTimeline(timeline, clock);
        var policy = OwnerPolicy.builder().optedIn(true).zone(BERLIN).dailyEnergyBudgetKwh(2.0).build();
        var evaluator = new PolicyEvaluator(ComputeHardware.HW4);
        var meter = new DailyEnergyMeter(BERLIN);
        long eligibleMinutes = 0;
        for (int minute = 0; minute < 7 * 24 * 60; minute++) {
            Instant now = clock.instant();
            VehicleState state = signals.current();
            var usage = new UsageSoFar(meter.kwhToday(now), 0);
            Eligibility decision = evaluator.decide(state, policy, usage, now);
            if (decision.isEligible()) {
                assertThat(state.parked()).isTrue();
                meter.add(now, now.plus(TICK), ComputeHardware.HW4.watts());
                assertThat(meter.kwhToday(now)).as("the daily budget is never exceeded").isLessThanOrEqualTo(2.0 + 1e-9);
                eligibleMinutes++;
            }
            clock.advance(TICK);
        }
        assertThat(eligibleMinutes).as("minutes this car computed in a week").isPositive();
        assertThat(eligibleMinutes * ComputeHardware.HW4.watts() / 60 / 1000).isLessThanOrEqualTo(7 * 2.0 + 1e-9);
    }

    /** Moves a minute at a time, as an agent's loop would see the hours of a week go by. */
}
