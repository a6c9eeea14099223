package io.terafleet.coordinator.online;

import java.time.Clock;
import java.time.Duration;
import java.util.concurrent.ConcurrentHashMap;

/**
 * Which cars have gone silent on an online request. A car handed a request that does not answer within the
 * request timeout is unhealthy: it is handed nothing more until it answers something again or a cool-off passes,
 * so one silent car costs one customer at most one timeout, not every customer one each. O(1) per check.
 */
public final class CarHealth {
    /** How long a silent car is left out when it says nothing more. */
    public static final Duration COOL_OFF = Duration.ofSeconds(30);

    private final Clock clock;
    private final ConcurrentHashMap<String, Long> silentUntil = new ConcurrentHashMap<>();

    public CarHealth(Clock clock) {
        this.clock = clock;
    }

    /** The car was handed a request and said nothing in time. */
    public void silent(String carId) {
        silentUntil.put(carId, clock.millis() + COOL_OFF.toMillis());
    }

    /** The car answered (even late): it is alive. */
    public void answered(String carId) {
        silentUntil.remove(carId);
    }

    public boolean isHealthy(String carId) {
        Long until = silentUntil.get(carId);
        if (until == null) {
            return true;
        }
        if (clock.millis() >= until) {
            silentUntil.remove(carId, until);
            return true;
        }
        return false;
    }

    /** Cars left out right now (for metrics and tests). */
    public int unhealthy() {
        return (int) silentUntil.keySet().stream().filter(car -> !isHealthy(car)).count();
    }
}
