package io.terafleet.core.verification;

/**
 * What a model outputs, and so how two outputs for the same input are compared. Inference on
 * different chips (and with different batch padding) is not bit-for-bit reproducible, so every kind
 * carries its tolerance.
 */
public sealed interface OutputKind {

    /** Embedding vectors, equal enough when their cosine similarity is at least {@code minCosine}. */
    record Embedding(double minCosine) implements OutputKind {
        /**
         * 0.98: int8 models shift their output with batch padding (cosine ≈ 0.989 seen between two
         * batchings of the same sentence), while a wrong or made-up vector lands far lower.
         */
        public static final double DEFAULT_MIN_COSINE = 0.98;

        public Embedding {
            if (!(minCosine > 0 && minCosine <= 1)) {
                throw new IllegalArgumentException("minCosine: must be within (0, 1], was " + minCosine);
            }
        }

        public static Embedding defaults() {
            return new Embedding(DEFAULT_MIN_COSINE);
        }
    }

    /** Class scores (logits or probabilities): two outputs agree when their argmax is the same class. */
    record ClassLabel() implements OutputKind {
    }

    /**
     * Any other tensor, element by element: {@code |a - b| <= absTolerance + relTolerance * max(|a|, |b|)}
     * (symmetric, unlike numpy's allclose, so that the order of two replicas never matters).
     */
    record Tensor(double absTolerance, double relTolerance) implements OutputKind {
        public Tensor {
            if (!(absTolerance >= 0 && Double.isFinite(absTolerance))) {
                throw new IllegalArgumentException("absTolerance: must be a finite number ≥ 0, was " + absTolerance);
            }
            if (!(relTolerance >= 0 && relTolerance < 1)) {
                throw new IllegalArgumentException("relTolerance: must be within [0, 1), was " + relTolerance);
            }
            if (absTolerance == 0 && relTolerance == 0) {
                throw new IllegalArgumentException("absTolerance: with relTolerance 0 it must be > 0;"
                        + " bitwise equality is exactWithinHardwareClass");
            }
        }
    }
}
