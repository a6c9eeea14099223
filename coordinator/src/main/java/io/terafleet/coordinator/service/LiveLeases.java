package io.terafleet.coordinator.service;

import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.ConcurrentHashMap;

/**
 * The leases this coordinator granted or saw a heartbeat for, with the expiry their heartbeats earned, kept in
 * memory so that a heartbeat costs no store transaction. The store's expiry, which the reaper of any coordinator
 * goes by, is brought up to date in one batch per reaper period ({@link #due}); a lease found lost then (completed
 * elsewhere, cancelled, expired by another coordinator) is dropped. Soft state: a crash loses at most one period of
 * heartbeats, which can cost a unit a retry, never a result.
 */
final class LiveLeases {
    /** A lease as this coordinator knows it. {@code persistedUntil}: the expiry the store holds. */
    record Live(String carId, Instant expiresAt, Instant persistedUntil) {
    }

    /** An expiry to write: the lease, its car, and the new expiry. */
    record Extension(String leaseId, String carId, Instant expiresAt) {
    }

    private final Map<String, Live> leases = new ConcurrentHashMap<>();

    /** A lease granted here, whose expiry the store already holds. */
    void granted(String leaseId, String carId, Instant expiresAt) {
        leases.put(leaseId, new Live(carId, expiresAt, expiresAt));
    }

    /**
     * Extends a known, live lease of this car in memory.
     *
     * @return the new expiry; empty when the lease is not known here (ask the store) or is not this car's or has
     *         expired (lost)
     */
    Optional<Instant> extend(String leaseId, String carId, Instant now, Instant newExpiry) {
        Live live = leases.get(leaseId);
        if (live == null || !live.carId().equals(carId) || live.expiresAt().isBefore(now)) {
            return Optional.empty();
        }
        leases.put(leaseId, new Live(carId, newExpiry, live.persistedUntil()));
        return Optional.of(newExpiry);
    }

    /** Whether the lease is known here at all (a miss means: ask the store). */
    boolean knows(String leaseId) {
        return leases.containsKey(leaseId);
    }

    void forget(String leaseId) {
        leases.remove(leaseId);
    }

    /** Expiries the store must learn now (extended since the last write), and drops leases that ran out. */
    List<Extension> due(Instant now) {
        List<Extension> due = new ArrayList<>();
        for (var entry : leases.entrySet()) {
            Live live = entry.getValue();
            if (live.expiresAt().isBefore(now)) {
                leases.remove(entry.getKey(), live);
            } else if (live.expiresAt().isAfter(live.persistedUntil())) {
                due.add(new Extension(entry.getKey(), live.carId(), live.expiresAt()));
            }
        }
        return due;
    }

    /** The store now holds these expiries; leases the store no longer had live are dropped. */
    void written(List<Extension> written, java.util.Set<String> lost) {
        for (Extension extension : written) {
            if (lost.contains(extension.leaseId())) {
                leases.remove(extension.leaseId());
            } else {
                leases.computeIfPresent(extension.leaseId(), (id, live) -> new Live(live.carId(), live.expiresAt(),
                        extension.expiresAt()));
            }
        }
    }
}
