package io.terafleet.core.energy;

import java.time.Duration;
import java.util.Objects;

/**
 * A class of in-car AI computer and the electrical power it draws while running inference flat out.
 *
 * <p>The wattages are assumptions, not measurements: {@link #HW3} ≈ 72 W follows public teardown figures for
 * Tesla's HW3 board under load; {@link #HW4} ≈ 160 W is an estimate for the newer, larger board. Fleets override
 * them through {@link PowerModel#withHardware(String, double)} once they have measured their cars.
 */
public record ComputeHardware(String name, double watts) {
    public static final ComputeHardware HW3 = new ComputeHardware("HW3", 72);
    public static final ComputeHardware HW4 = new ComputeHardware("HW4", 160);

    public ComputeHardware {
        Objects.requireNonNull(name, "name: must not be null");
        if (name.isBlank()) {
            throw new IllegalArgumentException("name: must not be blank");
        }
        if (!(watts > 0 && Double.isFinite(watts))) {
            throw new IllegalArgumentException("watts: must be > 0, was " + watts);
        }
    }

    public double kilowatts() {
        return watts / 1000;
    }

    /** Energy one work unit costs: power × the time the computer spent on it. */
    public double energyKwh(Duration computeTime) {
        return Energy.kilowattHours(watts, computeTime);
    }

    public double energyWh(Duration computeTime) {
        return Energy.wattHours(watts, computeTime);
    }
}
