package io.terafleet.core.vehicle;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.time.Instant;
import java.util.function.UnaryOperator;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.Arguments;
import org.junit.jupiter.params.provider.MethodSource;

class VehicleStateTest {
    private static final Instant T = Instant.parse("2026-11-21T08:00:00Z");

    @Test
    void parkedMeansInParkAndStandingStill() {
        var parked = VehicleState.parkedIdle(T, 60, true);
        assertThat(parked.parked()).isTrue();
        assertThat(parked.toBuilder().speedKmh(0.5).build().parked()).isFalse();
        assertThat(parked.toBuilder().speedKmh(-2).build().moving()).isTrue();
        assertThat(parked.toBuilder().selectedGear(Gear.NEUTRAL).build().parked()).isFalse();
    }

    @Test
    void theNextDepartureIsTheChargeTimerInEndTimeModeOnly() {
        var departure = Instant.parse("2026-11-22T07:30:00Z");
        var parked = VehicleState.parkedIdle(T, 60, true);
        assertThat(parked.nextDeparture()).isEmpty();
        assertThat(parked.toBuilder().nextDeparture(departure).build().nextDeparture()).contains(departure);
        assertThat(parked.toBuilder().chargeTimerMode(ChargeTimerMode.START_TIME).chargeTimerTime(departure).build()
                .nextDeparture()).isEmpty();
    }

    static Stream<Arguments> invalidFields() {
        return Stream.of(
                Arguments.of("speedKmh", (UnaryOperator<VehicleStateBuilder>) b -> b.speedKmh(Double.NaN)),
                Arguments.of("selectedGear", (UnaryOperator<VehicleStateBuilder>) b -> b.selectedGear(200)),
                Arguments.of("stateOfChargePercent", (UnaryOperator<VehicleStateBuilder>) b -> b.stateOfChargePercent(-1)),
                Arguments.of("chargeLimitPercent", (UnaryOperator<VehicleStateBuilder>) b -> b.chargeLimitPercent(101)),
                Arguments.of("chargingPowerKw", (UnaryOperator<VehicleStateBuilder>) b -> b.chargingPowerKw(-3)),
                Arguments.of("packTemperatureC", (UnaryOperator<VehicleStateBuilder>) b -> b.packTemperatureC(Double.POSITIVE_INFINITY)),
                Arguments.of("computeTemperatureC", (UnaryOperator<VehicleStateBuilder>) b -> b.computeTemperatureC(Double.NaN)),
                Arguments.of("connectivity", (UnaryOperator<VehicleStateBuilder>) b -> b.connectivity(null)),
                Arguments.of("chargeTimerMode", (UnaryOperator<VehicleStateBuilder>) b -> b.chargeTimerMode(null)),
                Arguments.of("solarSurplusKw", (UnaryOperator<VehicleStateBuilder>) b -> b.solarSurplusKw(-0.5)),
                Arguments.of("batteryCapacityKwh", (UnaryOperator<VehicleStateBuilder>) b -> b.batteryCapacityKwh(0)),
                Arguments.of("at", (UnaryOperator<VehicleStateBuilder>) b -> b.at(null)));
    }

    @ParameterizedTest(name = "{0}")
    @MethodSource("invalidFields")
    void invalidValuesNameTheirField(String field, UnaryOperator<VehicleStateBuilder> change) {
        var builder = change.apply(VehicleState.parkedIdle(T, 60, true).toBuilder());
        assertThatThrownBy(builder::build).hasMessageStartingWith(field + ":");
    }
}
