package io.terafleet.cli;

import io.terafleet.agent.signals.VehicleSignals;
import io.terafleet.core.vehicle.VehicleState;
import java.time.Clock;
import java.util.List;
import java.util.concurrent.CopyOnWriteArrayList;

/**
 * A parked car whose charging cable the benchmark plugs and unplugs; each change is announced to listeners at once,
 * as a real signal bus (MQTT) does, so what is measured is the agent's reaction, not a polling delay.
 */
final class SwitchedCar implements VehicleSignals {
    private final Clock clock;
    private final List<Runnable> listeners = new CopyOnWriteArrayList<>();
    private volatile boolean pluggedIn = true;

    SwitchedCar(Clock clock) {
        this.clock = clock;
    }

    /** Plugs in or unplugs, and tells the listeners. */
    void plug(boolean in) {
        pluggedIn = in;
        listeners.forEach(Runnable::run);
    }

    @Override
    public VehicleState current() {
        return VehicleState.parkedIdle(clock.instant(), 80, pluggedIn);
    }

    @Override
    public void onChange(Runnable listener) {
        listeners.add(listener);
    }
}
