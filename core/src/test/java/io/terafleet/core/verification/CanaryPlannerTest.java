package io.terafleet.core.verification;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.util.ArrayList;
import java.util.HashSet;
import java.util.List;
import java.util.Random;
import java.util.SplittableRandom;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

class CanaryPlannerTest {
    private final Random random = new Random(5);
    private final List<KnownAnswer> pool = pool(20);
    private final OutputComparator comparator = VerificationPolicy.embeddings().comparator();

    private List<KnownAnswer> pool(int size) {
        List<KnownAnswer> answers = new ArrayList<>();
        for (int i = 0; i < size; i++) {
            answers.add(new KnownAnswer("k" + i, "known sentence " + i, TestVectors.unit(random), "HW3"));
        }
        return answers;
    }

    @ParameterizedTest
    @ValueSource(longs = {1, 2, 3})
    void theSameSeedPlansTheSameCanariesAndTheRateHolds(long seed) {
        var planner = new CanaryPlanner(pool, 0.1);

        List<Integer> first = planner.positions(20_000, new SplittableRandom(seed));
        assertThat(planner.positions(20_000, new SplittableRandom(seed))).isEqualTo(first);
        assertThat(planner.positions(20_000, new SplittableRandom(seed + 100))).isNotEqualTo(first);

        assertThat(first).isSorted().doesNotHaveDuplicates();
        int total = 20_000 + first.size();
        assertThat(first.getLast()).isLessThan(total - 1);
        assertThat(first.size() / (double) total).isBetween(0.09, 0.11);
    }

    @Test
    void noRateMeansNoCanaries() {
        var planner = new CanaryPlanner(List.of(), 0);
        assertThat(planner.positions(1000, new SplittableRandom(1))).isEmpty();
        assertThat(planner.nextIsCanary(new SplittableRandom(1))).isFalse();
        assertThatThrownBy(() -> new CanaryPlanner(List.of(), 0.1)).hasMessageStartingWith("pool:");
        assertThatThrownBy(() -> new CanaryPlanner(pool, 0.7)).hasMessageStartingWith("rate:");
    }

    @Test
    void aCanaryUnitHasTheRequestedSizeWithoutRepeatsWhileThePoolLasts() {
        var planner = CanaryPlanner.of(pool, VerificationPolicy.embeddings());
        List<KnownAnswer> unit = planner.draw(16, new SplittableRandom(3));
        assertThat(unit).hasSize(16);
        assertThat(new HashSet<>(unit)).hasSize(16);
        assertThat(planner.draw(16, new SplittableRandom(3))).isEqualTo(unit);
        assertThat(planner.draw(50, new SplittableRandom(3))).hasSize(50);
    }

    @Test
    void anHonestCarPassesAndAWrongAnswerFailsAtItsIndex() {
        var planner = new CanaryPlanner(pool, 0.05);
        List<KnownAnswer> unit = planner.draw(8, new SplittableRandom(9));
        List<float[]> honest = unit.stream().map(k -> TestVectors.atCosine(k.expected(), 0.99, random)).toList();
        List<float[]> lying = new ArrayList<>(honest);
        lying.set(5, TestVectors.unit(random));

        assertThat(CanaryPlanner.check(unit, honest, "HW4", comparator)).isInstanceOfSatisfying(
                CanaryVerdict.Passed.class, passed -> assertThat(passed.worstScore()).isGreaterThan(0.98));
        CanaryVerdict failed = CanaryPlanner.check(unit, lying, "HW4", comparator);
        assertThat(failed.passed()).isFalse();
        assertThat(((CanaryVerdict.Failed) failed).index()).isEqualTo(5);
        assertThat(CanaryPlanner.check(unit, honest.subList(0, 7), "HW4", comparator).passed()).isFalse();
    }
}
