package io.terafleet.agent.inference;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.within;

import org.junit.jupiter.api.Test;

class PoolingTest {

    /** Batch of 2 rows, 3 tokens, 2 dims; row 1 has one padding token holding junk values. */
    private static final float[] HIDDEN = {
        1, 2, 3, 4, 5, 6,
        10, 20, 30, 40, 999, 999,
    };
    private static final long[] MASK = {1, 1, 1, 1, 1, 0};

    @Test
    void meanAveragesOnlyUnmaskedTokens() {
        float[] row0 = new float[2];
        float[] row1 = new float[2];

        Pooling.MEAN.pool(HIDDEN, MASK, 0, 3, 2, row0);
        Pooling.MEAN.pool(HIDDEN, MASK, 1, 3, 2, row1);

        assertThat(row0).containsExactly(3f, 4f);
        assertThat(row1).containsExactly(20f, 30f);
    }

    @Test
    void meanOfAFullyMaskedRowIsZeroNotNaN() {
        float[] out = new float[2];

        Pooling.MEAN.pool(new float[] {5, 5}, new long[] {0}, 0, 1, 2, out);

        assertThat(out).containsExactly(0f, 0f);
    }

    @Test
    void clsTakesTheFirstTokenOfTheRow() {
        float[] out = new float[2];

        Pooling.CLS.pool(HIDDEN, MASK, 1, 3, 2, out);

        assertThat(out).containsExactly(10f, 20f);
    }

    @Test
    void normalizeGivesUnitLengthAndLeavesZeroAlone() {
        float[] v = {3, 4};
        float[] zero = {0, 0};

        Vectors.normalize(v);
        Vectors.normalize(zero);

        assertThat(v[0]).isCloseTo(0.6f, within(1e-7f));
        assertThat(v[1]).isCloseTo(0.8f, within(1e-7f));
        assertThat(zero).containsExactly(0f, 0f);
    }
}
