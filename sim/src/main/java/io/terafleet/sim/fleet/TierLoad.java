package io.terafleet.sim.fleet;

/**
 * The load the fleet puts on the coordinator tier, per hour (UTC, fleet-wide means over the hour), its peaks, and
 * the cells needed at the scenario's per-cell capacity ({@link ControlPlane}). A cell is bounded by whichever of
 * its limits the peak hour reaches first: connected cars, requests, units completed (measured per cell by
 * {@code terafleet bench-control-plane}), result bytes.
 *
 * @param connectedCars          opted-in parked cars (connected to a coordinator)
 * @param leasesPerSecond        units leased per second (each completes or is lost)
 * @param heartbeatsPerSecond    heartbeats of running units
 * @param idlePollsPerSecond     lease long-polls of eligible cars without work
 * @param onlineRequestsPerSecond online client requests served
 * @param resultBytesPerSecond   result bytes sent back by cars
 * @param binding                the limit that sets the number of cells
 */
public record TierLoad(double[] connectedCars, double[] leasesPerSecond, double[] heartbeatsPerSecond,
                       double[] idlePollsPerSecond, double[] onlineRequestsPerSecond, double[] resultBytesPerSecond,
                       double peakConnectedCars, double peakLeasesPerSecond, double peakHeartbeatsPerSecond,
                       double peakOnlineRequestsPerSecond, double peakResultBytesPerSecond,
                       double peakRequestsPerSecond, double fractionalCells, long cellsNeeded, String binding) {

    /** Cells needed when this load is {@code scale} times larger (a sample standing for a bigger fleet). */
    public long cellsNeeded(double scale) {
        return (long) Math.ceil(fractionalCells * scale - 1e-9);
    }

    /** Car and client requests per second at an hour: leases, completions, heartbeats, idle polls, online. */
    public double requestsPerSecond(int hour) {
        return 2 * leasesPerSecond[hour] + heartbeatsPerSecond[hour] + idlePollsPerSecond[hour]
                + onlineRequestsPerSecond[hour];
    }

    static TierLoad of(ControlPlane cp, double[] connected, double[] leases, double[] computing, double[] eligible,
                       double[] online, double[] itemsPerSecond, Market market) {
        int hours = connected.length;
        double[] heartbeats = new double[hours];
        double[] polls = new double[hours];
        double[] requests = new double[hours];
        double[] bytes = new double[hours];
        for (int h = 0; h < hours; h++) {
            heartbeats[h] = computing[h] / cp.heartbeatSeconds();
            polls[h] = Math.max(0, eligible[h] - computing[h]) / cp.idlePollSeconds();
            requests[h] = online[h] / market.itemsPerRequest();
            bytes[h] = itemsPerSecond[h] * market.bytesPerItem();
        }
        var partial = new TierLoad(connected, leases, heartbeats, polls, requests, bytes, 0, 0, 0, 0, 0, 0, 0, 0, "");
        double peakRequests = 0;
        for (int h = 0; h < hours; h++) {
            peakRequests = Math.max(peakRequests, partial.requestsPerSecond(h));
        }
        double peakConnected = max(connected);
        double peakLeases = max(leases);
        double peakBytes = max(bytes);
        double[] cells = {
            peakConnected / (cp.connectedCarsPerCoordinator() * cp.coordinatorsPerCell()),
            peakRequests / (cp.requestsPerSecondPerCoordinator() * cp.coordinatorsPerCell()),
            peakLeases / cp.unitsPerSecondPerCell(),
            peakBytes / cp.resultBytesPerSecondPerStore()};
        String[] names = {"connected cars per coordinator", "requests per coordinator", "units per cell",
            "result bytes per store"};
        int worst = 0;
        for (int i = 1; i < cells.length; i++) {
            worst = cells[i] > cells[worst] ? i : worst;
        }
        return new TierLoad(connected, leases, heartbeats, polls, requests, bytes, peakConnected, peakLeases,
                max(heartbeats), max(requests), peakBytes, peakRequests, cells[worst],
                (long) Math.ceil(cells[worst] - 1e-9), names[worst]);
    }

    private static double max(double[] values) {
        double m = 0;
        for (double v : values) {
            m = Math.max(m, v);
        }
        return m;
    }
}
