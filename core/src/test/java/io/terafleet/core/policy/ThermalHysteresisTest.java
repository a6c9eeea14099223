package io.terafleet.core.policy;

import static io.terafleet.core.policy.PolicyFixtures.NOON;
import static io.terafleet.core.policy.PolicyFixtures.eligibleState;
import static io.terafleet.core.policy.PolicyFixtures.evaluator;
import static io.terafleet.core.policy.PolicyFixtures.optedIn;
import static org.assertj.core.api.Assertions.assertThat;

import io.terafleet.core.vehicle.Eligibility;
import io.terafleet.core.vehicle.Gear;
import io.terafleet.core.vehicle.ReasonCodes;
import io.terafleet.core.vehicle.VehicleState;
import org.junit.jupiter.api.Test;

class ThermalHysteresisTest {
    private final OwnerPolicy policy = optedIn().toBuilder().maxComputeTemperatureC(80).maxPackTemperatureC(80)
            .thermalHysteresisC(5).build();
    private final PolicyEvaluator evaluator = evaluator();

    @Test
    void computeStopsAt80StaysOffAt78AndResumesAt74() {
        assertThat(reasonAtCompute(78)).isNull();
        assertThat(reasonAtCompute(80)).isEqualTo(ReasonCodes.COMPUTE_TOO_HOT);
        assertThat(reasonAtCompute(78)).isEqualTo(ReasonCodes.COMPUTE_TOO_HOT);
        assertThat(reasonAtCompute(75)).isEqualTo(ReasonCodes.COMPUTE_TOO_HOT);
        assertThat(evaluator.computeLatched()).isTrue();
        assertThat(reasonAtCompute(74)).isNull();
        assertThat(reasonAtCompute(78)).isNull();
    }

    @Test
    void packStopsAt80StaysOffAt78AndResumesAt74() {
        assertThat(reasonAtPack(80)).isEqualTo(ReasonCodes.PACK_TOO_HOT);
        assertThat(reasonAtPack(78)).isEqualTo(ReasonCodes.PACK_TOO_HOT);
        assertThat(reasonAtPack(74)).isNull();
    }

    @Test
    void theLatchSeesTemperaturesWhileDrivingToo() {
        var motorway = eligibleState(NOON).toBuilder().selectedGear(Gear.DRIVE).speedKmh(120).packTemperatureC(82)
                .build();
        assertThat(evaluator.decide(motorway, policy, UsageSoFar.NONE, NOON).isEligible()).isFalse();
        assertThat(reasonAtPack(77)).isEqualTo(ReasonCodes.PACK_TOO_HOT);
    }

    @Test
    void explainingATickDoesNotChangeTheAnswer() {
        reasonAtCompute(80);
        var warm = eligibleState(NOON).toBuilder().computeTemperatureC(78).build();
        evaluator.explain(warm, policy, UsageSoFar.NONE, NOON);
        evaluator.explain(warm, policy, UsageSoFar.NONE, NOON);
        assertThat(reasonAtCompute(78)).isEqualTo(ReasonCodes.COMPUTE_TOO_HOT);
    }

    private String reasonAtCompute(double celsius) {
        return reason(eligibleState(NOON).toBuilder().computeTemperatureC(celsius).build());
    }

    private String reasonAtPack(double celsius) {
        return reason(eligibleState(NOON).toBuilder().packTemperatureC(celsius).build());
    }

    private String reason(VehicleState state) {
        var decision = evaluator.decide(state, policy, UsageSoFar.NONE, NOON);
        return decision instanceof Eligibility.NotEligible why ? why.reason() : null;
    }
}
