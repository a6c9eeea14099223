package io.terafleet.core.policy;

import static io.terafleet.core.policy.PolicyFixtures.NOON;
import static io.terafleet.core.policy.PolicyFixtures.eligibleState;
import static io.terafleet.core.policy.PolicyFixtures.optedIn;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.within;

import io.terafleet.core.energy.ComputeHardware;
import io.terafleet.core.vehicle.Eligibility;
import io.terafleet.core.vehicle.ReasonCodes;
import io.terafleet.core.vehicle.VehicleState;
import java.time.Duration;
import org.junit.jupiter.api.Test;

/**
 * The worked example from {@link ChargeByDeparture}: a 75 kWh pack at 60 % with an 80 % limit misses 15 kWh; an
 * 11 kW charger less a 1 kW computer fills it at 10 kW in 1 h 30 min; with a 30 min margin the departure must be
 * more than 2 h away.
 */
class ChargeByDepartureTest {
    private static final ComputeHardware ONE_KW = new ComputeHardware("test-1kW", 1000);
    private final OwnerPolicy policy = optedIn().toBuilder().departureMarginMinutes(30).build();

    private static VehicleState departingIn(Duration left) {
        return eligibleState(NOON).toBuilder().batteryCapacityKwh(75).stateOfChargePercent(60)
                .chargeLimitPercent(80).chargingPowerKw(11).nextDeparture(NOON.plus(left)).build();
    }

    @Test
    void theArithmetic() {
        var state = departingIn(Duration.ofHours(5));
        assertThat(ChargeByDeparture.energyNeededKwh(state)).isCloseTo(15.0, within(1e-9));
        assertThat(ChargeByDeparture.headroomKw(state, 1.0)).isCloseTo(10.0, within(1e-9));
        assertThat(ChargeByDeparture.timeNeeded(state, 1.0)).contains(Duration.ofMinutes(90));
    }

    @Test
    void eligibleOnlyWhenTheDepartureIsMoreThanTimeNeededPlusMarginAway() {
        assertThat(decide(departingIn(Duration.ofMinutes(121))).isEligible()).isTrue();
        var atTheEdge = (Eligibility.NotEligible) decide(departingIn(Duration.ofMinutes(120)));
        assertThat(atTheEdge.reason()).isEqualTo(ReasonCodes.CHARGE_BY_DEPARTURE);
        assertThat(atTheEdge.detail()).isEqualTo("reaching 80% needs 15 kWh, 1h30m at 10 kW while computing, "
                + "plus a 30m margin; departure is in 2h");
    }

    @Test
    void aChargerThatCannotOutrunTheComputerBlocksUntilTheLimitIsReached() {
        var slowCharger = departingIn(Duration.ofHours(10)).toBuilder().chargingPowerKw(0.8).build();
        assertThat(ChargeByDeparture.timeNeeded(slowCharger, 1.0)).isEmpty();
        assertThat(((Eligibility.NotEligible) decide(slowCharger)).reason()).isEqualTo(ReasonCodes.CHARGE_BY_DEPARTURE);
        var full = slowCharger.toBuilder().stateOfChargePercent(80).build();
        assertThat(decide(full).isEligible()).isTrue();
    }

    @Test
    void theOwnerCanTurnTheRuleOff() {
        var off = policy.toBuilder().chargeByDeparture(false).build();
        assertThat(new PolicyEvaluator(ONE_KW).decide(departingIn(Duration.ofMinutes(45)), off, UsageSoFar.NONE, NOON)
                .isEligible()).isTrue();
    }

    private Eligibility decide(VehicleState state) {
        return new PolicyEvaluator(ONE_KW).decide(state, policy, UsageSoFar.NONE, NOON);
    }
}
