package io.terafleet.core.scheduling;

import java.util.Objects;
import java.util.Set;

/**
 * A car asking for work, as the scheduler sees it: what it can run and for how long.
 *
 * @param runnableModels   models the car can run (empty: any)
 * @param cachedModels     models already on the car (no download before work starts)
 * @param throughput       the car's measured inputs per second, or null before its first unit
 * @param availableSeconds seconds until its next departure, or null when none is planned
 * @param onCellular       true when the car's only link is cellular: it must not start a model download
 * @param tokensPerSecond  the car's measured generated tokens per second (all answers of a unit together), or
 *                         null before its first generation unit
 */
public record CarProfile(String carId, HardwareClass hardware, Set<String> runnableModels, Set<String> cachedModels,
                         Double throughput, Long availableSeconds, boolean onCellular, Double tokensPerSecond) {
    public CarProfile(String carId, HardwareClass hardware, Set<String> runnableModels, Set<String> cachedModels,
                      Double throughput, Long availableSeconds, boolean onCellular) {
        this(carId, hardware, runnableModels, cachedModels, throughput, availableSeconds, onCellular, null);
    }

    public CarProfile {
        Objects.requireNonNull(carId, "carId: must be set");
        hardware = hardware == null ? HardwareClass.UNKNOWN : hardware;
        runnableModels = runnableModels == null ? Set.of() : Set.copyOf(runnableModels);
        cachedModels = cachedModels == null ? Set.of() : Set.copyOf(cachedModels);
    }

    public boolean canRun(String model) {
        return runnableModels.isEmpty() || runnableModels.contains(model);
    }

    public boolean holds(String model) {
        return cachedModels.contains(model);
    }
}
