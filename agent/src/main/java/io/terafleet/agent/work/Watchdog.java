package io.terafleet.agent.work;

import io.terafleet.agent.inference.Embedder;
import io.terafleet.core.vehicle.Eligibility;
import java.util.function.Supplier;

/**
 * Watches the policy while a unit runs and stops inference the moment it says no: on every signal change and on
 * a 100 ms tick, so a change is acted on within a second even from sources that never call back. It only
 * interrupts; the unit runner sees the aborted call and releases the unit.
 */
final class Watchdog {
    private final Supplier<Eligibility> eligibility;
    private volatile Embedder watched;
    private volatile Eligibility.NotEligible stoppedBy;
    private volatile long detectedNanos;

    Watchdog(Supplier<Eligibility> eligibility) {
        this.eligibility = eligibility;
    }

    /** Starts watching inference on {@code embedder}; forgets any earlier stop. */
    void watch(Embedder embedder) {
        stoppedBy = null;
        watched = embedder;
    }

    void unwatch() {
        watched = null;
    }

    /** Decides now; when the car may no longer compute, interrupts the inference in flight (again, if need be). */
    void check() {
        Embedder embedder = watched;
        if (embedder == null) {
            return;
        }
        if (eligibility.get() instanceof Eligibility.NotEligible why) {
            if (stoppedBy == null) {
                detectedNanos = System.nanoTime();
                stoppedBy = why;
            }
            embedder.interrupt();
        }
    }

    /** Why the watchdog stopped the current unit, or null while it has not. */
    Eligibility.NotEligible stoppedBy() {
        return stoppedBy;
    }

    long detectedNanos() {
        return detectedNanos;
    }
}
