package io.terafleet.sim.harness;

import io.terafleet.core.api.LeasedUnit;
import java.time.Instant;

/** One simulated car's state; mutated only by the simulation's single thread. */
final class SimCar {
    final String id;
    final boolean churner;
    final boolean slow;
    final double claimedRate;
    boolean parked;
    boolean gone;
    Instant departure;
    /** The departure the car announces: its real one plus an estimate error. */
    Instant announcedDeparture;
    Double measuredRate;
    LeasedUnit unit;
    Instant unitStart;
    Instant unitDone;
    boolean stalled;
    /** Bumped whenever the car drops its unit, so that its stale events are ignored. */
    int generation;

    SimCar(String id, boolean churner, boolean slow, double claimedRate) {
        this.id = id;
        this.churner = churner;
        this.slow = slow;
        this.claimedRate = claimedRate;
    }

    double actualRate() {
        return slow ? claimedRate / 10 : claimedRate;
    }

    boolean busy() {
        return unit != null;
    }

    void dropUnit() {
        unit = null;
        unitStart = null;
        unitDone = null;
        stalled = false;
        generation++;
    }
}
