package io.terafleet.core.verification;

import java.util.List;
import java.util.Objects;

/**
 * Decides whether two outputs for the same input agree, by the policy's {@link OutputKind}.
 * Bitwise equality is used only when it is switched on and both outputs come from the same hardware
 * class: across classes (and across batchings of int8 models) floating-point results differ by design.
 */
public final class OutputComparator {
    private final OutputKind kind;
    private final boolean exactWithinHardwareClass;

    public OutputComparator(OutputKind kind, boolean exactWithinHardwareClass) {
        this.kind = Objects.requireNonNull(kind, "kind: must not be null");
        this.exactWithinHardwareClass = exactWithinHardwareClass;
    }

    public OutputKind kind() {
        return kind;
    }

    public Comparison compare(ReplicaResult a, ReplicaResult b) {
        return compare(a.vector(), a.hardwareClass(), b.vector(), b.hardwareClass());
    }

    /** Two whole units agree when every input agrees; the score is the worst input's. */
    public Comparison compare(UnitReplica a, UnitReplica b) {
        return compareAll(a.outputs(), a.hardwareClass(), b.outputs(), b.hardwareClass());
    }

    /** Input by input; lists of different lengths disagree. */
    public Comparison compareAll(List<float[]> a, String hardwareA, List<float[]> b, String hardwareB) {
        if (a.size() != b.size()) {
            return Comparison.disagreeing(Double.NEGATIVE_INFINITY, "count",
                    "different numbers of outputs: " + a.size() + " vs " + b.size());
        }
        Comparison worst = null;
        for (int i = 0; i < a.size(); i++) {
            Comparison c = compare(a.get(i), hardwareA, b.get(i), hardwareB);
            if (!c.agree()) {
                return new Comparison(false, c.score(), c.method(), "output " + i + ": " + c.detail());
            }
            if (worst == null || c.score() < worst.score()) {
                worst = c;
            }
        }
        return worst != null ? worst : Comparison.agreeing(1, "empty");
    }

    public Comparison compare(float[] a, String hardwareA, float[] b, String hardwareB) {
        if (a == null || b == null) {
            return Comparison.disagreeing(Double.NEGATIVE_INFINITY, "missing", "an output is missing");
        }
        if (a.length != b.length) {
            return Comparison.disagreeing(Double.NEGATIVE_INFINITY, "length",
                    "different lengths: " + a.length + " vs " + b.length);
        }
        if (exactWithinHardwareClass && hardwareA != null && hardwareA.equals(hardwareB)) {
            return exact(a, b);
        }
        return switch (kind) {
            case OutputKind.Embedding e -> cosine(a, b, e.minCosine());
            case OutputKind.ClassLabel c -> argmax(a, b);
            case OutputKind.Tensor t -> allClose(a, b, t.absTolerance(), t.relTolerance());
        };
    }

    static Comparison exact(float[] a, float[] b) {
        for (int i = 0; i < a.length; i++) {
            if (Float.floatToIntBits(a[i]) != Float.floatToIntBits(b[i])) {
                return Comparison.disagreeing(0, "exact", "element " + i + " differs: " + a[i] + " vs " + b[i]);
            }
        }
        return Comparison.agreeing(1, "exact");
    }

    static Comparison cosine(float[] a, float[] b, double minCosine) {
        double cosine = Vectors.cosine(a, b);
        if (Double.isNaN(cosine)) {
            return Comparison.disagreeing(Double.NEGATIVE_INFINITY, "cosine", "not comparable (NaN, infinite or zero vector)");
        }
        return cosine >= minCosine ? Comparison.agreeing(cosine, "cosine")
                : Comparison.disagreeing(cosine, "cosine", "cosine " + cosine + " < " + minCosine);
    }

    static Comparison argmax(float[] a, float[] b) {
        int ia = Vectors.argmax(a);
        int ib = Vectors.argmax(b);
        if (ia < 0 || ib < 0) {
            return Comparison.disagreeing(Double.NEGATIVE_INFINITY, "argmax", "no class (empty, or NaN scores)");
        }
        return ia == ib ? Comparison.agreeing(1, "argmax")
                : Comparison.disagreeing(0, "argmax", "class " + ia + " vs " + ib);
    }

    static Comparison allClose(float[] a, float[] b, double abs, double rel) {
        double worstExcess = Double.NEGATIVE_INFINITY;
        int worstIndex = -1;
        for (int i = 0; i < a.length; i++) {
            double x = a[i];
            double y = b[i];
            if (!Double.isFinite(x) || !Double.isFinite(y)) {
                return Comparison.disagreeing(Double.NEGATIVE_INFINITY, "allclose", "element " + i + " is not finite");
            }
            double excess = Math.abs(x - y) - (abs + rel * Math.max(Math.abs(x), Math.abs(y)));
            if (excess > worstExcess) {
                worstExcess = excess;
                worstIndex = i;
            }
        }
        if (worstIndex < 0 || worstExcess <= 0) {
            return Comparison.agreeing(worstIndex < 0 ? 0 : -worstExcess, "allclose");
        }
        return Comparison.disagreeing(-worstExcess, "allclose", "element " + worstIndex + ": "
                + a[worstIndex] + " vs " + b[worstIndex] + " beyond abs " + abs + " + rel " + rel);
    }
}
