package io.terafleet.sim.fleet;

/**
 * Fits demand to capacity step by step: online load first, then the batch backlog with whatever is left, until the
 * backlog is gone. The market's batch work arrives evenly through each day (see {@link Market}). Gives the share of eligible capacity used per step, or null when demand takes it all every
 * step (then the first pass is already the answer).
 */
final class DemandAllocator {
    private DemandAllocator() {
    }

    static double[] utilisation(Demand demand, double[] capacity, FleetModel model) {
        double[] util = new double[capacity.length];
        double backlog = demand.batchBacklogInferences();
        boolean saturated = true;
        for (int s = 0; s < capacity.length; s++) {
            // The day's batch work arrives evenly through the day: a 24-hour batch window lets it be paced.
            backlog += model.dailyBatchItems / model.stepsPerDay;
            double served = served(demand, capacity[s], backlog, model, s);
            backlog -= Math.max(0, served - online(demand, model, s)) * model.stepSeconds;
            util[s] = capacity[s] > 0 ? Math.min(1, served / capacity[s]) : 1;
            saturated &= util[s] >= 1;
        }
        return saturated ? null : util;
    }

    static double online(Demand demand, FleetModel model, int step) {
        return model.onlinePerSecondByHour[(step / model.scenario().stepsPerHour()) % 24];
    }

    static double served(Demand demand, double capacity, double backlog, FleetModel model, int step) {
        return Math.min(capacity, online(demand, model, step) + Math.max(0, backlog) / model.stepSeconds);
    }
}
