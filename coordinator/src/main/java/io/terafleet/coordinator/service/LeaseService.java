package io.terafleet.coordinator.service;

import io.terafleet.coordinator.leasing.UnitRepository;
import io.terafleet.core.api.CompleteRequest;
import io.terafleet.core.api.CompleteResponse;
import io.terafleet.core.api.HeartbeatRequest;
import io.terafleet.core.api.HeartbeatResponse;
import io.terafleet.core.api.LeaseRequest;
import io.terafleet.core.api.LeaseResponse;
import io.terafleet.core.api.LeasedUnit;
import io.terafleet.core.api.ReleaseRequest;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.HashSet;
import java.util.List;
import java.util.Set;

/**
 * Leasing as the agent API sees it: long-poll for units, keep them alive, complete or release
 * them. Leases are soft state: when a car goes silent its lease expires and the reaper
 * ({@link #expireLeases()}) puts the unit back in the queue.
 */
public final class LeaseService {
    /** How often a waiting lease call looks at the store even without a local signal. */
    static final Duration RECHECK = Duration.ofMillis(250);

    private final UnitRepository units;
    private final WorkSignal work;
    private final Clock clock;
    private final Duration ttl;
    private final Duration maxWait;
    private final int maxAttempts;
    private volatile boolean closing;

    public LeaseService(UnitRepository units, WorkSignal work, Clock clock, Duration ttl, Duration maxWait,
                        int maxAttempts) {
        this.units = units;
        this.work = work;
        this.clock = clock;
        this.ttl = ttl;
        this.maxWait = maxWait;
        this.maxAttempts = maxAttempts;
    }

    public LeaseResponse lease(String carId, LeaseRequest request) throws InterruptedException {
        Set<String> models = request.models() == null ? Set.of() : new HashSet<>(request.models());
        long waitNanos = Math.min(request.waitMillis(), maxWait.toMillis()) * 1_000_000L;
        long deadline = System.nanoTime() + waitNanos;
        while (!closing) {
            long seen = work.generation();
            List<LeasedUnit> leased = units.lease(carId, request.maxUnits(), models, clock.instant(), ttl);
            long remaining = deadline - System.nanoTime();
            if (!leased.isEmpty() || remaining <= 0) {
                return new LeaseResponse(leased);
            }
            work.awaitChange(seen, Duration.ofNanos(Math.min(remaining, RECHECK.toNanos())));
        }
        return new LeaseResponse(List.of());
    }

    /** Ends every waiting lease call with no units, so that the store can close under none. */
    public void close() {
        closing = true;
        work.signalAll();
    }

    public HeartbeatResponse heartbeat(String carId, HeartbeatRequest request) {
        return units.heartbeat(request.leaseId(), carId, clock.instant(), ttl)
                .map(expires -> new HeartbeatResponse(true, expires))
                .orElseGet(() -> new HeartbeatResponse(false, null));
    }

    public CompleteResponse complete(String carId, CompleteRequest request) {
        return new CompleteResponse(units.complete(request.leaseId(), carId, request.results(), request.energyWh(),
                clock.instant()));
    }

    public void release(String carId, ReleaseRequest request) {
        List<io.terafleet.core.api.InputResult> partial =
                request.partialResults() == null ? List.of() : request.partialResults();
        if (units.release(request.leaseId(), carId, partial, request.reason(), request.energyWh(),
                clock.instant())) {
            work.signalAll();
        }
    }

    /** Requeues units whose leases ran out; returns how many. Called periodically. */
    public int expireLeases() {
        Instant now = clock.instant();
        int expired = units.expireLeases(now, maxAttempts);
        if (expired > 0) {
            work.signalAll();
        }
        return expired;
    }
}
