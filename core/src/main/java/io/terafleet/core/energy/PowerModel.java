package io.terafleet.core.energy;

import java.util.LinkedHashMap;
import java.util.Map;
import java.util.Optional;

/** Power draw per hardware class, by name; defaults to the assumptions in {@link ComputeHardware}. */
public final class PowerModel {
    private final Map<String, ComputeHardware> byName;

    private PowerModel(Map<String, ComputeHardware> byName) {
        this.byName = Map.copyOf(byName);
    }

    public static PowerModel defaults() {
        return new PowerModel(Map.of(ComputeHardware.HW3.name(), ComputeHardware.HW3,
                ComputeHardware.HW4.name(), ComputeHardware.HW4));
    }

    /** A copy with {@code name} drawing {@code watts}, added or replacing the old figure. */
    public PowerModel withHardware(String name, double watts) {
        var copy = new LinkedHashMap<>(byName);
        copy.put(name, new ComputeHardware(name, watts));
        return new PowerModel(copy);
    }

    public Optional<ComputeHardware> hardware(String name) {
        return Optional.ofNullable(byName.get(name));
    }

    public Map<String, ComputeHardware> all() {
        return byName;
    }
}
