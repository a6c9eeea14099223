package io.terafleet.core.vehicle;

import static org.assertj.core.api.Assertions.assertThat;

import java.time.Instant;
import java.util.HashMap;
import java.util.Map;
import java.util.Set;
import java.util.function.Function;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.Arguments;
import org.junit.jupiter.params.provider.MethodSource;

class VssSnapshotTest {
    private static final Instant T0 = Instant.parse("2026-11-21T06:00:00Z");
    private static final Instant T1 = Instant.parse("2026-11-21T06:00:05Z");
    private static final VehicleState BEFORE = VehicleState.unknown(T0);

    private static Arguments field(String path, Object raw, Function<VehicleState, Object> read, Object expected) {
        return Arguments.of(path, raw, read, expected);
    }

    /** One row per field of {@link VehicleState}: the VSS value as JSON carries it and what the record holds. */
    static Stream<Arguments> everyField() {
        return Stream.of(
                field(VssPaths.SPEED, 12.5, VehicleState::speedKmh, 12.5),
                field(VssPaths.SELECTED_GEAR, 126, VehicleState::selectedGear, Gear.PARK),
                field(VssPaths.STATE_OF_CHARGE, 67.5, VehicleState::stateOfChargePercent, 67.5),
                field(VssPaths.IS_CHARGING, true, VehicleState::charging, true),
                field(VssPaths.CHARGE_LIMIT, 90, VehicleState::chargeLimitPercent, 90.0),
                field(VssPaths.CHARGING_POWER, 11.0, VehicleState::chargingPowerKw, 11.0),
                field(VssPaths.IS_CHARGING_CABLE_CONNECTED, true, VehicleState::chargingCableConnected, true),
                field(VssPaths.PACK_TEMPERATURE, 31.5, VehicleState::packTemperatureC, 31.5),
                field(VssPaths.COMPUTE_TEMPERATURE, 55, VehicleState::computeTemperatureC, 55.0),
                field(VssPaths.DRIVER_SEAT_OCCUPIED, false, VehicleState::driverSeatOccupied, false),
                field(VssPaths.DRIVER_DOOR_LOCKED, true, VehicleState::driverDoorLocked, true),
                field(VssPaths.CONNECTIVITY, "CELLULAR", VehicleState::connectivity, Connectivity.CELLULAR),
                field(VssPaths.CHARGE_TIMER_MODE, "END_TIME", VehicleState::chargeTimerMode, ChargeTimerMode.END_TIME),
                field(VssPaths.CHARGE_TIMER_TIME, "2026-11-22T07:30:00Z", VehicleState::chargeTimerTime,
                        Instant.parse("2026-11-22T07:30:00Z")),
                field(VssPaths.SOLAR_SURPLUS_POWER, 2.4, VehicleState::solarSurplusKw, 2.4),
                field(VssPaths.NET_CAPACITY, 82, VehicleState::batteryCapacityKwh, 82.0));
    }

    @ParameterizedTest(name = "{0}")
    @MethodSource("everyField")
    void everyPathSetsItsField(String path, Object raw, Function<VehicleState, Object> read, Object expected) {
        var applied = (VssUpdate.Applied) VssSnapshot.apply(BEFORE, Map.of(path, raw), T1);
        assertThat(read.apply(applied.state())).isEqualTo(expected);
        assertThat(applied.state().at()).isEqualTo(T1);
        // Every other field kept its previous value.
        var others = new HashMap<>(VssSnapshot.toSignals(applied.state()));
        var before = new HashMap<>(VssSnapshot.toSignals(BEFORE));
        others.remove(path);
        before.remove(path);
        assertThat(others).isEqualTo(before);
    }

    @Test
    void everyFieldHasAPathAndTheListIsComplete() {
        assertThat(everyField().map(a -> a.get()[0])).containsExactlyElementsOf(VssPaths.ALL);
        assertThat(VssSnapshot.toSignals(BEFORE).keySet()).containsExactlyElementsOf(VssPaths.ALL);
        assertThat(VssPaths.ALL).doesNotHaveDuplicates().hasSize(VehicleState.class.getRecordComponents().length - 1);
    }

    @Test
    void aFullSnapshotRoundTrips() {
        var state = VehicleState.parkedIdle(T0, 63, true).toBuilder().charging(true).chargingPowerKw(7.4)
                .nextDeparture(Instant.parse("2026-11-22T07:30:00Z")).solarSurplusKw(1.2).connectivity(Connectivity.WIFI)
                .packTemperatureC(28).computeTemperatureC(47).batteryCapacityKwh(60).build();
        var applied = (VssUpdate.Applied) VssSnapshot.apply(VehicleState.unknown(T0), VssSnapshot.toSignals(state), T0);
        assertThat(applied.state()).isEqualTo(state);
    }

    @Test
    void partialUpdatesKeepWhatWasNotSent() {
        var parked = VehicleState.parkedIdle(T0, 63, true);
        var applied = (VssUpdate.Applied) VssSnapshot.apply(parked, Map.of(VssPaths.SPEED, 3), T1);
        assertThat(applied.state()).isEqualTo(parked.toBuilder().at(T1).speedKmh(3).build());
    }

    @Test
    void explicitNullClearsOptionalSignals() {
        var withSolar = VehicleState.parkedIdle(T0, 63, true).toBuilder().solarSurplusKw(3.0)
                .chargeTimerTime(T1).build();
        var signals = new HashMap<String, Object>();
        signals.put(VssPaths.SOLAR_SURPLUS_POWER, null);
        signals.put(VssPaths.CHARGE_TIMER_TIME, null);
        var applied = (VssUpdate.Applied) VssSnapshot.apply(withSolar, signals, T1);
        assertThat(applied.state().solarSurplusKw()).isNull();
        assertThat(applied.state().chargeTimerTime()).isNull();
    }

    @Test
    void wrongTypesAreRejectedNamingThePathAndNothingIsApplied() {
        var signals = new HashMap<String, Object>();
        signals.put(VssPaths.STATE_OF_CHARGE, 70);
        signals.put(VssPaths.SPEED, "fast");
        assertThat(VssSnapshot.apply(BEFORE, signals, T1))
                .isEqualTo(new VssUpdate.Rejected(VssPaths.SPEED, "must be a number, was \"fast\""));
        assertThat(rejected(VssPaths.DRIVER_DOOR_LOCKED, 1).problem()).isEqualTo("must be a boolean, was 1");
        assertThat(rejected(VssPaths.SELECTED_GEAR, 1.5).problem()).isEqualTo("must be an integer, was 1.5");
        assertThat(rejected(VssPaths.CONNECTIVITY, "LTE").problem()).contains("WIFI, CELLULAR, NONE");
        assertThat(rejected(VssPaths.CHARGE_TIMER_TIME, "tomorrow").problem()).contains("ISO-8601");
        assertThat(rejected(VssPaths.IS_CHARGING, null).problem()).isEqualTo("must not be null");
    }

    @Test
    void outOfRangeValuesAreRejectedNamingThePath() {
        var rejection = rejected(VssPaths.STATE_OF_CHARGE, 120);
        assertThat(rejection.message()).isEqualTo(VssPaths.STATE_OF_CHARGE + ": must be within 0..100, was 120.0");
        assertThat(rejected(VssPaths.SELECTED_GEAR, 300).path()).isEqualTo(VssPaths.SELECTED_GEAR);
    }

    @Test
    void pathsTerafleetDoesNotReadAreIgnoredAndReported() {
        var applied = (VssUpdate.Applied) VssSnapshot.apply(BEFORE,
                Map.of("Vehicle.Cabin.HVAC.AmbientAirTemperature", 21, VssPaths.SPEED, 0), T1);
        assertThat(applied.ignoredPaths()).isEqualTo(Set.of("Vehicle.Cabin.HVAC.AmbientAirTemperature"));
    }

    @Test
    void timesWithAnOffsetAreAccepted() {
        var applied = (VssUpdate.Applied) VssSnapshot.apply(BEFORE,
                Map.of(VssPaths.CHARGE_TIMER_TIME, "2026-11-22T08:30:00+01:00"), T1);
        assertThat(applied.state().chargeTimerTime()).isEqualTo(Instant.parse("2026-11-22T07:30:00Z"));
    }

    private static VssUpdate.Rejected rejected(String path, Object value) {
        var signals = new HashMap<String, Object>();
        signals.put(path, value);
        return (VssUpdate.Rejected) VssSnapshot.apply(BEFORE, signals, T1);
    }
}
