package io.terafleet.core.energy;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.within;

import java.time.Instant;
import java.time.ZoneId;
import org.junit.jupiter.api.Test;

class DailyEnergyMeterTest {
    private static final ZoneId BERLIN = ZoneId.of("Europe/Berlin");

    private static Instant at(String instant) {
        return Instant.parse(instant);
    }

    @Test
    void energyAddsUpWithinALocalDayAndResetsAtLocalMidnight() {
        var meter = new DailyEnergyMeter(BERLIN);
        meter.add(at("2026-11-21T20:00:00Z"), at("2026-11-21T21:00:00Z"), 1000); // 21:00-22:00 CET
        meter.addKwh(at("2026-11-21T22:30:00Z"), 0.5);                              // 23:30 CET
        assertThat(meter.kwhToday(at("2026-11-21T22:59:59Z"))).isCloseTo(1.5, within(1e-9));
        // 23:00Z is midnight in Berlin, not in UTC.
        assertThat(meter.kwhToday(at("2026-11-21T23:00:00Z"))).isZero();
        meter.addKwh(at("2026-11-21T23:10:00Z"), 0.2);
        assertThat(meter.kwhToday(at("2026-11-21T23:30:00Z"))).isCloseTo(0.2, within(1e-9));
    }

    @Test
    void computeAcrossMidnightIsSplitBetweenTheDays() {
        var meter = new DailyEnergyMeter(BERLIN);
        meter.add(at("2026-11-21T22:00:00Z"), at("2026-11-22T00:30:00Z"), 1000); // 23:00-01:30 CET
        assertThat(meter.kwhToday(at("2026-11-22T01:00:00Z"))).isCloseTo(1.5, within(1e-9));
    }

    @Test
    void energyForADayAlreadyClosedIsDropped() {
        var meter = new DailyEnergyMeter(BERLIN);
        meter.addKwh(at("2026-11-22T10:00:00Z"), 1);
        meter.addKwh(at("2026-11-21T10:00:00Z"), 5);
        assertThat(meter.kwhToday(at("2026-11-22T11:00:00Z"))).isCloseTo(1, within(1e-9));
    }

    @Test
    void theShortDstDayIsStillOneBudgetDay() {
        var meter = new DailyEnergyMeter(BERLIN);
        // 2026-03-29 has 23 hours in Berlin: from 2026-03-28T23:00Z to 2026-03-29T22:00Z.
        meter.add(at("2026-03-28T23:00:00Z"), at("2026-03-29T22:00:00Z"), 100);
        assertThat(meter.kwhToday(at("2026-03-29T21:59:00Z"))).isCloseTo(2.3, within(1e-9));
        assertThat(meter.kwhToday(at("2026-03-29T22:00:00Z"))).isZero();
    }

    @Test
    void aNewZoneMovesTheDayBoundaryWithoutCountingAnythingTwiceOrLosingIt() {
        var meter = new DailyEnergyMeter(ZoneId.of("UTC"));
        meter.addKwh(at("2026-11-21T10:00:00Z"), 1.0);
        meter.addKwh(at("2026-11-21T22:30:00Z"), 0.5);
        assertThat(meter.kwhToday(at("2026-11-21T23:00:00Z"))).isCloseTo(1.5, within(1e-9));
        // 23:00Z is 08:00 on the 22nd in Tokyo, whose day began at 15:00Z: only the 22:30Z energy is that day's.
        meter.zone(ZoneId.of("Asia/Tokyo"));
        assertThat(meter.kwhToday(at("2026-11-21T23:00:00Z"))).isCloseTo(0.5, within(1e-9));
        meter.addKwh(at("2026-11-21T23:30:00Z"), 0.25);
        assertThat(meter.kwhToday(at("2026-11-21T23:45:00Z"))).isCloseTo(0.75, within(1e-9));
        // Back in UTC, the 21st holds everything it held before plus what came since, once each.
        meter.zone(ZoneId.of("UTC"));
        assertThat(meter.kwhToday(at("2026-11-21T23:59:00Z"))).isCloseTo(1.75, within(1e-9));
        assertThat(meter.kwhToday(at("2026-11-22T00:00:00Z"))).isZero();
    }

    @Test
    void aZoneWithAQuarterHourOffsetSplitsComputeAtItsOwnMidnight() {
        var kathmandu = ZoneId.of("Asia/Kathmandu"); // UTC+05:45: midnight is 18:15Z
        var meter = new DailyEnergyMeter(BERLIN);
        meter.add(at("2026-11-21T18:00:00Z"), at("2026-11-21T18:30:00Z"), 1000);
        meter.zone(kathmandu);
        assertThat(meter.kwhToday(at("2026-11-21T18:30:00Z"))).isCloseTo(0.25, within(1e-9));
        assertThat(meter.kwhToday(at("2026-11-21T18:14:00Z"))).isCloseTo(0.25, within(1e-9));
    }

    @Test
    void slotsOlderThanAnyLocalDayAreForgotten() {
        var meter = new DailyEnergyMeter(BERLIN);
        meter.addKwh(at("2026-11-20T10:00:00Z"), 3);
        meter.addKwh(at("2026-11-22T10:00:00Z"), 1);
        meter.zone(ZoneId.of("Pacific/Kiritimati")); // UTC+14
        assertThat(meter.kwhToday(at("2026-11-22T10:30:00Z"))).isCloseTo(1, within(1e-9));
        meter.addKwh(at("2026-11-20T11:00:00Z"), 7); // a closed day in every zone: dropped
        meter.zone(ZoneId.of("Pacific/Pago_Pago")); // UTC-11
        assertThat(meter.kwhToday(at("2026-11-22T10:30:00Z"))).isCloseTo(1, within(1e-9));
    }
}
