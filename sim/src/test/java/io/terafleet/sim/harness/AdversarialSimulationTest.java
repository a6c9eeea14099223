package io.terafleet.sim.harness;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.List;
import org.junit.jupiter.api.Test;

/**
 * Lying cars among the faults: 10% return wrong embeddings (on about half their units), 5% collude on one wrong
 * answer, 10% inflate the energy they report. Jobs ask for two agreeing replicas from different owners,
 * adaptive; canaries vet new cars. After every 25 events the ledger must balance and every owner credit must trace
 * to a valid result (I3); at the end every result must be the right one (I5), no honest car quarantined, no liar
 * trusted, and no quarantined liar left with credit.
 */
class AdversarialSimulationTest {
    static final int SEEDS = 12;

    @Test
    void liarsAreCaughtQuarantinedAndUnpaidAndEveryResultIsRight() {
        List<SimReport> reports = SimulationSweep.run(1, SEEDS, HarnessConfig.FAULTY.withCars(16),
                Adversity.hostile(), 2, r -> { });

        assertThat(reports.stream().filter(r -> !r.passed()).map(SimReport::summary).toList())
                .as("failing seeds").isEmpty();
        assertThat(reports).allSatisfy(r -> assertThat(r.results() + r.errors()).isEqualTo(r.inputs()));
        long liars = reports.stream().mapToInt(r -> r.verification().liars()).sum();
        long quarantined = reports.stream().mapToInt(r -> r.verification().liarsQuarantined()).sum();
        assertThat(liars).isPositive();
        assertThat(quarantined).as("liars quarantined of " + liars).isGreaterThanOrEqualTo(liars / 2);
        assertThat(reports.stream().mapToLong(r -> r.verification().invalidVerdicts()).sum())
                .as("lies caught by the quorum").isPositive();
        assertThat(reports.stream().mapToLong(r -> r.verification().errorsCaught()).sum())
                .as("lies caught by quorum or canary").isGreaterThan(quarantined);
    }

    @Test
    void anAdversarialSeedReplaysExactly() {
        SimReport first = DeterministicSimulation.run(5, HarnessConfig.FAULTY.withCars(16), Adversity.hostile());
        SimReport again = DeterministicSimulation.run(5, HarnessConfig.FAULTY.withCars(16), Adversity.hostile());
        assertThat(again).isEqualTo(first);
    }
}
