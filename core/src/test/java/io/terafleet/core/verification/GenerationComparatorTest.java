package io.terafleet.core.verification;

import static org.assertj.core.api.Assertions.assertThat;

import org.junit.jupiter.api.Test;

class GenerationComparatorTest {
    private final GenerationComparator comparator = GenerationComparator.defaults();

    @Test
    void identicalReplicasOnOneClassAgree() {
        var c = comparator.replicas(new int[] {5, 9, 2}, new float[] {-0.1f, -1.2f, -0.7f}, "HW3",
                new int[] {5, 9, 2}, new float[] {-0.1f, -1.2f, -0.7f}, "HW3");
        assertThat(c.agree()).isTrue();
    }

    @Test
    void aDifferentTokenOnOneClassDisagrees() {
        var c = comparator.replicas(new int[] {5, 9, 2}, new float[] {-0.1f, -1.2f, -0.7f}, "HW3",
                new int[] {5, 8, 2}, new float[] {-0.1f, -1.21f, -0.7f}, "HW3");
        assertThat(c.agree()).isFalse();
        assertThat(c.detail()).contains("token 1");
    }

    @Test
    void acrossClassesTextsMayPartOnlyAtANearTie() {
        float[] a = {-0.1f, -0.69f, -0.5f};
        var tie = comparator.replicas(new int[] {5, 9, 2}, a, "HW3", new int[] {5, 8, 7}, new float[] {-0.1f, -0.70f, -3f},
                "HW4");
        assertThat(tie.agree()).isTrue();
        var noTie = comparator.replicas(new int[] {5, 9, 2}, a, "HW3", new int[] {5, 8, 7},
                new float[] {-0.1f, -4.0f, -0.2f}, "HW4");
        assertThat(noTie.agree()).isFalse();
    }

    @Test
    void logprobsBeyondTheToleranceDisagreeEvenWithTheSameTokens() {
        var c = comparator.replicas(new int[] {5, 9}, new float[] {-0.1f, -1.2f}, "HW3",
                new int[] {5, 9}, new float[] {-0.1f, -1.5f}, "HW4");
        assertThat(c.agree()).isFalse();
        assertThat(c.method()).isEqualTo("logprobs");
    }

    @Test
    void aRescoringCatchesMadeUpLogprobs() {
        float[] rescored = {-2.3f, -0.4f, -5.1f};
        assertThat(comparator.rescored(new float[] {-2.31f, -0.41f, -5.1f}, rescored).agree()).isTrue();
        assertThat(comparator.rescored(new float[] {-0.01f, -0.01f, -0.01f}, rescored).agree()).isFalse();
        assertThat(comparator.rescored(new float[] {-2.3f, -0.4f}, rescored).agree()).isFalse();
        assertThat(comparator.rescored(new float[] {-2.3f, 0.5f, -5.1f}, new float[] {-2.3f, 0.5f, -5.1f}).agree())
                .isFalse();
    }

    @Test
    void aTeacherForcedCheckHoldsOnlyWhereTheModelChoosesTheAnsweredTokens() {
        int[] answered = {5, 9, 2};
        float[] reported = {-0.1f, -1.2f, -0.7f};
        assertThat(comparator.teacherForced(answered, reported, new int[] {5, 9, 2},
                new float[] {-0.1f, -1.21f, -0.7f}).agree()).isTrue();
        // Plausible tokens with their true log-probabilities: re-scoring alone would pass them, the choice does not.
        var plausible = comparator.teacherForced(answered, reported, new int[] {5, 4, 2}, reported);
        assertThat(plausible.agree()).isFalse();
        assertThat(plausible.detail()).contains("token 1");
        assertThat(comparator.teacherForced(answered, reported, answered, new float[] {-0.1f, -2.2f, -0.7f}).agree())
                .as("made-up log-probabilities").isFalse();
        assertThat(comparator.teacherForced(answered, reported, new int[] {5, 9}, new float[] {-0.1f, -1.2f})
                .agree()).isFalse();
    }
}
