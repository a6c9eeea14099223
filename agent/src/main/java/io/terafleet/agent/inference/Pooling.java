package io.terafleet.agent.inference;

/**
 * How token vectors become one sentence vector, matching sentence-transformers' {@code Pooling} module.
 * The result is not yet normalised; {@link Vectors#normalize} does that afterwards.
 */
public enum Pooling {

    /** Attention-mask-weighted mean of all token vectors (all-MiniLM-L6-v2). */
    MEAN {
        @Override
        void pool(float[] hidden, long[] mask, int row, int seqLength, int dims, float[] out) {
            // Accumulate in double: a 256-token sum in float would drift in the last bits, and the
            // result should not depend on how much padding shares the batch.
            double[] sum = new double[dims];
            double tokens = 0;
            for (int t = 0; t < seqLength; t++) {
                long weight = mask[row * seqLength + t];
                if (weight == 0) {
                    continue;
                }
                int base = (row * seqLength + t) * dims;
                for (int d = 0; d < dims; d++) {
                    sum[d] += weight * hidden[base + d];
                }
                tokens += weight;
            }
            double divisor = Math.max(tokens, 1e-9); // sentence-transformers clamps the same way
            for (int d = 0; d < dims; d++) {
                out[d] = (float) (sum[d] / divisor);
            }
        }
    },

    /** The first ([CLS]) token's vector (bge models). */
    CLS {
        @Override
        void pool(float[] hidden, long[] mask, int row, int seqLength, int dims, float[] out) {
            System.arraycopy(hidden, row * seqLength * dims, out, 0, dims);
        }
    };

    /**
     * Pools one batch row of a flattened {@code [batch, seqLength, dims]} hidden-state tensor into
     * {@code out}. {@code mask} is the flattened {@code [batch, seqLength]} attention mask.
     */
    abstract void pool(float[] hidden, long[] mask, int row, int seqLength, int dims, float[] out);
}
