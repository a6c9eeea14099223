package io.terafleet.core.verification;

/** How a car did on a canary unit. */
public sealed interface CanaryVerdict {

    /** Every output matched its known answer; {@code worstScore} is the closest call. */
    record Passed(int outputs, double worstScore) implements CanaryVerdict {
    }

    /** At least one output did not match: {@code index} is the first, with why. */
    record Failed(int index, Comparison comparison) implements CanaryVerdict {
    }

    default boolean passed() {
        return this instanceof Passed;
    }
}
