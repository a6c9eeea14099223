package io.terafleet.sim.fleet;

/**
 * How a parked car's AI computer and battery pack warm and cool: each relaxes towards its surroundings plus the
 * heat it gets, with its own time constant (first-order, lumped). Surroundings are the air plus the sun's gain when
 * the car stands in the sun (at full sunshine); a garaged car at home gets no sun.
 *
 * @param computeKelvinPerWatt    computer's rise above its surroundings per watt it draws, at steady state
 * @param computeMinutes          computer's time constant
 * @param cabinSunGainC           rise of the computer's surroundings (cabin, coolant) in full sun
 * @param packMinutes             pack's time constant
 * @param packSunGainC            rise of the pack's surroundings in full sun
 * @param packKelvinPerComputeKw  pack's rise per kW of compute (shared coolant loop)
 * @param packDrivingRiseC        pack's rise over the air while driving
 * @param garagedAtHomeShare      share of cars parked in a garage or shade at home
 */
public record Thermal(double computeKelvinPerWatt, double computeMinutes, double cabinSunGainC, double packMinutes,
                      double packSunGainC, double packKelvinPerComputeKw, double packDrivingRiseC,
                      double garagedAtHomeShare, String source) {
    public Thermal {
        Check.within("computeKelvinPerWatt", computeKelvinPerWatt, 0, 2);
        Check.within("computeMinutes", computeMinutes, 0.1, 600);
        Check.within("cabinSunGainC", cabinSunGainC, 0, 60);
        Check.within("packMinutes", packMinutes, 1, 6000);
        Check.within("packSunGainC", packSunGainC, 0, 40);
        Check.within("packKelvinPerComputeKw", packKelvinPerComputeKw, 0, 100);
        Check.within("packDrivingRiseC", packDrivingRiseC, 0, 40);
        Check.within("garagedAtHomeShare", garagedAtHomeShare, 0, 1);
        Check.source(source);
    }

    /** Steady-state rise of the computer over its surroundings at {@code watts}. */
    public double computeRiseC(double watts) {
        return computeKelvinPerWatt * watts;
    }

    /** One step of first-order relaxation of {@code temperature} towards {@code target}. */
    static double relax(double temperature, double target, double keep) {
        return target + (temperature - target) * keep;
    }
}
