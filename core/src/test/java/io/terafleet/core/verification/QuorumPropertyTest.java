package io.terafleet.core.verification;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.ArrayList;
import java.util.Collections;
import java.util.List;
import java.util.Random;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

/**
 * I5 for the quorum, over seeded random rounds: with fewer than half of the replicas colluding (all
 * sending one wrong vector, sometimes crafted to sit just outside or inside the tolerance) and some
 * faulty, the quorum never accepts a value that disagrees with the majority of honest replicas.
 */
class QuorumPropertyTest {
    private static final OutputComparator COMPARATOR = new OutputComparator(OutputKind.Embedding.defaults(), false);

    @ParameterizedTest
    @ValueSource(longs = {1, 2, 3, 4, 5, 6, 7, 8})
    void neverAcceptsAValueTheHonestMajorityRejects(long seed) {
        var random = new Random(seed);
        int agreed = 0;
        for (int round = 0; round < 400; round++) {
            int n = 1 + random.nextInt(9);
            int colluders = random.nextInt((n - 1) / 2 + 1);
            int faulty = random.nextInt(Math.max(1, n - 2 * colluders));
            int honest = n - colluders - faulty;
            if (honest <= n / 2) {
                continue;
            }
            float[] truth = TestVectors.unit(random);
            List<ReplicaResult> replicas = replicas(random, truth, honest, colluders, faulty);
            var quorum = new Quorum(COMPARATOR, 16);
            var decision = quorum.decide(replicas, n);

            assertThat(decision).as("seed %d round %d: an honest majority always decides", seed, round)
                    .isInstanceOf(QuorumDecision.Agreed.class);
            var accepted = (QuorumDecision.Agreed<ReplicaResult>) decision;
            List<ReplicaResult> honestOnes = replicas.stream().filter(r -> r.carId().startsWith("honest")).toList();
            long honestAgreeing = honestOnes.stream()
                    .filter(h -> COMPARATOR.compare(h, accepted.canonical()).agree()).count();
            assertThat(honestAgreeing).as("seed %d round %d", seed, round).isGreaterThan(honestOnes.size() / 2);
            assertThat(TestVectors.cosine(accepted.canonical().vector(), truth)).as("close to the truth")
                    .isGreaterThan(0.97);
            assertThat(accepted.invalid()).as("honest replicas are never held invalid")
                    .noneMatch(r -> r.carId().startsWith("honest"));
            agreed++;
        }
        assertThat(agreed).isGreaterThan(200);
    }

    private static List<ReplicaResult> replicas(Random random, float[] truth, int honest, int colluders, int faulty) {
        List<ReplicaResult> replicas = new ArrayList<>();
        // Honest cars differ by hardware and batching: cosine to the truth between 0.995 and 1.
        for (int i = 0; i < honest; i++) {
            float[] v = TestVectors.atCosine(truth, 0.995 + random.nextDouble() * 0.005, random);
            replicas.add(new ReplicaResult("r-h" + i, "honest-" + i, "oh" + i, i % 2 == 0 ? "HW3" : "HW4", v));
        }
        // Colluders share one answer, anywhere from far off to just around the tolerance.
        float[] lie = random.nextBoolean() ? TestVectors.unit(random)
                : TestVectors.atCosine(truth, 0.90 + random.nextDouble() * 0.09, random);
        for (int i = 0; i < colluders; i++) {
            replicas.add(new ReplicaResult("r-c" + i, "colluder-" + i, "oc" + i, "HW3", lie.clone()));
        }
        for (int i = 0; i < faulty; i++) {
            replicas.add(new ReplicaResult("r-f" + i, "faulty-" + i, "of" + i, "HW4", TestVectors.unit(random)));
        }
        Collections.shuffle(replicas, random);
        return replicas;
    }
}
