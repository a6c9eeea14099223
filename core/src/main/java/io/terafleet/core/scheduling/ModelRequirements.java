package io.terafleet.core.scheduling;

/** What a model needs of a car's computer to run at all. */
public record ModelRequirements(int minMemoryMb, int minAcceleratorLevel) {
    /** Small embedding models run on any car. */
    public static final ModelRequirements NONE = new ModelRequirements(0, 0);

    public ModelRequirements {
        if (minMemoryMb < 0) {
            throw new IllegalArgumentException("minMemoryMb: must not be negative, was " + minMemoryMb);
        }
        if (minAcceleratorLevel < 0) {
            throw new IllegalArgumentException("minAcceleratorLevel: must not be negative, was " + minAcceleratorLevel);
        }
    }
}
