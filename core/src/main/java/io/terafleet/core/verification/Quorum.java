package io.terafleet.core.verification;

import java.util.ArrayList;
import java.util.List;
import java.util.function.BiFunction;

/**
 * A tolerance-aware quorum. Outputs that agree within tolerance are not equal, and agreement is not
 * transitive (a ≈ b and b ≈ c does not give a ≈ c), so replicas are not grouped by value: each is a
 * candidate, its support is the number of replicas (itself included) that agree with it, and the
 * candidate with the most support wins if that is a strict majority of the replicas counted. Only the
 * first replica of each owner counts.
 *
 * <p>Nothing is decided before {@code target} replicas are in. Without a majority, more replicas are
 * asked for, as few as could still make one, up to {@code maxReplicas}; past that there is no consensus.
 */
public final class Quorum {
    private final OutputComparator comparator;
    private final int maxReplicas;

    public Quorum(OutputComparator comparator, int maxReplicas) {
        if (maxReplicas < 1) {
            throw new IllegalArgumentException("maxReplicas: must be ≥ 1, was " + maxReplicas);
        }
        this.comparator = comparator;
        this.maxReplicas = maxReplicas;
    }

    public static Quorum of(VerificationPolicy policy) {
        return new Quorum(policy.comparator(), policy.maxReplicas());
    }

    /** Decides on the replicas of one input. */
    public QuorumDecision<ReplicaResult> decide(List<ReplicaResult> replicas, int target) {
        return decide(replicas, target, comparator::compare);
    }

    /**
     * As {@link #decide(List, int)}, where owners {@code held} (on probation) never make a quorum among
     * themselves: an agreement that no replica of another owner supports asks for one more replica, and is no
     * consensus once the limit is reached.
     */
    public QuorumDecision<ReplicaResult> decide(List<ReplicaResult> replicas, int target,
                                                java.util.function.Predicate<String> held) {
        QuorumDecision<ReplicaResult> decision = decide(replicas, target);
        if (!(decision instanceof QuorumDecision.Agreed<ReplicaResult> agreed)
                || agreed.valid().stream().anyMatch(r -> !held.test(r.ownerId()))) {
            return decision;
        }
        int counted = agreed.valid().size() + agreed.invalid().size();
        if (counted < maxReplicas) {
            return new QuorumDecision.NeedMore<>(1, "agreement only among owners on probation");
        }
        return new QuorumDecision.NoConsensus<>(agreed.valid(), "agreement only among owners on probation and the"
                + " limit is " + maxReplicas);
    }

    /** Decides on whole units: two replicas agree when every one of their outputs does. */
    public QuorumDecision<UnitReplica> decideUnit(List<UnitReplica> replicas, int target) {
        return decide(replicas, target, comparator::compare);
    }

    private <R extends Replica> QuorumDecision<R> decide(List<R> replicas, int target,
                                                         BiFunction<R, R, Comparison> compare) {
        if (target < 1 || target > maxReplicas) {
            throw new IllegalArgumentException("target: must be within 1.." + maxReplicas + ", was " + target);
        }
        var byOwner = Replicas.firstPerOwner(replicas);
        List<R> counted = byOwner.counted();
        int n = counted.size();
        if (n < target) {
            return new QuorumDecision.NeedMore<>(target - n, n + " of " + target + " replicas in");
        }
        Candidate best = bestCandidate(counted, compare);
        if (best.support() > n / 2) {
            return agreed(counted, byOwner.ignored(), best.index(), compare);
        }
        int more = fewestMoreForMajority(n, best.support());
        if (more > 0) {
            return new QuorumDecision.NeedMore<>(more, "no majority: at most " + best.support() + " of " + n + " agree");
        }
        return new QuorumDecision.NoConsensus<>(counted, "no majority among " + n + " replicas (at most "
                + best.support() + " agree) and the limit is " + maxReplicas);
    }

    private record Candidate(int index, int support, double closeness) {
    }

    private static <R extends Replica> Candidate bestCandidate(List<R> counted, BiFunction<R, R, Comparison> compare) {
        int n = counted.size();
        int[] support = new int[n];
        double[] closeness = new double[n];
        for (int i = 0; i < n; i++) {
            support[i]++;
            for (int j = i + 1; j < n; j++) {
                Comparison c = compare.apply(counted.get(i), counted.get(j));
                if (c.agree()) {
                    support[i]++;
                    support[j]++;
                    closeness[i] += c.score();
                    closeness[j] += c.score();
                }
            }
        }
        Candidate best = new Candidate(0, support[0], closeness[0]);
        for (int i = 1; i < n; i++) {
            boolean better = support[i] > best.support()
                    || (support[i] == best.support() && closeness[i] > best.closeness());
            if (better) {
                best = new Candidate(i, support[i], closeness[i]);
            }
        }
        return best;
    }

    private <R extends Replica> QuorumDecision<R> agreed(List<R> counted, List<R> ignored, int canonicalIndex,
                                                         BiFunction<R, R, Comparison> compare) {
        R canonical = counted.get(canonicalIndex);
        List<R> valid = new ArrayList<>();
        List<R> invalid = new ArrayList<>();
        for (int i = 0; i < counted.size(); i++) {
            boolean agrees = i == canonicalIndex || compare.apply(canonical, counted.get(i)).agree();
            (agrees ? valid : invalid).add(counted.get(i));
        }
        return new QuorumDecision.Agreed<>(canonical, valid, invalid, ignored);
    }

    /**
     * The fewest extra replicas that, all agreeing with the best candidate, would make it a strict
     * majority; 0 when none within the limit could.
     */
    private int fewestMoreForMajority(int n, int support) {
        for (int more = 1; n + more <= maxReplicas; more++) {
            if (support + more > (n + more) / 2) {
                return more;
            }
        }
        return 0;
    }
}
