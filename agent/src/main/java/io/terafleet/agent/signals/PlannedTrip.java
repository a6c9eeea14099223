package io.terafleet.agent.signals;

import java.time.Duration;
import java.time.Instant;

/** One drive of a simulated owner day. {@code commute} marks the morning trip a departure timer is set for. */
record PlannedTrip(Instant depart, Duration drive, double km, Place to, boolean commute) {
    enum Place { HOME, WORK, ELSEWHERE }

    Instant arrive() {
        return depart.plus(drive);
    }
}
