package io.terafleet.generation;

import java.util.Arrays;
import java.util.SplittableRandom;

/**
 * Picks the next token from one row of logits. Sampling at output position {@code i} draws from a
 * random source seeded by {@code (seed, i)} alone, so the same request produces the same tokens on any
 * car, and a request resumed at position {@code k} continues exactly.
 */
final class Sampler {

    private Sampler() {
    }

    /** A chosen token and its log-probability under the unscaled distribution. */
    record Choice(int token, float logprob) {
    }

    static Choice choose(float[] logits, double temperature, double topP, long seed, int position) {
        double max = Double.NEGATIVE_INFINITY;
        int argmax = 0;
        for (int i = 0; i < logits.length; i++) {
            if (logits[i] > max) {
                max = logits[i];
                argmax = i;
            }
        }
        double sum = 0;
        for (float l : logits) {
            sum += Math.exp(l - max);
        }
        double logZ = max + Math.log(sum);
        int token = temperature == 0 ? argmax : sample(logits, max, temperature, topP, uniform(seed, position));
        return new Choice(token, (float) (logits[token] - logZ));
    }

    /** Log-probability of {@code token} in one row of logits. */
    static float logprob(float[] logits, int token) {
        double max = Double.NEGATIVE_INFINITY;
        for (float l : logits) {
            max = Math.max(max, l);
        }
        double sum = 0;
        for (float l : logits) {
            sum += Math.exp(l - max);
        }
        return (float) (logits[token] - max - Math.log(sum));
    }

    static double uniform(long seed, int position) {
        // Two rounds of SplitMix64 finalisation over (seed, position): nearby seeds and positions give
        // unrelated streams, and nothing else (thread, batch, time) enters.
        return new SplittableRandom(mix(mix(seed) + position)).nextDouble();
    }

    private static long mix(long z) {
        z = (z ^ (z >>> 30)) * 0xbf58476d1ce4e5b9L;
        z = (z ^ (z >>> 27)) * 0x94d049bb133111ebL;
        return z ^ (z >>> 31);
    }

    private static int sample(float[] logits, double max, double temperature, double topP, double u) {
        int n = logits.length;
        double[] weights = new double[n];
        double total = 0;
        for (int i = 0; i < n; i++) {
            weights[i] = Math.exp((logits[i] - max) / temperature);
            total += weights[i];
        }
        if (topP >= 1) {
            return inverseCdf(weights, identity(n), n, total * u);
        }
        Integer[] order = new Integer[n];
        Arrays.setAll(order, i -> i);
        // Most likely first; ties by token id so the order never depends on the sort's stability.
        Arrays.sort(order, (a, b) -> weights[a] != weights[b] ? Double.compare(weights[b], weights[a]) : Integer.compare(a, b));
        int[] nucleus = new int[n];
        double kept = 0;
        int size = 0;
        while (size < n && (size == 0 || kept < topP * total)) {
            nucleus[size] = order[size];
            kept += weights[order[size]];
            size++;
        }
        return inverseCdf(weights, nucleus, size, kept * u);
    }

    private static int[] identity(int n) {
        int[] ids = new int[n];
        Arrays.setAll(ids, i -> i);
        return ids;
    }

    private static int inverseCdf(double[] weights, int[] candidates, int size, double target) {
        double cumulative = 0;
        for (int k = 0; k < size; k++) {
            cumulative += weights[candidates[k]];
            if (target < cumulative) {
                return candidates[k];
            }
        }
        return candidates[size - 1];
    }
}
