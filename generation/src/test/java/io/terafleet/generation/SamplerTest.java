package io.terafleet.generation;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.within;

import java.util.HashMap;
import java.util.Map;
import org.junit.jupiter.api.Test;

class SamplerTest {

    private static final float[] LOGITS = {(float) Math.log(0.5), (float) Math.log(0.3), (float) Math.log(0.15),
        (float) Math.log(0.05)};

    @Test
    void greedyTakesTheMostLikelyTokenAndReportsItsLogprob() {
        Sampler.Choice c = Sampler.choose(LOGITS, 0, 1, 0, 0);
        assertThat(c.token()).isZero();
        assertThat(c.logprob()).isCloseTo((float) Math.log(0.5), within(1e-6f));
    }

    @Test
    void samplingFollowsTheDistribution() {
        Map<Integer, Integer> counts = draw(1.0, 1.0, 20_000);
        assertThat(counts.get(0) / 20_000.0).isCloseTo(0.5, within(0.02));
        assertThat(counts.get(1) / 20_000.0).isCloseTo(0.3, within(0.02));
        assertThat(counts.get(3) / 20_000.0).isCloseTo(0.05, within(0.01));
    }

    @Test
    void topPKeepsOnlyTheNucleus() {
        // 0.5 + 0.3 = 0.8 >= 0.75: tokens 2 and 3 are never drawn.
        Map<Integer, Integer> counts = draw(1.0, 0.75, 5_000);
        assertThat(counts.keySet()).containsExactlyInAnyOrder(0, 1);
        assertThat(counts.get(0) / 5_000.0).isCloseTo(0.5 / 0.8, within(0.03));
    }

    @Test
    void theDrawDependsOnlyOnSeedAndPosition() {
        assertThat(Sampler.uniform(7, 3)).isEqualTo(Sampler.uniform(7, 3));
        assertThat(Sampler.uniform(7, 3)).isNotEqualTo(Sampler.uniform(7, 4)).isNotEqualTo(Sampler.uniform(8, 3));
    }

    private static Map<Integer, Integer> draw(double temperature, double topP, int n) {
        Map<Integer, Integer> counts = new HashMap<>();
        for (int i = 0; i < n; i++) {
            counts.merge(Sampler.choose(LOGITS, temperature, topP, 1234, i).token(), 1, Integer::sum);
        }
        return counts;
    }
}
