package io.terafleet.core.policy;

import static io.terafleet.core.policy.PolicyFixtures.NOON;
import static io.terafleet.core.policy.PolicyFixtures.eligibleState;
import static io.terafleet.core.policy.PolicyFixtures.evaluator;
import static io.terafleet.core.policy.PolicyFixtures.optedIn;
import static org.assertj.core.api.Assertions.assertThat;

import io.terafleet.core.energy.ComputeHardware;
import io.terafleet.core.vehicle.Eligibility;
import io.terafleet.core.vehicle.Gear;
import io.terafleet.core.vehicle.ReasonCodes;
import io.terafleet.core.vehicle.VehicleState;
import io.terafleet.core.vehicle.VehicleStateBuilder;
import java.time.Duration;
import java.util.List;
import java.util.function.UnaryOperator;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.Arguments;
import org.junit.jupiter.params.provider.MethodSource;

class PolicyEvaluatorTest {

    private static Arguments car(String reason, UnaryOperator<VehicleStateBuilder> change) {
        return Arguments.of(reason, change, UnaryOperator.<OwnerPolicyBuilder>identity(), UsageSoFar.NONE);
    }

    private static Arguments owner(String reason, UnaryOperator<OwnerPolicyBuilder> change) {
        return Arguments.of(reason, UnaryOperator.<VehicleStateBuilder>identity(), change, UsageSoFar.NONE);
    }

    /** Each reason code, triggered by the smallest change to a state and policy that are otherwise eligible. */
    static Stream<Arguments> oneReasonEach() {
        return Stream.of(
                car(ReasonCodes.NOT_PARKED, s -> s.selectedGear(Gear.DRIVE)),
                car(ReasonCodes.MOVING, s -> s.speedKmh(1)),
                car(ReasonCodes.DRIVER_PRESENT, s -> s.driverSeatOccupied(true)),
                car(ReasonCodes.UNLOCKED, s -> s.driverDoorLocked(false)),
                owner(ReasonCodes.NOT_OPTED_IN, p -> p.optedIn(false)),
                car(ReasonCodes.NOT_PLUGGED_IN, s -> s.chargingCableConnected(false)),
                car(ReasonCodes.SOC_BELOW_FLOOR, s -> s.stateOfChargePercent(49.9).chargeLimitPercent(49.9)),
                car(ReasonCodes.PACK_TOO_HOT, s -> s.packTemperatureC(45)),
                car(ReasonCodes.COMPUTE_TOO_HOT, s -> s.computeTemperatureC(85)),
                car(ReasonCodes.DEPARTURE_TOO_SOON, s -> s.nextDeparture(NOON.plus(Duration.ofMinutes(30)))),
                car(ReasonCodes.CHARGE_BY_DEPARTURE, s -> s.stateOfChargePercent(60)
                        .nextDeparture(NOON.plus(Duration.ofMinutes(100)))),
                owner(ReasonCodes.POWER_OVER_LIMIT, p -> p.maxComputePowerWatts(150)),
                Arguments.of(ReasonCodes.DAILY_BUDGET_SPENT, UnaryOperator.<VehicleStateBuilder>identity(),
                        UnaryOperator.<OwnerPolicyBuilder>identity(), new UsageSoFar(10, 0)),
                owner(ReasonCodes.OUTSIDE_TIME_WINDOW, p -> p.allowedWindows(List.of(TimeWindow.parse("22:00-06:00")))),
                owner(ReasonCodes.PRICE_TOO_HIGH, p -> p.tariff(Tariff.flat(0.30)).maxPricePerKwh(0.25)),
                owner(ReasonCodes.NO_SOLAR_SURPLUS, p -> p.solarSurplusOnly(true)));
    }

    @ParameterizedTest(name = "{0}")
    @MethodSource("oneReasonEach")
    void eachReasonIsTriggeredByAMinimalChange(String reason, UnaryOperator<VehicleStateBuilder> car,
                                               UnaryOperator<OwnerPolicyBuilder> owner, UsageSoFar usage) {
        VehicleState state = car.apply(eligibleState(NOON).toBuilder()).build();
        OwnerPolicy policy = owner.apply(optedIn().toBuilder()).build();
        var decision = evaluator().decide(state, policy, usage, NOON);
        assertThat(decision).isInstanceOf(Eligibility.NotEligible.class);
        assertThat(((Eligibility.NotEligible) decision).reason()).isEqualTo(reason);
        assertThat(((Eligibility.NotEligible) decision).detail()).isNotBlank();
        assertThat(evaluator().explain(state, policy, usage, NOON)).singleElement()
                .extracting(Eligibility.NotEligible::reason).isEqualTo(reason);
    }

    @Test
    void theUnchangedFixtureIsEligible() {
        assertThat(evaluator().decide(eligibleState(NOON), optedIn(), UsageSoFar.NONE, NOON))
                .isEqualTo(Eligibility.ELIGIBLE);
        assertThat(evaluator().explain(eligibleState(NOON), optedIn(), UsageSoFar.NONE, NOON)).isEmpty();
    }

    @Test
    void safetyComesFirstAndExplainListsEveryReasonInOrder() {
        VehicleState driving = eligibleState(NOON).toBuilder().selectedGear(Gear.DRIVE).speedKmh(50)
                .driverSeatOccupied(true).driverDoorLocked(false).chargingCableConnected(false)
                .stateOfChargePercent(20).packTemperatureC(50).build();
        OwnerPolicy policy = OwnerPolicy.defaults();
        assertThat(((Eligibility.NotEligible) evaluator().decide(driving, policy, UsageSoFar.NONE, NOON)).reason())
                .isEqualTo(ReasonCodes.NOT_PARKED);
        assertThat(evaluator().explain(driving, policy, new UsageSoFar(11, 0), NOON))
                .extracting(Eligibility.NotEligible::reason)
                .containsExactly(ReasonCodes.NOT_PARKED, ReasonCodes.MOVING, ReasonCodes.DRIVER_PRESENT,
                        ReasonCodes.UNLOCKED, ReasonCodes.NOT_OPTED_IN, ReasonCodes.NOT_PLUGGED_IN,
                        ReasonCodes.SOC_BELOW_FLOOR, ReasonCodes.PACK_TOO_HOT, ReasonCodes.DAILY_BUDGET_SPENT);
    }

    @Test
    void solarSurplusCoveringTheComputerIsEnough() {
        var policy = optedIn().toBuilder().solarSurplusOnly(true).build();
        var sunny = eligibleState(NOON).toBuilder().solarSurplusKw(0.16).build();
        var cloudy = eligibleState(NOON).toBuilder().solarSurplusKw(0.15).build();
        assertThat(evaluator().decide(sunny, policy, UsageSoFar.NONE, NOON).isEligible()).isTrue();
        assertThat(evaluator().decide(cloudy, policy, UsageSoFar.NONE, NOON).isEligible()).isFalse();
    }

    @Test
    void aDepartureLongPastIsAStaleTimerAndIgnored() {
        var stale = eligibleState(NOON).toBuilder().nextDeparture(NOON.minus(Duration.ofHours(5))).build();
        var justLeft = eligibleState(NOON).toBuilder().nextDeparture(NOON.minus(Duration.ofMinutes(10))).build();
        assertThat(evaluator().decide(stale, optedIn(), UsageSoFar.NONE, NOON).isEligible()).isTrue();
        assertThat(((Eligibility.NotEligible) evaluator().decide(justLeft, optedIn(), UsageSoFar.NONE, NOON))
                .reason()).isEqualTo(ReasonCodes.DEPARTURE_TOO_SOON);
    }

    @Test
    void anUnpluggedCarIsHeldToItsFloorNotToTheChargeLimit() {
        var policy = optedIn().toBuilder().requirePluggedIn(false).build();
        var unplugged = eligibleState(NOON).toBuilder().chargingCableConnected(false).chargingPowerKw(0)
                .stateOfChargePercent(60).nextDeparture(NOON.plus(Duration.ofHours(3))).build();
        assertThat(evaluator().decide(unplugged, policy, UsageSoFar.NONE, NOON).isEligible()).isTrue();
    }

    @Test
    void theBudgetKeepsOneDecisionIntervalOfComputeInReserve() {
        var policy = optedIn().toBuilder().dailyEnergyBudgetKwh(1.0).build();
        var evaluator = new PolicyEvaluator(ComputeHardware.HW4, Duration.ofMinutes(6));
        // HW4 draws 160 W: six minutes cost 0.016 kWh.
        assertThat(evaluator.decide(eligibleState(NOON), policy, new UsageSoFar(0.984, 0), NOON).isEligible())
                .isTrue();
        assertThat(((Eligibility.NotEligible) evaluator.decide(eligibleState(NOON), policy,
                new UsageSoFar(0.985, 0), NOON)).reason()).isEqualTo(ReasonCodes.DAILY_BUDGET_SPENT);
    }

    @Test
    void withoutABudgetNoEnergyIsTooMuch() {
        var policy = optedIn().toBuilder().dailyEnergyBudgetKwh(null).build();
        assertThat(evaluator().decide(eligibleState(NOON), policy, new UsageSoFar(1_000, 0), NOON).isEligible())
                .isTrue();
    }
}
