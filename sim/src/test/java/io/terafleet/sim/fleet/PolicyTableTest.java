package io.terafleet.sim.fleet;

import static org.assertj.core.api.Assertions.assertThat;

import io.terafleet.core.policy.PolicyEvaluator;
import io.terafleet.core.policy.UsageSoFar;
import java.time.Duration;
import java.time.Instant;
import java.util.Random;
import org.junit.jupiter.api.Test;

/** The tabulated policy must answer exactly as core's evaluator does, on states the simulator can be in. */
class PolicyTableTest {
    @Test
    void tableAgreesWithThePolicyEvaluatorOnRandomStates() {
        FleetModel model = new FleetModel(ScenarioIo.defaults(), 1);
        PolicyTable table = new PolicyTable(model);
        Random random = new Random(42);
        int eligible = 0;
        for (int i = 0; i < 20_000; i++) {
            int kind = random.nextInt(model.kinds());
            int region = random.nextInt(model.regions.length);
            int hw = random.nextInt(model.hardware.length);
            int battery = random.nextInt(model.batteryKwh.length);
            int charger = random.nextInt(model.chargerKw.length);
            boolean plugged = random.nextBoolean();
            int soc = random.nextInt(101);
            int departure = random.nextInt(4) == 0 ? -1 : random.nextInt(table.maxDepartureSteps + 1);
            int slot = random.nextInt(model.stepsPerDay);
            int usage = random.nextInt(5) == 0 ? random.nextInt(200) : random.nextInt(20);
            int solar = random.nextInt(3) == 0 ? -1 : random.nextInt(PolicyTable.SOLAR_BUCKETS);

            Instant at = model.instantAtLocalSlot(region, slot);
            var state = table.carState(at, plugged, soc, battery, charger, departure).toBuilder()
                    .solarSurplusKw(solar < 0 ? null : solar / 10.0).build();
            Duration step = Duration.ofMinutes(model.scenario.stepMinutes());
            var usageSoFar = new UsageSoFar(usage * model.hardware[hw].energyKwh(step), 0);
            boolean expected = new PolicyEvaluator(model.hardware[hw], step)
                    .decide(state, model.policy(kind, region), usageSoFar, at).isEligible();

            boolean actual = table.eligible(kind, region, hw, battery, charger, plugged, soc, departure, slot, usage,
                    solar);
            assertThat(actual).as("state %d: kind %d region %d hw %d plugged %s soc %d departure %d slot %d usage %d "
                    + "solar %d", i, kind, region, hw, plugged, soc, departure, slot, usage, solar).isEqualTo(expected);
            eligible += expected ? 1 : 0;
        }
        // Both answers occur often enough for the agreement to mean something.
        assertThat(eligible).isBetween(1_000, 19_000);
    }

    @Test
    void optedOutOwnersAreNeverEligible() {
        FleetModel model = new FleetModel(ScenarioIo.defaults(), 1);
        PolicyTable table = new PolicyTable(model);
        for (int slot = 0; slot < model.stepsPerDay; slot++) {
            assertThat(table.eligible(model.optedOutKind(), 0, 0, 0, 0, true, 100, -1, slot, 0, 50)).isFalse();
        }
    }

    @Test
    void heatLatchesAgreeWithTheEvaluatorOnRandomTemperatureSequences() {
        FleetModel model = new FleetModel(ScenarioIo.defaults(), 1);
        PolicyTable table = new PolicyTable(model);
        Random random = new Random(7);
        Duration step = Duration.ofMinutes(model.scenario.stepMinutes());
        int refused = 0;
        for (int kind = 0; kind < model.optedOutKind(); kind++) {
            PolicyEvaluator evaluator = new PolicyEvaluator(model.hardware[0], step);
            Instant at = model.instantAtLocalSlot(0, 0);
            boolean packHot = false;
            boolean computeHot = false;
            double pack = 40;
            double compute = 80;
            for (int i = 0; i < 5_000; i++) {
                pack = Math.max(0, Math.min(60, pack + random.nextGaussian() * 2));
                compute = Math.max(20, Math.min(100, compute + random.nextGaussian() * 3));
                var state = table.favourable(at).toBuilder().packTemperatureC(pack).computeTemperatureC(compute)
                        .build();
                boolean expected = evaluator.decide(state, model.policy(kind, 0).toBuilder()
                        .allowedWindows(java.util.List.of()).maxPricePerKwh(null).build(), UsageSoFar.NONE, at)
                        .isEligible();
                packHot = PolicyTable.hot(packHot, pack, table.packTripC[kind], table.packResumeBelowC[kind]);
                computeHot = PolicyTable.hot(computeHot, compute, table.computeTripC[kind],
                        table.computeResumeBelowC[kind]);
                assertThat(!(packHot || computeHot)).as("kind %d reading %d: pack %.2f compute %.2f", kind, i, pack,
                        compute).isEqualTo(expected);
                refused += expected ? 0 : 1;
            }
        }
        assertThat(refused).isBetween(1_000, 24_000);
    }
}
