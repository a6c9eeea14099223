package io.terafleet.sim.harness;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.Test;

/**
 * Three coordinators on one store under the same seeded churn and faults as the single-coordinator simulation:
 * cars spread over them, each coordinator with its own caches and heartbeats in memory, crashes killing one at a
 * time. The same invariants hold (I1, I2, I4, every job ends, the ledger balances), and a seed replays exactly.
 */
class ManyCoordinatorsSimulationTest {
    private static final int SEEDS = 12;

    @Test
    void threeCoordinatorsKeepTheInvariantsAndEndEveryJob() {
        List<SimReport> reports = new ArrayList<>();
        for (long seed = 1; seed <= SEEDS; seed++) {
            reports.add(DeterministicSimulation.runWithCoordinators(seed, HarnessConfig.FAULTY, 3));
        }
        assertThat(reports.stream().filter(r -> !r.passed()).map(SimReport::summary).toList())
                .as("failing seeds").isEmpty();
        assertThat(reports).allSatisfy(r -> {
            assertThat(r.jobsEnded()).isEqualTo(r.jobs());
            assertThat(r.results() + r.errors()).isEqualTo(r.inputs());
        });
        assertThat(reports.stream().mapToInt(SimReport::restarts).sum()).as("coordinator crashes").isPositive();
        assertThat(reports.stream().mapToLong(SimReport::leasesLost).sum()).as("lost leases").isPositive();
    }

    @Test
    void aSeedReplaysExactlyWithThreeCoordinators() {
        assertThat(DeterministicSimulation.runWithCoordinators(42, HarnessConfig.FAULTY, 3))
                .isEqualTo(DeterministicSimulation.runWithCoordinators(42, HarnessConfig.FAULTY, 3));
    }
}
