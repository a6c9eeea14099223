package io.terafleet.core.scheduling;

import java.util.Locale;
import java.util.Map;
import java.util.Objects;
import java.util.Optional;

/**
 * What a class of in-car computer offers a model: memory and accelerator generation. The figures are public
 * descriptions of the boards (HW3: two SoCs with 8 GiB each, HW4: 16 GiB each); the scheduler only compares them
 * with a model's {@link ModelRequirements}.
 *
 * @param acceleratorLevel generation of the neural accelerator; a model asking for level n runs on n and newer
 */
public record HardwareClass(String name, int memoryMb, int acceleratorLevel) {
    public static final HardwareClass HW3 = new HardwareClass("HW3", 8_192, 3);
    public static final HardwareClass HW4 = new HardwareClass("HW4", 16_384, 4);
    /** What a car that does not say its hardware is assumed to have: the least capable class. */
    public static final HardwareClass UNKNOWN = new HardwareClass("unknown", 4_096, 0);

    private static final Map<String, HardwareClass> KNOWN = Map.of("HW3", HW3, "HW4", HW4);

    public HardwareClass {
        Objects.requireNonNull(name, "name: must be set");
        if (memoryMb < 0) {
            throw new IllegalArgumentException("memoryMb: must not be negative, was " + memoryMb);
        }
        if (acceleratorLevel < 0) {
            throw new IllegalArgumentException("acceleratorLevel: must not be negative, was " + acceleratorLevel);
        }
    }

    /** The known class of this name (any case), or {@link #UNKNOWN}. */
    public static HardwareClass of(String name) {
        return Optional.ofNullable(name).map(n -> KNOWN.get(n.toUpperCase(Locale.ROOT))).orElse(UNKNOWN);
    }

    public boolean satisfies(ModelRequirements requirements) {
        return memoryMb >= requirements.minMemoryMb() && acceleratorLevel >= requirements.minAcceleratorLevel();
    }
}
