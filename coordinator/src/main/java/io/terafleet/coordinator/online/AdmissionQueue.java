package io.terafleet.coordinator.online;

import java.util.ArrayDeque;
import java.util.HashMap;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.CompletableFuture;

/**
 * Requests for one model waiting for a car while every ready car is busy: at most {@code capacity} of them, and
 * fair between tenants: cars go to the tenants with waiting requests in turn (round robin), each tenant's requests
 * in the order they came. So one tenant's burst waits behind itself, not in front of everyone else. Every
 * operation is O(1) but {@link #leave}, which a request calls only when it gives up waiting.
 */
final class AdmissionQueue {
    /** A request waiting for a car: completed with the offer it is handed. */
    record Waiter(String tenant, CompletableFuture<OnlineRouter.Offer> car) {
    }

    private final int capacity;
    private final Map<String, ArrayDeque<Waiter>> byTenant = new HashMap<>();
    /** Tenants with a waiting request, in the order of their turns. */
    private final ArrayDeque<String> turns = new ArrayDeque<>();
    private int size;

    AdmissionQueue(int capacity) {
        this.capacity = capacity;
    }

    /** A new waiter at the back of its tenant's line; empty when the queue is full. */
    synchronized Optional<Waiter> join(String tenant) {
        if (size >= capacity) {
            return Optional.empty();
        }
        var waiter = new Waiter(tenant, new CompletableFuture<>());
        byTenant.computeIfAbsent(tenant, t -> {
            turns.addLast(t);
            return new ArrayDeque<>();
        }).addLast(waiter);
        size++;
        return Optional.of(waiter);
    }

    /** The next waiter in turn, taken out of the queue; null when none waits. */
    synchronized Waiter next() {
        String tenant = turns.pollFirst();
        if (tenant == null) {
            return null;
        }
        ArrayDeque<Waiter> line = byTenant.get(tenant);
        Waiter waiter = line.pollFirst();
        size--;
        if (line.isEmpty()) {
            byTenant.remove(tenant);
        } else {
            turns.addLast(tenant); // its next request waits for the other tenants' turns
        }
        return waiter;
    }

    /** A waiter that stops waiting (its time is up); false when it was already taken out. */
    synchronized boolean leave(Waiter waiter) {
        ArrayDeque<Waiter> line = byTenant.get(waiter.tenant());
        if (line == null || !line.remove(waiter)) {
            return false;
        }
        size--;
        if (line.isEmpty()) {
            byTenant.remove(waiter.tenant());
            turns.remove(waiter.tenant());
        }
        return true;
    }

    synchronized int size() {
        return size;
    }
}
