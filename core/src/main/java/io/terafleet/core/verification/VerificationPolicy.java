package io.terafleet.core.verification;

/**
 * How one job's results are verified.
 *
 * @param replication              replicas per unit for a car that is not trusted (1 = no replication)
 * @param maxReplicas              the most replicas a unit may use while looking for a majority
 * @param output                   what the model outputs, with its tolerance
 * @param exactWithinHardwareClass compare bit for bit when both results come from the same hardware
 *                                 class; only for pipelines whose batching is fixed (int8 models shift
 *                                 with batch padding), and never across classes
 * @param canaryRate               share of units that are canaries with known answers, within [0, 0.5]
 * @param adaptive                 adaptive replication and the trust rules behind it
 */
public record VerificationPolicy(int replication, int maxReplicas, OutputKind output, boolean exactWithinHardwareClass,
                                 double canaryRate, AdaptiveReplication adaptive) {
    public static final int MAX_REPLICAS = 16;

    public VerificationPolicy {
        require(replication >= 1 && replication <= MAX_REPLICAS, "replication",
                "must be within 1.." + MAX_REPLICAS + ", was " + replication);
        require(maxReplicas >= replication && maxReplicas <= MAX_REPLICAS, "maxReplicas",
                "must be within replication.." + MAX_REPLICAS + " (" + replication + ".." + MAX_REPLICAS
                        + "), was " + maxReplicas);
        require(output != null, "output", "must be set");
        require(canaryRate >= 0 && canaryRate <= 0.5, "canaryRate", "must be within [0, 0.5], was " + canaryRate);
        require(adaptive != null, "adaptive", "must be set");
        require(!adaptive.enabled() || replication >= 2, "replication",
                "adaptive replication needs 2 or more replicas for cars not yet trusted, was " + replication);
    }

    /** Embeddings at cosine 0.98, two replicas until a car is trusted, up to 5, 2% canaries, adaptive on. */
    public static VerificationPolicy embeddings() {
        return new VerificationPolicy(2, 5, OutputKind.Embedding.defaults(), false, 0.02, AdaptiveReplication.defaults());
    }

    /** No verification at all: one replica, no canaries (a trusted private fleet). */
    public static VerificationPolicy none(OutputKind output) {
        return new VerificationPolicy(1, 1, output, false, 0, AdaptiveReplication.off());
    }

    public VerificationPolicy withReplication(int k, int max) {
        return new VerificationPolicy(k, max, output, exactWithinHardwareClass, canaryRate, adaptive);
    }

    public VerificationPolicy withOutput(OutputKind kind) {
        return new VerificationPolicy(replication, maxReplicas, kind, exactWithinHardwareClass, canaryRate, adaptive);
    }

    public VerificationPolicy withExactWithinHardwareClass(boolean exact) {
        return new VerificationPolicy(replication, maxReplicas, output, exact, canaryRate, adaptive);
    }

    public VerificationPolicy withCanaryRate(double rate) {
        return new VerificationPolicy(replication, maxReplicas, output, exactWithinHardwareClass, rate, adaptive);
    }

    public VerificationPolicy withAdaptive(AdaptiveReplication rules) {
        return new VerificationPolicy(replication, maxReplicas, output, exactWithinHardwareClass, canaryRate, rules);
    }

    /** The comparator this policy implies. */
    public OutputComparator comparator() {
        return new OutputComparator(output, exactWithinHardwareClass);
    }

    private static void require(boolean ok, String field, String detail) {
        if (!ok) {
            throw new IllegalArgumentException(field + ": " + detail);
        }
    }
}
