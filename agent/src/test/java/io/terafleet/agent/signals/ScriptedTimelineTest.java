package io.terafleet.agent.signals;

import io.terafleet.core.time.SettableClock;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.terafleet.core.vehicle.ChargeTimerMode;
import io.terafleet.core.vehicle.Gear;
import io.terafleet.core.vehicle.VehicleState;
import io.terafleet.core.vehicle.VssPaths;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class ScriptedTimelineTest {
    private static final Instant ORIGIN = Instant.parse("2026-11-21T06:00:00Z");

    private static final List<String> SCRIPT = List.of(
            """
            {"t": "2026-11-21T06:00:00Z", "signals": {"Vehicle.Speed": 0, "Vehicle.Powertrain.Transmission.SelectedGear": 126, \
            "Vehicle.Powertrain.TractionBattery.StateOfCharge.Current": 72.5, "Vehicle.Cabin.Seat.Row1.DriverSide.IsOccupied": false, \
            "Vehicle.Cabin.Door.Row1.DriverSide.IsLocked": true, "Vehicle.Powertrain.TractionBattery.Charging.IsChargingCableConnected": true, \
            "Vehicle.Powertrain.TractionBattery.Charging.Timer.Mode": "END_TIME", \
            "Vehicle.Powertrain.TractionBattery.Charging.Timer.Time": "2026-11-21T07:30:00Z"}}""",
            "",
            "{\"t\": 3600, \"signals\": {\"Vehicle.Cabin.Door.Row1.DriverSide.IsLocked\": false}}",
            "{\"t\": \"2026-11-21T07:02:00Z\", \"signals\": {\"Vehicle.Cabin.Seat.Row1.DriverSide.IsOccupied\": true}}",
            "{\"t\": 5400.5, \"signals\": {\"Vehicle.Powertrain.Transmission.SelectedGear\": 127, \"Vehicle.Speed\": 32.5}}");

    @Test
    void replaysTheLatestLineAtOrBeforeTheClockWithEarlierValuesCarriedForward() {
        var clock = new SettableClock(ORIGIN.minusSeconds(1));
        var signals = new ScriptedTimeline(TimelineFile.parse(SCRIPT, ORIGIN), clock);

        assertThat(signals.current()).isEqualTo(VehicleState.unknown(clock.instant()));

        clock.set(ORIGIN);
        VehicleState parked = signals.current();
        assertThat(parked.parked()).isTrue();
        assertThat(parked.stateOfChargePercent()).isEqualTo(72.5);
        assertThat(parked.chargeTimerMode()).isEqualTo(ChargeTimerMode.END_TIME);
        assertThat(parked.nextDeparture()).contains(Instant.parse("2026-11-21T07:30:00Z"));

        clock.advance(Duration.ofMinutes(59));
        assertThat(signals.current()).isEqualTo(parked);

        clock.set(ORIGIN.plusSeconds(3600));
        assertThat(signals.current().driverDoorLocked()).isFalse();
        assertThat(signals.current().stateOfChargePercent()).isEqualTo(72.5);

        clock.set(Instant.parse("2026-11-21T07:29:00Z"));
        assertThat(signals.current().driverSeatOccupied()).isTrue();
        assertThat(signals.current().selectedGear()).isEqualTo(Gear.PARK);

        clock.set(ORIGIN.plusSeconds(5400).plusMillis(500));
        VehicleState driving = signals.current();
        assertThat(driving.selectedGear()).isEqualTo(Gear.DRIVE);
        assertThat(driving.speedKmh()).isEqualTo(32.5);
        assertThat(driving.at()).isEqualTo(ORIGIN.plusSeconds(5400).plusMillis(500));
        assertThat(driving.chargingCableConnected()).as("carried forward from line 1").isTrue();

        clock.advance(Duration.ofDays(3));
        assertThat(signals.current()).isEqualTo(driving);
    }

    @Test
    void loadsAFileAndNamesTheFileLineAndFieldOfAnError(@TempDir Path dir) throws Exception {
        Path good = dir.resolve("day.jsonl");
        Files.write(good, SCRIPT);
        var clock = new SettableClock(ORIGIN.plusSeconds(3600));
        assertThat(ScriptedTimeline.load(good, ORIGIN, clock).current().driverDoorLocked()).isFalse();

        Path bad = dir.resolve("bad.jsonl");
        Files.write(bad, List.of(SCRIPT.get(0), "{\"t\": 60, \"signals\": {\"Vehicle.Speed\": \"fast\"}}"));
        assertThatThrownBy(() -> ScriptedTimeline.load(bad, ORIGIN, clock))
                .isInstanceOf(TimelineFormatException.class)
                .hasMessage(bad + ": line 2: Vehicle.Speed: must be a number, was \"fast\"");
    }

    @Test
    void loadingErrorsNameTheLineAndField() {
        assertThat(error("{\"t\": 10, \"signals\": {}}", "{\"t\": 5, \"signals\": {}}"))
                .isEqualTo("line 2: t: 2026-11-21T06:00:05Z is before the previous line's 2026-11-21T06:00:10Z");
        assertThat(error("{\"signals\": {}}")).isEqualTo("line 1: t: is required");
        assertThat(error("{\"t\": \"7am\", \"signals\": {}}")).startsWith("line 1: t: must be an ISO-8601 time");
        assertThat(error("{\"t\": 0}")).isEqualTo("line 1: signals: must be an object of VSS path to value");
        assertThat(error("{\"t\": 0, \"signals\": {}, \"note\": 1}"))
                .isEqualTo("line 1: note: unknown field (a line has \"t\" and \"signals\")");
        assertThat(error("{\"t\": 0, \"signals\": {\"" + VssPaths.STATE_OF_CHARGE + "\": 130}}"))
                .isEqualTo("line 1: " + VssPaths.STATE_OF_CHARGE + ": must be within 0..100, was 130.0");
        assertThat(error("not json")).startsWith("line 1: json: not valid JSON");
    }

    @Test
    void aSecondsOffsetNeedsAnOrigin() {
        assertThatThrownBy(() -> TimelineFile.parse(List.of("{\"t\": 0, \"signals\": {}}"), null))
                .hasMessage("line 1: t: a seconds offset needs an origin; give a time");
    }

    @Test
    void aFormattedTimelineReadsBackTheSame() {
        var timeline = TimelineFile.parse(SCRIPT, ORIGIN);
        List<String> lines = TimelineFile.format(timeline);
        assertThat(lines.get(2)).isEqualTo("{\"t\":\"2026-11-21T07:02:00Z\",\"signals\":{\""
                + VssPaths.DRIVER_SEAT_OCCUPIED + "\":true}}");
        assertThat(TimelineFile.parse(lines, null)).isEqualTo(timeline);
    }

    private static String error(String... lines) {
        try {
            TimelineFile.parse(List.of(lines), ORIGIN);
        } catch (TimelineFormatException e) {
            return e.getMessage();
        }
        throw new AssertionError("no error for " + List.of(lines));
    }
}
