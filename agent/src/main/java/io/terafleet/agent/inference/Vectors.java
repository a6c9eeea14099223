package io.terafleet.agent.inference;

/** Small vector helpers shared by pooling and tests. */
final class Vectors {

    /** Same floor as torch.nn.functional.normalize, so an all-zero vector stays zero instead of NaN. */
    private static final double NORM_FLOOR = 1e-12;

    private Vectors() {
    }

    /** Scales {@code v} in place to unit L2 norm. */
    static void normalize(float[] v) {
        double norm = Math.max(Math.sqrt(dot(v, v)), NORM_FLOOR);
        for (int i = 0; i < v.length; i++) {
            v[i] = (float) (v[i] / norm);
        }
    }

    static double dot(float[] a, float[] b) {
        if (a.length != b.length) {
            throw new IllegalArgumentException("length mismatch: " + a.length + " vs " + b.length);
        }
        double sum = 0;
        for (int i = 0; i < a.length; i++) {
            sum += (double) a[i] * b[i];
        }
        return sum;
    }

    /** Cosine similarity; for unit vectors this equals {@link #dot}. */
    static double cosine(float[] a, float[] b) {
        return dot(a, b) / Math.max(Math.sqrt(dot(a, a)) * Math.sqrt(dot(b, b)), NORM_FLOOR);
    }
}
