package io.terafleet.core.verification;

/** Vector arithmetic in double precision, so that 384 float32 products do not lose the comparison. */
final class Vectors {
    private Vectors() {
    }

    /** Cosine similarity; NaN when either vector is zero or holds a NaN or an infinity. */
    static double cosine(float[] a, float[] b) {
        double dot = 0;
        double normA = 0;
        double normB = 0;
        for (int i = 0; i < a.length; i++) {
            dot += (double) a[i] * b[i];
            normA += (double) a[i] * a[i];
            normB += (double) b[i] * b[i];
        }
        if (!(normA > 0 && normB > 0) || !Double.isFinite(dot) || !Double.isFinite(normA) || !Double.isFinite(normB)) {
            return Double.NaN;
        }
        return dot / Math.sqrt(normA * normB);
    }

    /** Index of the largest element (the first on a tie), or -1 when empty or a score is NaN. */
    static int argmax(float[] scores) {
        int best = -1;
        for (int i = 0; i < scores.length; i++) {
            if (Float.isNaN(scores[i])) {
                return -1;
            }
            if (best < 0 || scores[i] > scores[best]) {
                best = i;
            }
        }
        return best;
    }
}
