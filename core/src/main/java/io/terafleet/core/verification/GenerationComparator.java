package io.terafleet.core.verification;

/**
 * Decides whether two generations of the same request agree, or whether a generation agrees with a trusted car's
 * re-scoring of it. Sampling depends only on the seed and the position, so two honest replicas on one hardware
 * class draw the same tokens; across classes floating point differs, so tokens may part where two were nearly
 * tied, and log-probabilities are compared with a tolerance.
 *
 * @param logprobTolerance how far two honest cars' log-probabilities of one token may lie apart (nats)
 */
public record GenerationComparator(double logprobTolerance) {
    /** Log-probabilities of one token under two runtimes differ by far less; a made-up value by far more. */
    public static final double DEFAULT_TOLERANCE = 0.05;

    public GenerationComparator {
        if (!(logprobTolerance >= 0 && Double.isFinite(logprobTolerance))) {
            throw new IllegalArgumentException("logprobTolerance: must be a finite number >= 0, was " + logprobTolerance);
        }
    }

    public static GenerationComparator defaults() {
        return new GenerationComparator(DEFAULT_TOLERANCE);
    }

    /**
     * Two replicas of one seeded request. Same hardware class: the same tokens, and log-probabilities within
     * the tolerance (batch composition moves the last bits). Across classes: the same tokens up to the first
     * difference, log-probabilities within the tolerance up to there, and at the difference a near tie (each
     * car's token about as likely as the other's), after which the texts legitimately part.
     */
    public Comparison replicas(int[] tokensA, float[] logprobsA, String hardwareA, int[] tokensB, float[] logprobsB,
                               String hardwareB) {
        int common = Math.min(tokensA.length, tokensB.length);
        int first = 0;
        while (first < common && tokensA[first] == tokensB[first]) {
            first++;
        }
        Comparison prefix = logprobs(logprobsA, logprobsB, first);
        if (!prefix.agree()) {
            return prefix;
        }
        boolean sameClass = hardwareA != null && hardwareA.equals(hardwareB);
        if (first == tokensA.length && first == tokensB.length) {
            return Comparison.agreeing(prefix.score(), sameClass ? "tokens" : "tokens+logprobs");
        }
        if (sameClass) {
            return Comparison.disagreeing(0, "tokens", "token " + first + " differs on one hardware class ("
                    + describe(tokensA, first) + " vs " + describe(tokensB, first) + ")");
        }
        if (first == common) {
            return Comparison.disagreeing(0, "length", "one answer stops at " + common + " tokens, the other goes on");
        }
        double gap = Math.abs(logprobsA[first] - logprobsB[first]);
        return gap <= 4 * logprobTolerance
                ? Comparison.agreeing(first, "near-tie at " + first)
                : Comparison.disagreeing(0, "tokens", "token " + first + " differs where the cars' choices were not"
                        + " nearly tied (log-probabilities " + logprobsA[first] + " vs " + logprobsB[first] + ")");
    }

    /** A car's reported log-probabilities against a trusted car's teacher-forced scoring of the same tokens. */
    public Comparison rescored(float[] reported, float[] rescored) {
        if (reported.length != rescored.length) {
            return Comparison.disagreeing(Double.NEGATIVE_INFINITY, "length", "reported " + reported.length
                    + " log-probabilities for " + rescored.length + " tokens");
        }
        return logprobs(reported, rescored, reported.length);
    }

    /**
     * A car's answer against a trusted car's teacher-forced check of it: at each position the checking car reports
     * the token its own sampler chooses there (greedy: the argmax; sampled: the seeded draw) and the log-probability
     * the model gives the answered token. The answer holds when every position's choice is the answered token (the
     * checking car reports the answered token where the two were nearly tied) and the answering car's
     * log-probabilities are within the tolerance of the re-scored ones. Plausible but wrong tokens fail on the
     * choice; made-up log-probabilities fail on the tolerance.
     */
    public Comparison teacherForced(int[] answered, float[] reported, int[] chosen, float[] rescored) {
        if (answered.length != chosen.length) {
            return Comparison.disagreeing(Double.NEGATIVE_INFINITY, "length", "checked " + chosen.length
                    + " positions of an answer of " + answered.length + " tokens");
        }
        for (int i = 0; i < answered.length; i++) {
            if (answered[i] != chosen[i]) {
                return Comparison.disagreeing(0, "tokens", "token " + i + ": the model chooses " + chosen[i]
                        + " where the answer has " + answered[i]);
            }
        }
        return rescored(reported, rescored);
    }

    /** Whether two log-probabilities at one position are close enough to call the choice between them a tie. */
    public boolean nearTie(double logprobA, double logprobB) {
        return Math.abs(logprobA - logprobB) <= 4 * logprobTolerance;
    }

    private Comparison logprobs(float[] a, float[] b, int count) {
        double worst = 0;
        for (int i = 0; i < count; i++) {
            if (!Float.isFinite(a[i]) || !Float.isFinite(b[i]) || a[i] > 0 || b[i] > 0) {
                return Comparison.disagreeing(Double.NEGATIVE_INFINITY, "logprobs", "token " + i
                        + ": not a log-probability (" + a[i] + " vs " + b[i] + ")");
            }
            double diff = Math.abs(a[i] - b[i]);
            if (diff > logprobTolerance) {
                return Comparison.disagreeing(-diff, "logprobs", "token " + i + ": log-probability " + a[i] + " vs "
                        + b[i] + ", beyond " + logprobTolerance);
            }
            worst = Math.max(worst, diff);
        }
        return Comparison.agreeing(-worst, "logprobs");
    }

    private static String describe(int[] tokens, int at) {
        return at < tokens.length ? Integer.toString(tokens[at]) : "end";
    }
}
