package io.terafleet.core.verification;

import java.util.Objects;

/**
 * An input whose correct output is known, computed ahead on reference hardware: the stuff canaries
 * are made of. Its text looks like any customer's input, so a car cannot tell a canary apart.
 */
public record KnownAnswer(String id, String input, float[] expected, String referenceHardware) {
    public KnownAnswer {
        if (id == null || id.isBlank()) {
            throw new IllegalArgumentException("id: must not be empty");
        }
        Objects.requireNonNull(input, "input: must not be null");
        Objects.requireNonNull(expected, "expected: must not be null");
        if (referenceHardware == null || referenceHardware.isBlank()) {
            throw new IllegalArgumentException("referenceHardware: must not be empty");
        }
    }
}
