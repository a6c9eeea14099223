package io.terafleet.sim.fleet;

/**
 * The fleet's capacity per step estimated from a planning sample (the first cars of the fleet, see
 * {@link FleetSimulator#PLANNING_SAMPLE_CARS}). Each car stratum (owner kind × hardware × region) is scaled by its
 * own count in the fleet over its count in the sample: the fleet's mix of policies, hardware and regions is known
 * exactly, so only the spread of eligibility within a stratum is left to sampling error.
 */
final class SamplePlan {
    private SamplePlan() {
    }

    /**
     * @param sample the sample pass's accumulators, capacity kept per stratum
     * @return inferences per second the whole fleet's eligible cars could do, per step
     */
    static double[] fleetCapacity(FleetModel model, CarPopulation pop, int sampleCars, Accumulator[] sample) {
        int strata = model.strata();
        long[] inSample = new long[strata];
        long[] inFleet = new long[strata];
        for (int car = 0; car < pop.cars; car++) {
            int stratum = model.stratum(pop.kind[car], pop.hardware[car], pop.region[car]);
            inFleet[stratum]++;
            if (car < sampleCars) {
                inSample[stratum]++;
            }
        }
        int steps = model.steps;
        double[] fleet = new double[steps];
        for (int stratum = 0; stratum < strata; stratum++) {
            // A stratum the sample missed is too rare in the fleet to matter; it is left out.
            if (inSample[stratum] == 0) {
                continue;
            }
            double scale = (double) inFleet[stratum] / inSample[stratum];
            int base = stratum * steps;
            for (int s = 0; s < steps; s++) {
                double sum = 0;
                for (Accumulator a : sample) {
                    sum += a.capacity[base + s];
                }
                fleet[s] += sum * scale;
            }
        }
        return fleet;
    }
}
