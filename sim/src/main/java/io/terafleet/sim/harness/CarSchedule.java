package io.terafleet.sim.harness;

import io.terafleet.core.scheduling.UnitSizing;
import io.terafleet.sim.fleet.FleetTrace;
import java.time.Duration;
import java.time.Instant;
import java.util.List;

/**
 * When the simulated cars park, what departure they announce, when they leave and come back, and when the jobs
 * arrive. The deterministic simulation's own seeded sessions are one schedule ({@link RandomSessions}); a day of
 * the fleet simulator replayed car by car is another ({@link #fromFleet}), so that the two models can be run on the
 * same fleet and compared.
 */
public abstract class CarSchedule {
    CarSchedule() {
    }

    /**
     * The fleet simulator's cars: each parks when one of its eligible intervals starts and leaves when it ends,
     * announcing the departure the simulator's car reports, computing at its hardware's throughput. Jobs are all
     * submitted at the start; at the trace's end the run stops, the compute of units still running is counted as
     * the fleet simulator counts it, and the rest of the backlog is cancelled.
     */
    public static CarSchedule fromFleet(FleetTrace trace) {
        return new TraceSchedule(trace);
    }

    /** A car and when it first parks, from the simulation's start. */
    record Start(SimCar car, Duration at) {
    }

    /** The fleet, in a fixed order, each car with its first arrival; {@code start} is the simulation's start. */
    abstract List<Start> cars(Instant start);

    /** When job {@code index} is submitted, from the simulation's start. */
    abstract Duration submission(int index);

    /** The car parks now: sets its real departure and the departure it announces (null: unknown). */
    abstract void park(SimCar car, Instant now);

    /** The car has just left: how long until it parks again, or null when it does not come back. */
    abstract Duration away(SimCar car, Instant now);

    /** The sizing the coordinator cuts units with; {@code harness} is the simulation's own (from its config). */
    UnitSizing sizing(UnitSizing harness) {
        return harness;
    }

    /** The coordinator's lease TTL; {@code harness} is the simulation's own. */
    Duration leaseTtl(Duration harness) {
        return harness;
    }

    /** When the schedule ends, from the simulation's start, or null when the run lasts until every job ends. */
    Duration horizon() {
        return null;
    }
}
