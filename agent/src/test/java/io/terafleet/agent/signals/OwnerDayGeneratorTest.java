package io.terafleet.agent.signals;

import static org.assertj.core.api.Assertions.assertThat;

import io.terafleet.core.vehicle.VehicleState;
import java.time.DayOfWeek;
import java.time.Duration;
import java.time.Instant;
import java.time.LocalDate;
import java.time.LocalTime;
import java.time.ZoneId;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

class OwnerDayGeneratorTest {
    private static final ZoneId BERLIN = ZoneId.of("Europe/Berlin");
    private static final LocalDate MONDAY = LocalDate.of(2026, 11, 16);
    private static final int DAYS = 28;

    @ParameterizedTest
    @ValueSource(longs = {1, 7, 42, 2026})
    void theSameSeedGivesExactlyTheSameDays(long seed) {
        var first = new OwnerDayGenerator(seed, BERLIN).generate(MONDAY, 7);
        var second = new OwnerDayGenerator(seed, BERLIN).generate(MONDAY, 7);
        assertThat(second).isEqualTo(first);
        assertThat(TimelineFile.format(second)).isEqualTo(TimelineFile.format(first));
        assertThat(new OwnerDayGenerator(seed + 1, BERLIN).generate(MONDAY, 7)).isNotEqualTo(first);
    }

    @Test
    void daysArePlausibleAcrossManyOwners() {
        double parkedHours = 0;
        int nights = 0;
        int pluggedNights = 0;
        int owners = 40;
        for (long seed = 1; seed <= owners; seed++) {
            var timeline = new OwnerDayGenerator(seed, BERLIN).generate(MONDAY, DAYS);
            parkedHours += parkedMinutes(timeline) / 60.0;
            for (int day = 1; day < DAYS; day++) {
                Instant threeAm = MONDAY.plusDays(day).atTime(3, 0).atZone(BERLIN).toInstant();
                nights++;
                pluggedNights += timeline.stateAt(threeAm).chargingCableConnected() ? 1 : 0;
            }
        }
        assertThat(parkedHours / (owners * DAYS)).as("hours parked per day").isGreaterThanOrEqualTo(20);
        assertThat((double) pluggedNights / nights).as("share of nights plugged in").isBetween(0.3, 0.98);
    }

    @ParameterizedTest
    @ValueSource(longs = {3, 5, 8, 13, 21})
    void eachDayLooksLikeAnOwnersDay(long seed) {
        var generator = new OwnerDayGenerator(seed, BERLIN);
        var timeline = generator.generate(MONDAY, DAYS);
        for (TimedState entry : timeline.entries()) {
            VehicleState state = entry.state();
            assertThat(state.at()).isEqualTo(entry.at());
            if (state.moving()) {
                assertThat(state.driverSeatOccupied()).as("nobody drives from the back seat").isTrue();
                assertThat(state.chargingCableConnected()).as("nobody drives off plugged in").isFalse();
            }
            if (state.charging()) {
                assertThat(state.stateOfChargePercent()).isLessThanOrEqualTo(state.chargeLimitPercent());
            }
        }
        assertThat(timeline.stateAt(MONDAY.atTime(3, 0).atZone(BERLIN).toInstant()).parked()).isTrue();
        if (generator.owner().commuter()) {
            assertCommutes(timeline);
        }
    }

    @Test
    void weekendsDifferFromWeekdaysForCommuters() {
        long seed = commuterSeed();
        var timeline = new OwnerDayGenerator(seed, BERLIN).generate(MONDAY, DAYS);
        int weekdayMornings = 0;
        int weekendMornings = 0;
        for (int day = 0; day < DAYS; day++) {
            LocalDate date = MONDAY.plusDays(day);
            Instant tenAm = date.atTime(10, 0).atZone(BERLIN).toInstant();
            boolean atWork = timeline.stateAt(tenAm).parked() && !timeline.stateAt(tenAm).connectivity().name()
                    .equals("WIFI");
            boolean weekend = date.getDayOfWeek() == DayOfWeek.SATURDAY || date.getDayOfWeek() == DayOfWeek.SUNDAY;
            if (weekend) {
                weekendMornings += atWork ? 1 : 0;
            } else {
                weekdayMornings += atWork ? 1 : 0;
            }
        }
        assertThat(weekdayMornings).as("weekday 10:00 away from home").isGreaterThanOrEqualTo(18);
        assertThat(weekendMornings).as("weekend 10:00 away from home").isLessThan(8);
    }

    /** On every weekday the car first leaves home between 07:30 and 08:30 (or later after a late-night trip). */
    private static void assertCommutes(VehicleTimeline timeline) {
        for (int day = 0; day < DAYS; day++) {
            LocalDate date = MONDAY.plusDays(day);
            if (date.getDayOfWeek() == DayOfWeek.SATURDAY || date.getDayOfWeek() == DayOfWeek.SUNDAY) {
                continue;
            }
            Instant departure = firstMoving(timeline, date.atTime(5, 0).atZone(BERLIN).toInstant());
            LocalTime local = departure.atZone(BERLIN).toLocalTime();
            assertThat(local).isBetween(LocalTime.of(7, 30), LocalTime.of(8, 40));
        }
    }

    private static Instant firstMoving(VehicleTimeline timeline, Instant from) {
        return timeline.entries().stream().filter(e -> !e.at().isBefore(from) && e.state().moving())
                .findFirst().orElseThrow().at();
    }

    private static long parkedMinutes(VehicleTimeline timeline) {
        Instant start = MONDAY.atStartOfDay(BERLIN).toInstant();
        long parked = 0;
        for (Instant t = start; t.isBefore(start.plus(Duration.ofDays(DAYS))); t = t.plus(Duration.ofMinutes(1))) {
            parked += timeline.stateAt(t).parked() ? 1 : 0;
        }
        return parked;
    }

    private static long commuterSeed() {
        for (long seed = 1; ; seed++) {
            if (new OwnerDayGenerator(seed, BERLIN).owner().commuter()) {
                return seed;
            }
        }
    }
}
