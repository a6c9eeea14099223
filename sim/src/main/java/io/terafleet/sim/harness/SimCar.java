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

    /** How the car answers: honestly, wrongly on its own, or with the colluders' shared wrong answer. */
    enum Honesty { HONEST, WRONG, COLLUDER }

    Honesty honesty = Honesty.HONEST;
    /** Reports fifty times the energy it used. */
    boolean inflates;

    SimCar(String id, boolean churner, boolean slow, double claimedRate) {
        this.id = id;
        this.churner = churner;
        this.slow = slow;
        this.claimedRate = claimedRate;
    }

    double actualRate() {
        return slow ? claimedRate / 10 : claimedRate;
    }

    /**
     * What this car returns for an input of a unit that starts with {@code firstText}. A wrong car lies on about
     * three units in four (so it passes a canary now and then and must be caught by the quorum too); colluders
     * always give their shared wrong answer.
     */
    float[] answer(String firstText, String text) {
        boolean lieNow = switch (honesty) {
            case HONEST -> false;
            case WRONG -> ((id + firstText).hashCode() & 3) != 0;
            case COLLUDER -> true;
        };
        if (!lieNow) {
            return ReferenceEmbeddings.of(text);
        }
        return honesty == Honesty.COLLUDER ? ReferenceEmbeddings.of("the colluders' answer to: " + text)
                : ReferenceEmbeddings.of(id + " gets this wrong: " + text);
    }

    boolean lies() {
        return honesty != Honesty.HONEST;
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
