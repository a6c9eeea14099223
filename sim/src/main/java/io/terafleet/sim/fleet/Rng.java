package io.terafleet.sim.fleet;

/**
 * SplitMix64, one per worker thread and reseeded per car: a car's draws depend only on the seed and its index, so
 * a run gives the same fleet whatever the number of threads, and no object is made per car.
 */
final class Rng {
    private long state;

    static long mix(long z) {
        z = (z ^ (z >>> 30)) * 0xbf58476d1ce4e5b9L;
        z = (z ^ (z >>> 27)) * 0x94d049bb133111ebL;
        return z ^ (z >>> 31);
    }

    /** A stream for {@code car} and {@code purpose} (attributes, schedule, ...) under {@code seed}. */
    void reset(long seed, long car, int purpose) {
        state = mix(seed * 0x9e3779b97f4a7c15L + car) + purpose * 0x632be59bd9b4e019L;
    }

    double nextDouble() {
        state += 0x9e3779b97f4a7c15L;
        return (mix(state) >>> 11) * 0x1.0p-53;
    }

    /** Standard normal by Box-Muller; one value per call keeps the stream simple. */
    double nextGaussian() {
        double u = Math.max(nextDouble(), 1e-12);
        return Math.sqrt(-2 * Math.log(u)) * Math.cos(2 * Math.PI * nextDouble());
    }

    /** A uniform number for (car, step) without a stream: the demand thinning draw. */
    static double uniform(long seed, long car, int step) {
        return (mix(seed ^ mix(car * 0x9e3779b97f4a7c15L + step)) >>> 11) * 0x1.0p-53;
    }
}
