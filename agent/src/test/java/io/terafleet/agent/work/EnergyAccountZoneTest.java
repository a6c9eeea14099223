package io.terafleet.agent.work;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.within;

import io.terafleet.core.energy.ComputeHardware;
import io.terafleet.core.time.SettableClock;
import java.time.Duration;
import java.time.Instant;
import java.time.ZoneId;
import java.util.concurrent.atomic.AtomicLong;
import org.junit.jupiter.api.Test;

/**
 * The daily budget's day follows the zone of the policy the agent applies now, not the one it started with: a
 * delivered policy in another zone moves the next midnight, and the energy already metered is neither lost nor
 * counted twice. Time is an injected clock and a simulated monotonic clock.
 */
class EnergyAccountZoneTest {
    private static final ComputeHardware HW = new ComputeHardware("test-1kW", 1000);

    @Test
    void theBudgetDayMovesWithTheAppliedPolicysZone() {
        var clock = new SettableClock(Instant.parse("2026-11-21T21:00:00Z"));
        var nanos = new AtomicLong();
        var energy = new EnergyAccount(HW, ZoneId.of("Europe/Berlin"), clock, nanos::get);
        compute(energy, clock, nanos, Duration.ofMinutes(30)); // 21:00-21:30Z = 22:00-22:30 in Berlin
        assertThat(energy.kwhToday()).isCloseTo(0.5, within(1e-9));

        // The owner moves the car to New York (UTC-5): at 21:30Z it is 16:30 there, the same day: 0.5 kWh stays.
        energy.zone(ZoneId.of("America/New_York"));
        assertThat(energy.kwhToday()).isCloseTo(0.5, within(1e-9));

        // 23:00Z is midnight in Berlin but not in New York: the day goes on and counts on.
        clock.set(Instant.parse("2026-11-21T23:00:00Z"));
        compute(energy, clock, nanos, Duration.ofMinutes(30));
        assertThat(energy.kwhToday()).isCloseTo(1.0, within(1e-9));

        // 05:00Z is New York's midnight: a new budget day.
        clock.set(Instant.parse("2026-11-22T05:00:00Z"));
        assertThat(energy.kwhToday()).isZero();
        compute(energy, clock, nanos, Duration.ofMinutes(15));
        assertThat(energy.kwhToday()).isCloseTo(0.25, within(1e-9));
    }

    @Test
    void aBatchInFlightAcrossTheChangeIsCountedOnce() {
        var clock = new SettableClock(Instant.parse("2026-11-21T12:00:00Z"));
        var nanos = new AtomicLong();
        var energy = new EnergyAccount(HW, ZoneId.of("UTC"), clock, nanos::get);
        energy.batchStarted();
        clock.advance(Duration.ofMinutes(6));
        nanos.addAndGet(Duration.ofMinutes(6).toNanos());
        energy.zone(ZoneId.of("Asia/Tokyo")); // 21:06 in Tokyo, the same local day as the batch's start
        assertThat(energy.kwhToday()).isCloseTo(0.1, within(1e-9));
        clock.advance(Duration.ofMinutes(6));
        nanos.addAndGet(Duration.ofMinutes(6).toNanos());
        energy.batchEnded();
        assertThat(energy.kwhToday()).isCloseTo(0.2, within(1e-9));
    }

    private static void compute(EnergyAccount energy, SettableClock clock, AtomicLong nanos, Duration time) {
        energy.batchStarted();
        clock.advance(time);
        nanos.addAndGet(time.toNanos());
        energy.batchEnded();
    }
}
