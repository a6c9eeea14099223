package io.terafleet.core.policy;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.time.Duration;
import java.time.ZoneId;
import java.util.function.UnaryOperator;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.Arguments;
import org.junit.jupiter.params.provider.MethodSource;

class OwnerPolicyTest {

    @Test
    void defaultsProtectTheOwner() {
        var defaults = OwnerPolicy.defaults();
        assertThat(defaults.optedIn()).isFalse();
        assertThat(defaults.requirePluggedIn()).isTrue();
        assertThat(defaults.minStateOfChargePercent()).isEqualTo(50);
        assertThat(defaults.chargeByDeparture()).isTrue();
        assertThat(defaults.departureMargin()).isEqualTo(Duration.ofMinutes(30));
        assertThat(defaults.maxComputePowerWatts()).isEqualTo(1000);
        assertThat(defaults.dailyEnergyBudgetKwh()).isEqualTo(10.0);
        assertThat(defaults.zone()).isEqualTo(ZoneId.of("UTC"));
        assertThat(defaults.allowedWindows()).isEmpty();
        assertThat(defaults.wifiOnlyTransfers()).isTrue();
        assertThat(OwnerPolicy.builder().build()).isEqualTo(defaults);
    }

    private static Arguments invalid(String message, UnaryOperator<OwnerPolicyBuilder> change) {
        return Arguments.of(message, change);
    }

    static Stream<Arguments> invalidSettings() {
        return Stream.of(
                invalid("minStateOfChargePercent: must be within 0..100, was 120", b -> b.minStateOfChargePercent(120)),
                invalid("departureMarginMinutes: must be within 0..1440, was -5", b -> b.departureMarginMinutes(-5)),
                invalid("maxPackTemperatureC: must be within 0..100, was 130", b -> b.maxPackTemperatureC(130)),
                invalid("maxComputeTemperatureC: must be within 0..150, was NaN", b -> b.maxComputeTemperatureC(Double.NaN)),
                invalid("thermalHysteresisC: must be within 0..50, was -1", b -> b.thermalHysteresisC(-1)),
                invalid("maxComputePowerWatts: must be > 0, was 0", b -> b.maxComputePowerWatts(0)),
                invalid("dailyEnergyBudgetKwh: must be ≥ 0, was -2", b -> b.dailyEnergyBudgetKwh(-2.0)),
                invalid("zone: must not be null", b -> b.zone(null)),
                invalid("allowedWindows: must not be null", b -> b.allowedWindows(null)),
                invalid("maxPricePerKwh: needs a tariff to compare against, tariff is not set",
                        b -> b.maxPricePerKwh(0.2)),
                invalid("maxPricePerKwh: must be ≥ 0, was -0.1", b -> b.tariff(Tariff.flat(0.3)).maxPricePerKwh(-0.1)),
                invalid("monthlyCellularCapBytes: must be ≥ 0, was -1", b -> b.monthlyCellularCapBytes(-1L)));
    }

    @ParameterizedTest(name = "{0}")
    @MethodSource("invalidSettings")
    void invalidSettingsNameTheField(String message, UnaryOperator<OwnerPolicyBuilder> change) {
        assertThatThrownBy(() -> change.apply(OwnerPolicy.builder()).build()).hasMessage(message);
    }
}
