package io.terafleet.core.verification;

import java.util.ArrayList;
import java.util.List;
import java.util.random.RandomGenerator;

/**
 * Canaries: units made of inputs with known answers, mixed into ordinary work. A canary unit has the
 * same size as the units around it, inputs drawn from a pool of known answers (so no two canaries need
 * look alike) and is leased like any unit, so a car cannot tell it from customer work. All choices
 * come from the random source passed in: the same seed plans the same canaries.
 */
public final class CanaryPlanner {
    private final List<KnownAnswer> pool;
    private final double rate;

    public CanaryPlanner(List<KnownAnswer> pool, double rate) {
        this.pool = List.copyOf(pool);
        if (!(rate >= 0 && rate <= 0.5)) {
            throw new IllegalArgumentException("rate: must be within [0, 0.5], was " + rate);
        }
        if (rate > 0 && this.pool.isEmpty()) {
            throw new IllegalArgumentException("pool: needs at least one known answer when rate > 0");
        }
        this.rate = rate;
    }

    public static CanaryPlanner of(List<KnownAnswer> pool, VerificationPolicy policy) {
        return new CanaryPlanner(pool, policy.canaryRate());
    }

    public double rate() {
        return rate;
    }

    /**
     * Where canaries go among a job's {@code unitCount} units: the 0-based positions, in the merged
     * sequence of {@code unitCount + positions.size()} units, that are canaries (ascending). Before each
     * ordinary unit comes a canary with probability {@code rate / (1 - rate)}, so that canaries make up
     * {@code rate} of all units on average and may sit anywhere but last.
     */
    public List<Integer> positions(int unitCount, RandomGenerator random) {
        if (unitCount < 0) {
            throw new IllegalArgumentException("unitCount: must be ≥ 0, was " + unitCount);
        }
        double odds = rate / (1 - rate);
        List<Integer> positions = new ArrayList<>();
        for (int unit = 0; unit < unitCount; unit++) {
            if (random.nextDouble() < odds) {
                positions.add(unit + positions.size());
            }
        }
        return List.copyOf(positions);
    }

    /** Should this lease carry a canary? For leasing that mixes canaries in per lease, not per job. */
    public boolean nextIsCanary(RandomGenerator random) {
        return rate > 0 && random.nextDouble() < rate;
    }

    /** A canary unit of {@code size} inputs drawn from the pool (without repeats while the pool lasts). */
    public List<KnownAnswer> draw(int size, RandomGenerator random) {
        if (size < 1) {
            throw new IllegalArgumentException("size: must be ≥ 1, was " + size);
        }
        if (pool.isEmpty()) {
            throw new IllegalStateException("pool: no known answers to draw from");
        }
        List<KnownAnswer> left = new ArrayList<>(pool);
        List<KnownAnswer> drawn = new ArrayList<>(size);
        for (int i = 0; i < size; i++) {
            if (left.isEmpty()) {
                left.addAll(pool);
            }
            drawn.add(left.remove(random.nextInt(left.size())));
        }
        return drawn;
    }

    /**
     * Checks a car's outputs for a canary unit against the known answers, with the job's comparator
     * (bitwise only if the policy says so and the car has the reference's hardware class).
     */
    public static CanaryVerdict check(List<KnownAnswer> canary, List<float[]> outputs, String hardwareClass,
                                      OutputComparator comparator) {
        if (outputs.size() != canary.size()) {
            return new CanaryVerdict.Failed(Math.min(outputs.size(), canary.size()), new Comparison(false,
                    Double.NEGATIVE_INFINITY, "count", outputs.size() + " outputs for " + canary.size() + " inputs"));
        }
        double worst = Double.POSITIVE_INFINITY;
        for (int i = 0; i < canary.size(); i++) {
            KnownAnswer answer = canary.get(i);
            Comparison c = comparator.compare(outputs.get(i), hardwareClass, answer.expected(), answer.referenceHardware());
            if (!c.agree()) {
                return new CanaryVerdict.Failed(i, c);
            }
            worst = Math.min(worst, c.score());
        }
        return new CanaryVerdict.Passed(canary.size(), canary.isEmpty() ? 1 : worst);
    }
}
