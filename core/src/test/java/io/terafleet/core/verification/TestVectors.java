package io.terafleet.core.verification;

import java.util.random.RandomGenerator;

/** Seeded vectors at a chosen angle from each other, for comparator and quorum tests. */
final class TestVectors {
    static final int DIMENSIONS = 384;

    private TestVectors() {
    }

    static float[] unit(RandomGenerator random) {
        double[] v = gaussian(random);
        normalize(v);
        return toFloats(v);
    }

    /** A unit vector whose cosine with {@code base} (a unit vector) is {@code cosine}, in a random direction. */
    static float[] atCosine(float[] base, double cosine, RandomGenerator random) {
        double[] b = new double[base.length];
        for (int i = 0; i < b.length; i++) {
            b[i] = base[i];
        }
        normalize(b);
        double[] u = gaussian(random);
        double dot = 0;
        for (int i = 0; i < u.length; i++) {
            dot += u[i] * b[i];
        }
        for (int i = 0; i < u.length; i++) {
            u[i] -= dot * b[i];
        }
        normalize(u);
        double sine = Math.sqrt(Math.max(0, 1 - cosine * cosine));
        double[] out = new double[b.length];
        for (int i = 0; i < out.length; i++) {
            out[i] = cosine * b[i] + sine * u[i];
        }
        return toFloats(out);
    }

    static double cosine(float[] a, float[] b) {
        return Vectors.cosine(a, b);
    }

    private static double[] gaussian(RandomGenerator random) {
        double[] v = new double[DIMENSIONS];
        for (int i = 0; i < v.length; i++) {
            v[i] = random.nextGaussian();
        }
        return v;
    }

    private static void normalize(double[] v) {
        double norm = 0;
        for (double x : v) {
            norm += x * x;
        }
        norm = Math.sqrt(norm);
        for (int i = 0; i < v.length; i++) {
            v[i] /= norm;
        }
    }

    private static float[] toFloats(double[] v) {
        float[] f = new float[v.length];
        for (int i = 0; i < v.length; i++) {
            f[i] = (float) v[i];
        }
        return f;
    }
}
