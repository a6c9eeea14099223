package io.terafleet.agent.policy;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.terafleet.core.policy.OwnerPolicy;
import io.terafleet.core.policy.Tariff;
import io.terafleet.core.policy.TariffBand;
import io.terafleet.core.policy.TimeWindow;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.ZoneId;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

class OwnerPolicyFileTest {
    private static final String EXAMPLE = """
            {
              "optedIn": true,
              "requirePluggedIn": true,
              "minStateOfChargePercent": 40,
              "chargeByDeparture": true,
              "departureMarginMinutes": 45,
              "maxPackTemperatureC": 45,
              "maxComputeTemperatureC": 80,
              "thermalHysteresisC": 5,
              "maxComputePowerWatts": 500,
              "dailyEnergyBudgetKwh": 8,
              "zone": "Europe/Berlin",
              "allowedWindows": ["22:00-07:00", "12:00-14:00"],
              "tariff": {"basePricePerKwh": 0.32, "bands": [{"window": "23:00-05:00", "pricePerKwh": 0.12}]},
              "maxPricePerKwh": 0.20,
              "solarSurplusOnly": false,
              "wifiOnlyTransfers": false,
              "monthlyCellularCapBytes": 500000000
            }
            """;

    @Test
    void readsEveryField() {
        OwnerPolicy policy = OwnerPolicyFile.parse(EXAMPLE);
        assertThat(policy).isEqualTo(OwnerPolicy.builder().optedIn(true).minStateOfChargePercent(40)
                .departureMarginMinutes(45).maxComputeTemperatureC(80).maxComputePowerWatts(500)
                .dailyEnergyBudgetKwh(8.0).zone(ZoneId.of("Europe/Berlin"))
                .allowedWindows(List.of(TimeWindow.parse("22:00-07:00"), TimeWindow.parse("12:00-14:00")))
                .tariff(new Tariff(0.32, List.of(new TariffBand(TimeWindow.parse("23:00-05:00"), 0.12))))
                .maxPricePerKwh(0.20).wifiOnlyTransfers(false).monthlyCellularCapBytes(500_000_000L).build());
    }

    @Test
    void missingFieldsTakeTheDefaultsAndNullClearsOptionalLimits() {
        assertThat(OwnerPolicyFile.parse("{}")).isEqualTo(OwnerPolicy.defaults());
        var policy = OwnerPolicyFile.parse("{\"optedIn\": true, \"dailyEnergyBudgetKwh\": null}");
        assertThat(policy.optedIn()).isTrue();
        assertThat(policy.dailyEnergyBudgetKwh()).isNull();
        assertThat(policy.minStateOfChargePercent()).isEqualTo(OwnerPolicy.defaults().minStateOfChargePercent());
    }

    @Test
    void formattedPoliciesReadBackTheSame() {
        OwnerPolicy policy = OwnerPolicyFile.parse(EXAMPLE);
        assertThat(OwnerPolicyFile.parse(OwnerPolicyFile.format(policy))).isEqualTo(policy);
        assertThat(OwnerPolicyFile.parse(OwnerPolicyFile.format(OwnerPolicy.defaults())))
                .isEqualTo(OwnerPolicy.defaults());
    }

    @ParameterizedTest(name = "{0}")
    @CsvSource(delimiter = '|', textBlock = """
            {"minStateOfChargePercent": 120}        | minStateOfChargePercent: must be within 0..100, was 120
            {"minStateOfChargePercent": "half"}     | minStateOfChargePercent: must be a number, was "half"
            {"optedIn": "yes"}                      | optedIn: must be true or false, was "yes"
            {"departureMarginMinutes": 2.5}         | departureMarginMinutes: must be a whole number, was 2.5
            {"maxComputePowerWatts": 0}             | maxComputePowerWatts: must be > 0, was 0
            {"zone": "Mars/Olympus"}                | zone: not a known time zone such as "Europe/Berlin", was "Mars/Olympus"
            {"allowedWindows": ["9-5"]}             | allowedWindows[0]: must look like "22:00-06:00", was "9-5"
            {"allowedWindows": "22:00-06:00"}       | allowedWindows: must be an array, was "22:00-06:00"
            {"maxPricePerKwh": 0.2}                 | maxPricePerKwh: needs a tariff to compare against, tariff is not set
            {"tariff": {"bands": []}}               | tariff.basePricePerKwh: is required
            {"tariff": {"basePricePerKwh": 0.3, "bands": [{"window": "22:00-06:00", "pricePerKwh": -1}]}} | tariff.bands[0].pricePerKwh: must be ≥ 0, was -1.0
            {"tariff": {"basePricePerKwh": 0.3, "bands": [{"window": "22:00-06:00", "pricePerKwh": 0.1}, {"window": "05:00-07:00", "pricePerKwh": 0.2}]}} | tariff.bands[1]: 05:00-07:00 overlaps bands[0] 22:00-06:00
            {"tariff": {"basePricePerKwh": 0.3, "fee": 1}} | tariff.fee: unknown field; known fields are [bands, basePricePerKwh]
            {"monthlyCellularCapBytes": -1}         | monthlyCellularCapBytes: must be ≥ 0, was -1
            [1, 2]                                  | the policy must be a JSON object, was [1,2]
            """)
    void errorsNameTheField(String json, String message) {
        assertThatThrownBy(() -> OwnerPolicyFile.parse(json)).isInstanceOf(PolicyFileException.class)
                .hasMessage(message);
    }

    @Test
    void unknownFieldsAreErrorsNamingThem() {
        assertThatThrownBy(() -> OwnerPolicyFile.parse("{\"optedIn\": true, \"minSoc\": 20, \"parked\": false}"))
                .isInstanceOf(PolicyFileException.class)
                .hasMessageStartingWith("minSoc, parked: unknown fields; known fields are [allowedWindows,");
    }

    @Test
    void invalidJsonSaysSo() {
        assertThatThrownBy(() -> OwnerPolicyFile.parse("{\"optedIn\": tru")).hasMessageStartingWith("not valid JSON");
        assertThatThrownBy(() -> OwnerPolicyFile.parse("  ")).hasMessageContaining("empty");
    }

    @Test
    void loadingAFileNamesTheFile(@TempDir Path dir) throws Exception {
        Path file = dir.resolve("policy.json");
        Files.writeString(file, EXAMPLE);
        assertThat(OwnerPolicyFile.load(file).optedIn()).isTrue();
        Files.writeString(file, "{\"minStateOfChargePercent\": 120}");
        assertThatThrownBy(() -> OwnerPolicyFile.load(file))
                .hasMessage(file + ": minStateOfChargePercent: must be within 0..100, was 120");
    }
}
