package io.terafleet.sim.harness;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.List;
import java.util.stream.Collectors;
import org.junit.jupiter.api.Test;

/**
 * The coordinator's real logic under seeded churn and faults: every seed must keep I1, I2 and I4 and end every
 * job (liveness). A failing seed replays exactly with {@code ./terafleet simulate --from SEED --seeds 1}.
 */
class DeterministicSimulationTest {
    /** CI runs this many seeds; {@code ./terafleet simulate --seeds 5000} is the longer sweep. */
    static final int SEEDS = 200;

    @Test
    void everySeedKeepsTheInvariantsAndEndsEveryJob() {
        List<SimReport> reports = SimulationSweep.run(1, SEEDS, HarnessConfig.FAULTY, 2, report -> { });

        List<String> failed = reports.stream().filter(r -> !r.passed()).map(SimReport::summary).toList();
        assertThat(failed).as("failing seeds").isEmpty();
        assertThat(reports).allSatisfy(r -> {
            assertThat(r.jobsEnded()).isEqualTo(r.jobs());
            assertThat(r.results() + r.errors()).isEqualTo(r.inputs());
        });
        // The faults really struck across the sweep, or the run proves nothing.
        assertThat(reports.stream().mapToLong(SimReport::duplicates).sum()).as("duplicate completions").isPositive();
        assertThat(reports.stream().mapToLong(SimReport::leasesLost).sum()).as("lost leases").isPositive();
        assertThat(reports.stream().mapToLong(SimReport::releases).sum()).as("releases").isPositive();
        assertThat(reports.stream().mapToInt(SimReport::restarts).sum()).as("restarts").isPositive();
    }

    @Test
    void aSeedReplaysExactly() {
        for (long seed : new long[] {7, 42, 1234}) {
            SimReport first = DeterministicSimulation.run(seed, HarnessConfig.FAULTY);
            SimReport again = DeterministicSimulation.run(seed, HarnessConfig.FAULTY);
            assertThat(again).as("seed " + seed).isEqualTo(first);
        }
        assertThat(DeterministicSimulation.run(8, HarnessConfig.FAULTY).traceHash())
                .isNotEqualTo(DeterministicSimulation.run(7, HarnessConfig.FAULTY).traceHash());
    }

    @Test
    void departureAwareSizingWastesLessUnderChurn() {
        List<SimReport> sized = SimulationSweep.run(1, 4, HarnessConfig.churn(true), 2, r -> { });
        List<SimReport> fixed = SimulationSweep.run(1, 4, HarnessConfig.churn(false), 2, r -> { });

        assertThat(sized).allMatch(SimReport::passed);
        assertThat(fixed).allMatch(SimReport::passed);
        assertThat(sized.stream().mapToLong(SimReport::inputs).sum())
                .isEqualTo(fixed.stream().mapToLong(SimReport::inputs).sum());
        assertThat(Goodput.of(sized)).isGreaterThan(Goodput.of(fixed));
    }

    @Test
    void configErrorsNameTheField() {
        org.assertj.core.api.Assertions.assertThatThrownBy(() -> HarnessConfig.FAULTY.withCars(0))
                .hasMessageStartingWith("cars:");
        assertThat(List.of(1).stream().map(String::valueOf).collect(Collectors.joining())).isEqualTo("1");
    }
}
