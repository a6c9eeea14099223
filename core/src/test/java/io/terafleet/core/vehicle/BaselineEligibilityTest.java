package io.terafleet.core.vehicle;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.time.Instant;
import java.util.Random;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

class BaselineEligibilityTest {
    private static final Instant T = Instant.parse("2026-11-21T08:00:00Z");

    @Test
    void parkedAndPluggedInMayCompute() {
        assertThat(BaselineEligibility.decide(VehicleState.parkedIdle(T, 50, true), true).isEligible()).isTrue();
    }

    @Test
    void unpluggedMayComputeOnlyWhenTheOwnerAllowsIt() {
        var unplugged = VehicleState.parkedIdle(T, 50, false);
        assertThat(BaselineEligibility.decide(unplugged, true))
                .isEqualTo(new Eligibility.NotEligible("not_plugged_in", "the car is not plugged in"));
        assertThat(BaselineEligibility.decide(unplugged, false).isEligible()).isTrue();
    }

    @Test
    void safetyRulesComeBeforePluggedIn() {
        var parked = VehicleState.parkedIdle(T, 50, false);
        assertThat(reason(parked.toBuilder().selectedGear(Gear.DRIVE).build())).isEqualTo("not_parked");
        assertThat(reason(parked.toBuilder().speedKmh(4).build())).isEqualTo("moving");
        assertThat(reason(parked.toBuilder().driverSeatOccupied(true).build())).isEqualTo("driver_present");
        assertThat(reason(parked.toBuilder().driverDoorLocked(false).build())).isEqualTo("unlocked");
    }

    @Test
    void aCarThatHasReportedNothingNeverComputes() {
        assertThat(BaselineEligibility.decide(VehicleState.unknown(T), false).isEligible()).isFalse();
    }

    /** I1 over random states: a car that is not parked is never eligible, whatever else is true. */
    @ParameterizedTest
    @ValueSource(longs = {1, 2, 3, 4, 5, 6, 7, 8})
    void notParkedIsNeverEligible(long seed) {
        var random = new Random(seed);
        for (int i = 0; i < 1_000; i++) {
            var state = VehicleState.parkedIdle(T, random.nextDouble() * 100, random.nextBoolean()).toBuilder()
                    .selectedGear(random.nextBoolean() ? Gear.DRIVE : random.nextInt(-3, 10)).build();
            var decision = BaselineEligibility.decide(state, random.nextBoolean());
            assertThat(decision).isInstanceOf(Eligibility.NotEligible.class);
            assertThat(((Eligibility.NotEligible) decision).reason()).isEqualTo("not_parked");
        }
    }

    @Test
    void stateOfChargeOutsideRangeNamesTheField() {
        assertThatThrownBy(() -> VehicleState.parkedIdle(T, 101, true))
                .hasMessageStartingWith("stateOfChargePercent:");
    }

    private static String reason(VehicleState state) {
        return ((Eligibility.NotEligible) BaselineEligibility.decide(state, true)).reason();
    }
}
