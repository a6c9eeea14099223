package io.terafleet.sim.harness;

/**
 * Lying cars and the verification that must catch them.
 *
 * @param wrongShare   share of cars that return wrong embeddings (each its own)
 * @param colludeShare share of cars that return the same wrong embedding as each other
 * @param inflateShare share of cars that report fifty times the energy they used
 * @param replication  agreeing replicas each input needs (1: none, accepted as it comes)
 * @param adaptive     trusted cars compute alone, with spot checks
 * @param canaries     inputs with known answers in the canary pool (0: no canaries)
 */
public record Adversity(double wrongShare, double colludeShare, double inflateShare, int replication,
                        boolean adaptive, int canaries) {
    /** Honest cars, results accepted as they come: the plain fault sweep. */
    public static final Adversity NONE = new Adversity(0, 0, 0, 1, false, 0);

    public Adversity {
        share("wrongShare", wrongShare);
        share("colludeShare", colludeShare);
        share("inflateShare", inflateShare);
        if (replication < 1 || replication > 8) {
            throw new IllegalArgumentException("replication: must be within 1..8, was " + replication);
        }
        if (adaptive && replication < 2) {
            throw new IllegalArgumentException("adaptive: needs replication of 2 or more");
        }
        if (canaries < 0) {
            throw new IllegalArgumentException("canaries: must be ≥ 0, was " + canaries);
        }
    }

    /** 10% wrong, 5% colluding, 10% inflating energy; two replicas, adaptive, 40 canaries. */
    public static Adversity hostile() {
        return new Adversity(0.10, 0.05, 0.10, 2, true, 40);
    }

    /** A share of cars lying (half on their own, half colluding), with the same verification. */
    public static Adversity lying(double share) {
        return new Adversity(share / 2, share / 2, 0, 2, true, 40);
    }

    public boolean verifies() {
        return replication > 1 || canaries > 0;
    }

    private static void share(String field, double value) {
        if (!(value >= 0 && value <= 1)) {
            throw new IllegalArgumentException(field + ": must be within 0..1, was " + value);
        }
    }
}
