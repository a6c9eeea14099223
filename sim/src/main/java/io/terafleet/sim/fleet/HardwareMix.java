package io.terafleet.sim.fleet;

import io.terafleet.core.energy.ComputeHardware;
import io.terafleet.core.energy.PowerModel;

/**
 * One class of in-car computer in the fleet.
 *
 * @param name                 hardware class, e.g. HW3; known names take their power from core's {@link PowerModel}
 *                             unless {@code watts} overrides it
 * @param watts                power drawn while computing, or null for the {@link PowerModel} figure
 * @param inferencesPerSecond  throughput on the reference model (all-MiniLM-L6-v2 sentence embeddings)
 * @param tokensPerSecond      generated tokens per second on the reference generation model, or null when this
 *                             class does not run generation
 * @param share                share of the fleet with this computer
 */
public record HardwareMix(String name, Double watts, double inferencesPerSecond, Double tokensPerSecond,
                          double share, String source) {
    public HardwareMix {
        Check.present("name", name);
        if (watts != null) {
            Check.positive("watts", watts);
        } else if (PowerModel.defaults().hardware(name).isEmpty()) {
            throw new IllegalArgumentException("watts: must be set for hardware " + name
                    + ", which core's power model does not know");
        }
        Check.positive("inferencesPerSecond", inferencesPerSecond);
        if (tokensPerSecond != null) {
            Check.positive("tokensPerSecond", tokensPerSecond);
        }
        Check.within("share", share, 0, 1);
        Check.source(source);
    }

    /** Items per second for a workload: {@code embeddings} (inferences) or {@code generation} (tokens). */
    public double throughput(String workload) {
        return switch (workload) {
            case Scenario.EMBEDDINGS -> inferencesPerSecond;
            case Scenario.GENERATION -> {
                if (tokensPerSecond == null) {
                    throw new IllegalArgumentException("tokensPerSecond: must be set for hardware " + name
                            + " to run the generation workload");
                }
                yield tokensPerSecond;
            }
            default -> throw new IllegalArgumentException("workload: must be embeddings or generation, was "
                    + workload);
        };
    }

    /** The computer as core models it: the power model's figure, or this scenario's override. */
    public ComputeHardware hardware() {
        PowerModel model = PowerModel.defaults();
        if (watts != null) {
            model = model.withHardware(name, watts);
        }
        return model.hardware(name).orElseThrow();
    }
}
