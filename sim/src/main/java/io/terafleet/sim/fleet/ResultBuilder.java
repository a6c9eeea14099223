package io.terafleet.sim.fleet;

import java.util.Arrays;

/** Turns merged sums into the {@link FleetResult}: averages per hour, totals, and the owners' earnings spread. */
final class ResultBuilder {
    private static final int HISTOGRAM_BINS = 40;
    private static final int FINE_BINS = 20_000;

    private ResultBuilder() {
    }

    static FleetResult build(FleetModel m, CarPopulation pop, Accumulator a, double[] planned, double[] util, long seed, int passes,
                             double wallSeconds) {
        int hours = m.days * 24;
        int regions = m.regions.length;
        double sph = m.scenario.stepsPerHour();
        double[][] driving = perHour(hours, regions, i -> a.drivingSteps[i] / sph);
        double[][] parked = perHour(hours, regions, i -> a.parkedSteps[i] / sph);
        double[][] plugged = perHour(hours, regions, i -> a.pluggedSteps[i] / sph);
        double[][] eligible = perHour(hours, regions, i -> a.eligibleSteps[i] / sph);
        double[][] computing = perHour(hours, regions, i -> a.computingSteps[i] / sph);
        // Mean power over the hour: energy in kWh over one hour is kW; to GW.
        double[][] gw = perHour(hours, regions, i -> a.energyKwh[i] / 1e6);
        double[][] ips = perHour(hours, regions, i -> a.inferences[i] / 3600);
        double[][] mwh = perHour(hours, regions, i -> a.energyKwh[i] / 1000);
        double[][] preemptions = perHour(hours, regions, i -> a.preemptions[i]);
        double[][] wasted = perHour(hours, regions, i -> a.wastedSeconds[i] / 3600);
        double[][] battery = perHour(hours, regions, i -> a.batteryKwh[i] / 1000);
        double[][] heat = perHour(hours, regions, i -> a.heatBlockedSteps[i] / sph);
        double[] capacity = new double[hours];
        double[] online = new double[hours];
        double[] served = new double[hours];
        for (int s = 0; s < m.steps; s++) {
            int h = s / m.scenario.stepsPerHour();
            capacity[h] += a.capacity[s] / sph;
            online[h] += DemandAllocator.online(m.scenario.demand(), m, s) / sph;
            served[h] += planned[s] * (util == null ? 1 : util[s]) / sph;
        }
        double[] connected = new double[hours];
        double[] leases = new double[hours];
        double[] computingCars = new double[hours];
        double[] eligibleCars = new double[hours];
        double[] onlineServed = new double[hours];
        double[] itemsPerSecond = new double[hours];
        for (int h = 0; h < hours; h++) {
            for (int r = 0; r < regions; r++) {
                int i = h * regions + r;
                connected[h] += a.connectedSteps[i] / sph;
                leases[h] += a.leases[i] / 3600.0;
                computingCars[h] += a.computingSteps[i] / sph;
                eligibleCars[h] += a.eligibleSteps[i] / sph;
                itemsPerSecond[h] += a.inferences[i] / 3600;
            }
            onlineServed[h] = Math.min(online[h], served[h]);
        }
        TierLoad tier = TierLoad.of(m.scenario.controlPlane(), connected, leases, computingCars, eligibleCars,
                onlineServed, itemsPerSecond, m.scenario.market());
        double compute = sum(a.computeSeconds);
        double wastedS = sum(a.wastedSeconds);
        double inferences = sum(a.inferences);
        double energy = sum(a.energyKwh);
        double peak = 0;
        for (int h = 0; h < hours; h++) {
            peak = Math.max(peak, FleetResult.Hourly.total(gw, h));
        }
        var totals = new FleetResult.Totals(Arrays.stream(a.eligibleSteps).sum() / sph, compute, wastedS,
                inferences, compute > 0 ? (compute - wastedS) / compute : 0, energy, sum(a.batteryKwh),
                Arrays.stream(a.preemptions).sum(), inferences > 0 ? energy * 3.6e6 / inferences : 0,
                energy / hours / 1e6, peak, sum(a.earnings), Arrays.stream(a.heatBlockedSteps).sum() / sph,
                Arrays.stream(a.heatPreemptions).sum(), sum(a.wearCost), Arrays.stream(a.leases).sum());
        var hourly = new FleetResult.Hourly(driving, parked, plugged, eligible, computing, gw, ips, mwh, preemptions,
                wasted, battery, heat, capacity, online, served);
        return new FleetResult(m.scenario.name(), pop.cars, m.days, seed,
                Arrays.stream(m.regions).map(Region::name).toList(), hourly, totals, earnings(m, pop),
                Pricing.of(m, inferences), tier, passes, wallSeconds);
    }

    /**
     * Percentiles from a fine histogram rather than a sort: a hundred million floats need no copy, and the error is
     * below 1/20,000 of the range.
     */
    static FleetResult.Earnings earnings(FleetModel m, CarPopulation pop) {
        double monthly = 30.0 / m.days;
        int optedOut = m.optedOutKind();
        double min = Double.POSITIVE_INFINITY;
        double max = Double.NEGATIVE_INFINITY;
        double total = 0;
        long owners = 0;
        for (int car = 0; car < pop.cars; car++) {
            if (pop.kind[car] != optedOut) {
                double v = pop.earnings[car] * monthly;
                min = Math.min(min, v);
                max = Math.max(max, v);
                total += v;
                owners++;
            }
        }
        if (owners == 0) {
            return new FleetResult.Earnings(0, 0, 0, 0, 0, 0, 0, 0, new double[] {0, 0}, new long[] {0});
        }
        double width = Math.max(max - min, 1e-9);
        long[] fine = new long[FINE_BINS];
        long[] coarse = new long[HISTOGRAM_BINS];
        for (int car = 0; car < pop.cars; car++) {
            if (pop.kind[car] != optedOut) {
                double x = (pop.earnings[car] * monthly - min) / width;
                fine[Math.min(FINE_BINS - 1, (int) (x * FINE_BINS))]++;
                coarse[Math.min(HISTOGRAM_BINS - 1, (int) (x * HISTOGRAM_BINS))]++;
            }
        }
        double[] edges = new double[HISTOGRAM_BINS + 1];
        for (int i = 0; i <= HISTOGRAM_BINS; i++) {
            edges[i] = min + width * i / HISTOGRAM_BINS;
        }
        double[] q = {0.05, 0.25, 0.5, 0.75, 0.95, 0.99};
        double[] p = new double[q.length];
        for (int k = 0; k < q.length; k++) {
            long rank = (long) Math.ceil(q[k] * owners);
            long seen = 0;
            int bin = 0;
            while (bin < FINE_BINS - 1 && seen + fine[bin] < rank) {
                seen += fine[bin++];
            }
            p[k] = min + width * (bin + 0.5) / FINE_BINS;
        }
        return new FleetResult.Earnings(owners, total / owners, p[0], p[1], p[2], p[3], p[4], p[5], edges, coarse);
    }

    private interface Cell {
        double value(int index);
    }

    private static double[][] perHour(int hours, int regions, Cell cell) {
        double[][] out = new double[hours][regions];
        for (int h = 0; h < hours; h++) {
            for (int r = 0; r < regions; r++) {
                out[h][r] = cell.value(h * regions + r);
            }
        }
        return out;
    }

    private static double sum(double[] values) {
        double s = 0;
        for (double v : values) {
            s += v;
        }
        return s;
    }
}
