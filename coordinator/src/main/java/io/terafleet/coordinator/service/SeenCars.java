package io.terafleet.coordinator.service;

import io.terafleet.coordinator.cars.CarRepository;
import io.terafleet.core.api.CarStatus;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.ConcurrentHashMap;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * "This car asked for work just now", kept in memory and written to the store in one batch per
 * {@link #FLUSH_EVERY}, so that a car's lease request (and an idle car's long-poll) costs no transaction of its own.
 * Soft state: a crash loses at most one period of sightings, never a decision the car reported itself (those are
 * written at once, and drop any sighting still pending for the car, so that an older "eligible" cannot overwrite
 * them).
 */
final class SeenCars implements AutoCloseable {
    static final Duration FLUSH_EVERY = Duration.ofSeconds(1);
    private static final Logger LOG = LoggerFactory.getLogger(SeenCars.class);

    private final CarRepository cars;
    private final Clock clock;
    private final Map<String, Instant> pending = new ConcurrentHashMap<>();
    private final Thread flusher;
    private volatile boolean closed;

    SeenCars(CarRepository cars, Clock clock) {
        this.cars = cars;
        this.clock = clock;
        this.flusher = Thread.ofVirtual().name("seen-cars").start(this::flushPeriodically);
    }

    void seen(String carId) {
        pending.put(carId, clock.instant());
    }

    /** The car reported a decision of its own: no pending sighting may overwrite it. */
    void forget(String carId) {
        pending.remove(carId);
    }

    /** The latest sighting not written yet, as the status it will be stored as. */
    Optional<CarStatus> pendingStatus(String carId) {
        Instant at = pending.get(carId);
        return at == null ? Optional.empty() : Optional.of(new CarStatus(true, null, null, at));
    }

    /** Writes every pending sighting (one transaction); called each period and on close. */
    void flush() {
        if (pending.isEmpty()) {
            return;
        }
        Map<String, Instant> batch = new java.util.HashMap<>();
        for (var entry : pending.entrySet()) {
            if (pending.remove(entry.getKey(), entry.getValue())) {
                batch.put(entry.getKey(), entry.getValue());
            }
        }
        cars.recordSeen(batch);
    }

    private void flushPeriodically() {
        while (!closed) {
            try {
                Thread.sleep(FLUSH_EVERY.toMillis());
                flush();
            } catch (InterruptedException e) {
                return;
            } catch (RuntimeException e) {
                LOG.warn("could not write which cars were seen; will try again", e);
            }
        }
    }

    @Override
    public void close() {
        closed = true;
        flusher.interrupt();
        try {
            flusher.join(java.time.Duration.ofSeconds(5)); // a flush under way ends before the last one starts
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
        try {
            flush();
        } catch (RuntimeException e) {
            LOG.warn("could not write which cars were seen at close", e);
        }
    }
}
