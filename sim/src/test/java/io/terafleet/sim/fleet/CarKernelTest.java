package io.terafleet.sim.fleet;

import static org.assertj.core.api.Assertions.assertThat;

import io.terafleet.core.scheduling.UnitSizing;
import java.time.Duration;
import java.util.SplittableRandom;
import org.junit.jupiter.api.Test;

class CarKernelTest {
    @Test
    void kernelCutsUnitsAsCoreUnitSizingDoes() {
        FleetModel model = new FleetModel(ScenarioIo.defaults(), 1);
        PolicyTable table = new PolicyTable(model);
        SplittableRandom random = new SplittableRandom(17);
        for (UnitSizing sizing : new UnitSizing[] {UnitSizing.DEFAULT,
                new UnitSizing(true, Duration.ofSeconds(600), Duration.ofSeconds(60), 1, 20.0),
                new UnitSizing(true, Duration.ofMillis(45_500), Duration.ofMillis(1_250), 7, 3.0)}) {
            CarKernel kernel = new CarKernel(model, table, new CarPopulation(1), sizing, 1);
            for (int i = 0; i < 20_000; i++) {
                int unitInputs = 1 + random.nextInt(2_000_000);
                double throughput = random.nextInt(10) == 0 ? 0 : Math.exp(random.nextDouble(-5, 9));
                long available = random.nextLong(0, 4_000);
                assertThat(kernel.inputsFor(unitInputs, throughput, available))
                        .as("inputs %d, throughput %s, available %d s", unitInputs, throughput, available)
                        .isEqualTo(sizing.inputsFor(unitInputs, throughput, available));
            }
        }
    }
}
