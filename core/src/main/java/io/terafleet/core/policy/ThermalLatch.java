package io.terafleet.core.policy;

/**
 * Remembers that a temperature reached its maximum, so work stops at the maximum and resumes only once it has
 * fallen below {@code max - hysteresis}; without it the computer would flap on and off around the limit.
 * Feeding the same reading twice gives the same answer, so evaluating a tick again is harmless.
 */
public final class ThermalLatch {
    private boolean tripped;

    /** Takes a new reading and says whether it is (still) too hot to compute. */
    public synchronized boolean tooHot(double temperatureC, double maxC, double hysteresisC) {
        if (temperatureC >= maxC) {
            tripped = true;
        } else if (temperatureC < maxC - hysteresisC) {
            tripped = false;
        }
        return tripped;
    }

    public synchronized boolean tripped() {
        return tripped;
    }
}
