package io.terafleet.sim.fleet;

import java.util.List;

/**
 * One car of a traced fleet: its computer and the intervals in which its owner's policy let it compute, as the
 * fleet simulator stepped it. Times are seconds from the simulation's start ({@link FleetTrace#start()}).
 *
 * @param car                the car's index in the fleet
 * @param hardware           its computer's class, e.g. {@code HW3}
 * @param throughput         its inferences per second (the scenario's figure for that class)
 * @param announcesDeparture whether the car knows its next departure and reports it when it asks for work
 * @param intervals          its eligible intervals, in time order, none overlapping
 */
public record CarTimeline(int car, String hardware, double throughput, boolean announcesDeparture,
                          List<Interval> intervals) {
    public CarTimeline {
        Check.within("car", car, 0, Integer.MAX_VALUE);
        if (hardware == null || hardware.isBlank()) {
            throw new IllegalArgumentException("hardware: must be set");
        }
        if (!(throughput > 0) || !Double.isFinite(throughput)) {
            throw new IllegalArgumentException("throughput: must be > 0, was " + throughput);
        }
        intervals = List.copyOf(intervals);
        for (int i = 1; i < intervals.size(); i++) {
            if (intervals.get(i).fromSecond() < intervals.get(i - 1).toSecond()) {
                throw new IllegalArgumentException("intervals[" + i + "]: must not start before the previous one ends");
            }
        }
    }

    /** Seconds in which the policy let the car compute. */
    public double eligibleSeconds() {
        return intervals.stream().mapToDouble(i -> i.toSecond() - i.fromSecond()).sum();
    }

    /**
     * A stretch of consecutive eligible steps.
     *
     * @param fromSecond start (inclusive)
     * @param toSecond   end (exclusive): the car stops being eligible here
     * @param stopSecond when the car expects its policy to stop it for its next departure (the departure less the
     *                   owner's margin), the figure it reports when it asks for work; null when it does not know
     */
    public record Interval(long fromSecond, long toSecond, Long stopSecond) {
        public Interval {
            if (fromSecond < 0) {
                throw new IllegalArgumentException("fromSecond: must be ≥ 0, was " + fromSecond);
            }
            if (toSecond <= fromSecond) {
                throw new IllegalArgumentException("toSecond: must be > fromSecond, was " + toSecond);
            }
        }
    }
}
