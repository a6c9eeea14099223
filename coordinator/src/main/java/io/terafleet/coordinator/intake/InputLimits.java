package io.terafleet.coordinator.intake;

/**
 * Bounds on what one job submission may contain; validated at construction.
 *
 * @param maxInputs    most lines (inputs) in one file
 * @param maxLineBytes most UTF-8 bytes in one line
 * @param maxErrors    most errors reported for one rejected file (the rest are counted, not listed)
 */
public record InputLimits(int maxInputs, int maxLineBytes, int maxErrors) {
    public static final InputLimits DEFAULTS = new InputLimits(50_000, 32 * 1024, 100);

    public InputLimits {
        if (maxInputs < 1) {
            throw new IllegalArgumentException("maxInputs: must be at least 1, was " + maxInputs);
        }
        if (maxLineBytes < 64) {
            throw new IllegalArgumentException("maxLineBytes: must be at least 64, was " + maxLineBytes);
        }
        if (maxErrors < 1) {
            throw new IllegalArgumentException("maxErrors: must be at least 1, was " + maxErrors);
        }
    }

    /** The largest body that can be a valid file: every line full, plus its newline. */
    public long maxBodyBytes() {
        return (long) maxInputs * (maxLineBytes + 2);
    }
}
