package io.terafleet.agent.signals;

import io.terafleet.core.vehicle.VehicleState;
import java.time.Instant;
import java.util.Objects;

/** The car's full state from {@code at} until the next entry of its timeline. */
public record TimedState(Instant at, VehicleState state) {
    public TimedState {
        Objects.requireNonNull(at, "at: must not be null");
        Objects.requireNonNull(state, "state: must not be null");
    }
}
