package io.terafleet.sim.fleet;

/**
 * What the coordinator tier is asked for and what one cell of it (a few stateless coordinators on one store) can
 * take. Cars heartbeat a running unit every {@code heartbeatSeconds} (a third of the lease TTL); an eligible car
 * without work long-polls for a lease every {@code idlePollSeconds}; a unit costs one lease and one completion.
 *
 * @param connectedCarsPerCoordinator opted-in parked cars one coordinator keeps connected
 * @param connectedCarsPerCoordinatorSource where {@code connectedCarsPerCoordinator} comes from (a measurement:
 *                                    command and date)
 * @param requestsPerSecondPerCoordinator car and client requests one coordinator serves per second
 * @param unitsPerSecondPerCell       units (a lease with its completion) one cell completes per second
 * @param unitsPerSecondPerCellSource where {@code unitsPerSecondPerCell} comes from (a measurement: command and date)
 * @param resultBytesPerSecondPerStore result bytes one store writes per second
 * @param coordinatorsPerCell         coordinators sharing one store
 * @param source                      where the cadence and the remaining capacities come from
 */
public record ControlPlane(double heartbeatSeconds, double idlePollSeconds, double connectedCarsPerCoordinator,
                           String connectedCarsPerCoordinatorSource, double requestsPerSecondPerCoordinator, double unitsPerSecondPerCell,
                           String unitsPerSecondPerCellSource, double resultBytesPerSecondPerStore,
                           int coordinatorsPerCell, String source) {
    public ControlPlane {
        Check.within("heartbeatSeconds", heartbeatSeconds, 0.1, 3600);
        Check.within("idlePollSeconds", idlePollSeconds, 0.1, 3600);
        Check.positive("connectedCarsPerCoordinator", connectedCarsPerCoordinator);
        Check.source("connectedCarsPerCoordinatorSource", connectedCarsPerCoordinatorSource);
        Check.positive("requestsPerSecondPerCoordinator", requestsPerSecondPerCoordinator);
        Check.positive("unitsPerSecondPerCell", unitsPerSecondPerCell);
        Check.source("unitsPerSecondPerCellSource", unitsPerSecondPerCellSource);
        Check.positive("resultBytesPerSecondPerStore", resultBytesPerSecondPerStore);
        Check.within("coordinatorsPerCell", coordinatorsPerCell, 1, 1000);
        Check.source(source);
    }
}
