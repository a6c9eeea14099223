package io.terafleet.sim.fleet;

import java.util.List;

/**
 * Battery sizes and the state of charge cars start the simulation with.
 *
 * @param capacities            net capacity classes in kWh and their shares
 * @param initialSocMeanPercent mean state of charge at the start (normal, clipped to 5..100)
 * @param initialSocSdPercent   its standard deviation
 */
public record Battery(List<Share> capacities, double initialSocMeanPercent, double initialSocSdPercent,
                      String source) {
    public Battery {
        capacities = Check.nonEmpty("capacities", capacities);
        Share.requireMix("capacities", capacities);
        Check.within("initialSocMeanPercent", initialSocMeanPercent, 0, 100);
        Check.within("initialSocSdPercent", initialSocSdPercent, 0, 50);
        Check.source(source);
    }
}
