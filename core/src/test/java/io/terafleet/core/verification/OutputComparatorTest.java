package io.terafleet.core.verification;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.within;

import java.util.List;
import java.util.Random;
import org.junit.jupiter.api.Test;

class OutputComparatorTest {
    private final Random random = new Random(7);
    private final OutputComparator embeddings = new OutputComparator(OutputKind.Embedding.defaults(), false);

    @Test
    void embeddingsShiftedLikeInt8BatchPaddingStillAgree() {
        float[] a = TestVectors.unit(random);
        float[] padded = TestVectors.atCosine(a, 0.989, random);

        Comparison c = embeddings.compare(a, "HW3", padded, "HW4");

        assertThat(c.agree()).isTrue();
        assertThat(c.method()).isEqualTo("cosine");
        assertThat(c.score()).isCloseTo(0.989, within(1e-4));
    }

    @Test
    void embeddingsBelowTheThresholdOrUnrelatedDisagree() {
        float[] a = TestVectors.unit(random);

        assertThat(embeddings.compare(a, "HW3", TestVectors.atCosine(a, 0.97, random), "HW3").agree()).isFalse();
        Comparison unrelated = embeddings.compare(a, "HW3", TestVectors.unit(random), "HW3");
        assertThat(unrelated.agree()).isFalse();
        assertThat(unrelated.detail()).contains("< 0.98");
    }

    @Test
    void brokenVectorsNeverAgree() {
        float[] a = TestVectors.unit(random);
        float[] nan = a.clone();
        nan[3] = Float.NaN;

        assertThat(embeddings.compare(a, "HW3", nan, "HW3").agree()).isFalse();
        assertThat(embeddings.compare(new float[384], "HW3", new float[384], "HW3").agree()).isFalse();
        assertThat(embeddings.compare(a, "HW3", new float[383], "HW3").method()).isEqualTo("length");
        assertThat(embeddings.compare(a, "HW3", null, "HW3").agree()).isFalse();
    }

    @Test
    void classOutputsAgreeOnTheArgmaxOnly() {
        var labels = new OutputComparator(new OutputKind.ClassLabel(), false);

        assertThat(labels.compare(new float[] {0.1f, 2.0f, 0.3f}, "HW3", new float[] {-5f, 0.9f, 0.8f}, "HW4").agree()).isTrue();
        assertThat(labels.compare(new float[] {0.1f, 2.0f, 0.3f}, "HW3", new float[] {0.1f, 0.2f, 0.3f}, "HW3").agree()).isFalse();
        assertThat(labels.compare(new float[] {Float.NaN, 1f}, "HW3", new float[] {0f, 1f}, "HW3").agree()).isFalse();
    }

    @Test
    void tensorsAgreeWithinAbsoluteOrRelativeError() {
        var tensors = new OutputComparator(new OutputKind.Tensor(1e-3, 1e-2), false);

        assertThat(tensors.compare(new float[] {100f, 0f}, "a", new float[] {100.9f, 0.0009f}, "b").agree()).isTrue();
        Comparison off = tensors.compare(new float[] {100f, 0f}, "a", new float[] {102.5f, 0f}, "b");
        assertThat(off.agree()).isFalse();
        assertThat(off.detail()).startsWith("element 0");
        assertThat(tensors.compare(new float[] {1f}, "a", new float[] {Float.POSITIVE_INFINITY}, "b").agree()).isFalse();
    }

    @Test
    void exactComparisonAppliesOnlyWithinOneHardwareClass() {
        var exact = new OutputComparator(OutputKind.Embedding.defaults(), true);
        float[] a = TestVectors.unit(random);
        float[] nearly = a.clone();
        nearly[0] = Math.nextUp(nearly[0]);

        Comparison sameClass = exact.compare(a, "HW3", nearly, "HW3");
        assertThat(sameClass.agree()).isFalse();
        assertThat(sameClass.method()).isEqualTo("exact");
        assertThat(exact.compare(a, "HW3", a.clone(), "HW3").agree()).isTrue();

        Comparison acrossClasses = exact.compare(a, "HW3", nearly, "HW4");
        assertThat(acrossClasses.agree()).isTrue();
        assertThat(acrossClasses.method()).isEqualTo("cosine");
    }

    @Test
    void unitsAgreeWhenEveryOutputDoes() {
        float[] x = TestVectors.unit(random);
        float[] y = TestVectors.unit(random);
        var one = new UnitReplica("r1", "car-1", "o1", "HW3", List.of(x, y));
        var close = new UnitReplica("r2", "car-2", "o2", "HW4",
                List.of(TestVectors.atCosine(x, 0.995, random), TestVectors.atCosine(y, 0.99, random)));
        var oneWrong = new UnitReplica("r3", "car-3", "o3", "HW3", List.of(x, TestVectors.unit(random)));
        var short1 = new UnitReplica("r4", "car-4", "o4", "HW3", List.of(x));

        assertThat(embeddings.compare(one, close).agree()).isTrue();
        assertThat(embeddings.compare(one, close).score()).isCloseTo(0.99, within(1e-4));
        assertThat(embeddings.compare(one, oneWrong).detail()).startsWith("output 1:");
        assertThat(embeddings.compare(one, short1).method()).isEqualTo("count");
    }
}
