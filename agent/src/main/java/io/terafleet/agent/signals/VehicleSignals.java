package io.terafleet.agent.signals;

import io.terafleet.core.vehicle.VehicleState;

/** Where the agent learns the car's state. Implementations must be cheap to call every tick. */
public interface VehicleSignals {
    VehicleState current();

    /**
     * Registers a listener run as soon as the state may have changed, so the agent can stop work at once (within
     * a second) instead of waiting for its next poll. Sources that only know the state when asked (a script, a
     * simulation) keep this no-op default; callers must still poll {@link #current()}. Listeners run on the
     * source's thread and must return quickly.
     */
    default void onChange(Runnable listener) {
    }
}
