package io.terafleet.core.policy;

import static io.terafleet.core.policy.PolicyFixtures.eligibleState;
import static io.terafleet.core.policy.PolicyFixtures.evaluator;
import static io.terafleet.core.policy.PolicyFixtures.optedIn;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.terafleet.core.vehicle.Eligibility;
import java.time.Instant;
import java.time.LocalTime;
import java.time.ZoneId;
import java.util.List;
import org.junit.jupiter.api.Test;

class TimeWindowAndTariffTest {
    private static final ZoneId BERLIN = ZoneId.of("Europe/Berlin");

    @Test
    void aWindowAcrossMidnightContainsLateEveningAndEarlyMorning() {
        var night = TimeWindow.parse("22:00-06:00");
        assertThat(night.contains(LocalTime.of(22, 0))).isTrue();
        assertThat(night.contains(LocalTime.of(23, 59))).isTrue();
        assertThat(night.contains(LocalTime.MIDNIGHT)).isTrue();
        assertThat(night.contains(LocalTime.of(5, 59))).isTrue();
        assertThat(night.contains(LocalTime.of(6, 0))).isFalse();
        assertThat(night.contains(LocalTime.NOON)).isFalse();
        assertThat(TimeWindow.parse("09:00-17:00").contains(LocalTime.of(17, 0))).isFalse();
        assertThat(TimeWindow.parse("00:00-00:00").contains(LocalTime.of(13, 37))).isTrue();
        assertThat(night).hasToString("22:00-06:00");
    }

    @Test
    void badWindowTextSaysWhatItExpects() {
        assertThatThrownBy(() -> TimeWindow.parse("10pm-6am")).hasMessageContaining("22:00-06:00");
        assertThatThrownBy(() -> TimeWindow.parse("25:00-06:00")).hasMessageContaining("25:00-06:00");
    }

    @Test
    void windowsAreLocalTimeInTheOwnersZoneAcrossTheSpringDstChange() {
        // 2026-03-29: Berlin clocks jump from 02:00 CET to 03:00 CEST, so 01:00-03:00 lasts one real hour.
        var policy = optedIn().toBuilder().zone(BERLIN).allowedWindows(List.of(TimeWindow.parse("01:00-03:00")))
                .build();
        assertThat(eligibleAt(policy, "2026-03-28T23:59:00Z")).isFalse(); // 00:59 CET
        assertThat(eligibleAt(policy, "2026-03-29T00:00:00Z")).isTrue();  // 01:00 CET
        assertThat(eligibleAt(policy, "2026-03-29T00:59:00Z")).isTrue();  // 01:59 CET
        assertThat(eligibleAt(policy, "2026-03-29T01:00:00Z")).isFalse(); // 03:00 CEST
    }

    @Test
    void windowsAcrossTheAutumnDstChangeLastLonger() {
        // 2026-10-25: Berlin clocks fall back from 03:00 CEST to 02:00 CET, so 01:00-03:00 lasts three real hours.
        var policy = optedIn().toBuilder().zone(BERLIN).allowedWindows(List.of(TimeWindow.parse("01:00-03:00")))
                .build();
        assertThat(eligibleAt(policy, "2026-10-24T23:00:00Z")).isTrue();  // 01:00 CEST
        assertThat(eligibleAt(policy, "2026-10-25T00:30:00Z")).isTrue();  // 02:30 CEST
        assertThat(eligibleAt(policy, "2026-10-25T01:30:00Z")).isTrue();  // 02:30 CET, the second time
        assertThat(eligibleAt(policy, "2026-10-25T02:00:00Z")).isFalse(); // 03:00 CET
    }

    @Test
    void tariffBandsPriceTheirHoursAndTheBasePriceTheRest() {
        var tariff = new Tariff(0.30, List.of(new TariffBand(TimeWindow.parse("22:00-06:00"), 0.12),
                new TariffBand(TimeWindow.parse("17:00-20:00"), 0.45)));
        assertThat(tariff.priceAt(LocalTime.of(23, 30))).isEqualTo(0.12);
        assertThat(tariff.priceAt(LocalTime.of(3, 0))).isEqualTo(0.12);
        assertThat(tariff.priceAt(LocalTime.of(6, 0))).isEqualTo(0.30);
        assertThat(tariff.priceAt(LocalTime.of(18, 0))).isEqualTo(0.45);
        assertThat(tariff.priceAt(LocalTime.of(20, 0))).isEqualTo(0.30);
    }

    @Test
    void onlyBelowAPriceFollowsTheTariffInLocalTime() {
        var tariff = new Tariff(0.30, List.of(new TariffBand(TimeWindow.parse("23:00-05:00"), 0.10)));
        var policy = optedIn().toBuilder().zone(BERLIN).tariff(tariff).maxPricePerKwh(0.15).build();
        assertThat(eligibleAt(policy, "2026-11-21T22:00:00Z")).isTrue();  // 23:00 CET: cheap
        assertThat(eligibleAt(policy, "2026-11-21T21:59:00Z")).isFalse(); // 22:59 CET: base price
        assertThat(eligibleAt(policy, "2026-11-22T03:59:00Z")).isTrue();  // 04:59 CET
        assertThat(eligibleAt(policy, "2026-11-22T04:00:00Z")).isFalse(); // 05:00 CET
        // The night of the spring change: 23:00 CET to 05:00 CEST is only five real hours.
        assertThat(eligibleAt(policy, "2026-03-29T02:59:00Z")).isTrue();  // 04:59 CEST
        assertThat(eligibleAt(policy, "2026-03-29T03:00:00Z")).isFalse(); // 05:00 CEST
        assertThat(eligibleAt(policy.toBuilder().maxPricePerKwh(0.30).build(), "2026-11-21T12:00:00Z")).isTrue();
    }

    @Test
    void overlappingBandsAreRejectedNamingTheBand() {
        assertThatThrownBy(() -> new Tariff(0.3, List.of(new TariffBand(TimeWindow.parse("22:00-06:00"), 0.1),
                new TariffBand(TimeWindow.parse("05:00-07:00"), 0.2))))
                .hasMessage("bands[1]: 05:00-07:00 overlaps bands[0] 22:00-06:00");
    }

    private static boolean eligibleAt(OwnerPolicy policy, String instant) {
        Instant now = Instant.parse(instant);
        Eligibility decision = evaluator().decide(eligibleState(now), policy, UsageSoFar.NONE, now);
        return decision.isEligible();
    }
}
