package io.terafleet.sim.harness;

import java.time.Instant;

/** Something that happens at a virtual instant; {@code seq} orders events at the same instant, as scheduled. */
record SimEvent(Instant at, long seq, Kind kind, SimCar car, int generation, Object payload)
        implements Comparable<SimEvent> {
    enum Kind { SUBMIT, ARRIVE, DEPART, POLL, HEARTBEAT, DONE, RETRY_COMPLETE, REAP, RESTART }

    @Override
    public int compareTo(SimEvent other) {
        int byTime = at.compareTo(other.at);
        return byTime != 0 ? byTime : Long.compare(seq, other.seq);
    }
}
