package io.terafleet.sim.fleet;

import java.util.ArrayList;
import java.util.List;

/**
 * Collects each car's eligible intervals while {@link CarKernel} steps it. Only a traced run has one: big runs pass
 * none, and the kernel's hot loop then pays one null check per eligible step.
 */
final class TimelineRecorder {
    private final FleetModel model;
    private final List<CarTimeline> done = new ArrayList<>();
    private List<CarTimeline.Interval> intervals;
    private int car;
    private int hardware;
    private boolean announces;
    private int fromStep = -1;
    private int lastStep = -1;
    private long stopSecond = -1;

    TimelineRecorder(FleetModel model) {
        this.model = model;
    }

    void begin(int car, int hardware, boolean announcesDeparture) {
        this.car = car;
        this.hardware = hardware;
        this.announces = announcesDeparture;
        intervals = new ArrayList<>();
        fromStep = -1;
    }

    /**
     * The car may compute in {@code step}; {@code stopSecond} is when it expects its policy to stop it for its
     * departure (-1: unknown). A new interval starts after a gap or when the expected stop changes.
     */
    void eligible(int step, long stopSecond) {
        if (fromStep >= 0 && step == lastStep + 1 && stopSecond == this.stopSecond) {
            lastStep = step;
            return;
        }
        close();
        fromStep = step;
        lastStep = step;
        this.stopSecond = stopSecond;
    }

    void end() {
        close();
        var hw = model.scenario.hardware().get(hardware);
        done.add(new CarTimeline(car, hw.name(), model.throughput[hardware], announces, intervals));
    }

    List<CarTimeline> timelines() {
        return done;
    }

    private void close() {
        if (fromStep >= 0) {
            long from = Math.round(fromStep * model.stepSeconds);
            long to = Math.round((lastStep + 1) * model.stepSeconds);
            intervals.add(new CarTimeline.Interval(from, to, stopSecond >= 0 ? stopSecond : null));
            fromStep = -1;
        }
    }
}
