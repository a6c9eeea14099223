package io.terafleet.sim.fleet;

/**
 * What customers ask for: a batch backlog drained whenever there is spare capacity, plus online load that follows
 * the day. Online load is served first; capacity above demand is left idle (cars eligible but not computing).
 *
 * @param batchBacklogInferences    inferences queued at the start
 * @param onlinePeakPerSecond       online inferences per second at the busiest hour
 * @param onlineHourlyShape         24 factors (UTC hours) scaling the peak
 */
public record Demand(double batchBacklogInferences, double onlinePeakPerSecond, double[] onlineHourlyShape,
                     String source) {
    public Demand {
        Check.nonNegative("batchBacklogInferences", batchBacklogInferences);
        Check.nonNegative("onlinePeakPerSecond", onlinePeakPerSecond);
        Check.present("onlineHourlyShape", onlineHourlyShape);
        if (onlineHourlyShape.length != 24) {
            throw new IllegalArgumentException("onlineHourlyShape: must have 24 values, had "
                    + onlineHourlyShape.length);
        }
        for (int i = 0; i < 24; i++) {
            Check.within("onlineHourlyShape[" + i + "]", onlineHourlyShape[i], 0, 1);
        }
        Check.source(source);
    }

    public double onlinePerSecond(int utcHourOfDay) {
        return onlinePeakPerSecond * onlineHourlyShape[utcHourOfDay];
    }
}
